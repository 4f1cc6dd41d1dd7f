package com.trafikito.agent.status;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.trafikito.agent.api.ApiGateway;
import com.trafikito.agent.config.AgentPaths;
import com.trafikito.agent.config.ConfigProblem;
import com.trafikito.agent.config.CredentialsFile;
import com.trafikito.agent.config.CredentialsService;
import com.trafikito.agent.cycle.WidgetInstaller;
import com.trafikito.agent.host.ProcessUser;
import com.trafikito.agent.state.VarTrust;
import com.trafikito.agent.text.Printable;
import com.trafikito.agent.whitelist.Whitelist;
import com.trafikito.agent.whitelist.WhitelistFile;

/**
 * Every problem of the config and of {@code available_commands.sh} at once, each naming its file and line:
 * what {@code agent check} prints and what the daemon's readiness starts from.
 */
@ApplicationScoped
public class InstallationCheck {

    /** @param fatal whether the agent cannot cycle with it (an invalid whitelist line is not fatal) */
    public record Problem(String text, boolean fatal) {
    }

    /** What was checked, for a summary. */
    public record Result(List<Problem> problems, int whitelistedCommands) {
        public boolean clean() {
            return problems.isEmpty();
        }

        public Optional<Problem> firstFatal() {
            return problems.stream().filter(Problem::fatal).findFirst();
        }
    }

    private final ApiGateway api;
    private final CredentialsService credentials;
    private final AgentPaths paths;
    private final WidgetInstaller widgets;

    @Inject
    public InstallationCheck(ApiGateway api, CredentialsService credentials, AgentPaths paths,
            WidgetInstaller widgets) {
        this.api = api;
        this.credentials = credentials;
        this.paths = paths;
        this.widgets = widgets;
    }

    public Result run() {
        List<Problem> problems = new ArrayList<>();
        try {
            api.edges();
        } catch (ConfigProblem e) {
            problems.add(new Problem(e.getMessage(), true));
        }
        checkCredentials(problems);
        int commands = checkWhitelist(problems);
        checkVar(problems);
        return new Result(List.copyOf(problems), commands);
    }

    private void checkCredentials(List<Problem> problems) {
        try {
            Optional<CredentialsFile> file = credentials.readFileIfPresent();
            file.ifPresent(cfg -> cfg.malformedLines().forEach(
                    line -> problems.add(new Problem(paths.credentialsFile() + ": " + line, false))));
            credentials.load();
            credentials.exposureWarning().ifPresent(warning -> problems.add(new Problem(warning, false)));
        } catch (ConfigProblem e) {
            problems.add(new Problem(e.getMessage(), true));
        }
    }

    /**
     * Not fatal: cycles run and send without {@code var/}. Judged as the agent's user: as the current user, or, for
     * root checking a service that runs as the config's {@code RUNAS} user, as that user when it owns {@code var/}.
     */
    private void checkVar(List<Problem> problems) {
        long uid = ProcessUser.currentUid();
        if (uid == 0) {
            try {
                Optional<String> runAs = credentials.readFileIfPresent().flatMap(cfg -> cfg.get(CredentialsFile.RUN_AS));
                if (runAs.isPresent() && Files.isDirectory(paths.varDir())
                        && runAs.get().strip().equals(Files.getOwner(paths.varDir()).getName())) {
                    uid = ((Number) Files.getAttribute(paths.varDir(), "unix:uid")).longValue();
                }
            } catch (ConfigProblem | IOException | RuntimeException e) {
                // judged as root
            }
        }
        VarTrust.problem(paths.varDir(), uid).ifPresent(problem -> problems.add(new Problem(
                problem + " (until then the agent writes no state, cache, STOP or log file there; cycles still run)",
                false)));
    }

    private int checkWhitelist(List<Problem> problems) {
        return WhitelistFile.load(paths.whitelist(), ProcessUser.currentUid()).fold(
                whitelist -> checkWhitelist(whitelist, problems), refusal -> refused(refusal, problems));
    }

    private int refused(String refusal, List<Problem> problems) {
        // Only a file that is not there at all is for install to create; a loop or a FIFO is said as it is.
        problems.add(new Problem(refusal.equals(paths.whitelist() + " is missing")
                ? paths.whitelist() + ": does not exist (run `agent install`)"
                : Printable.line(refusal, 400), true));
        return 0;
    }

    private int checkWhitelist(Whitelist whitelist, List<Problem> problems) {
        whitelist.invalidLines().forEach(line -> problems.add(new Problem(paths.whitelist() + ":"
                + line.lineNumber() + ": invalid line (" + (line.problem() != null ? line.problem()
                        : "want trafikito_<name>=\"<command>\"") + "): " + Printable.line(line.text()), false)));
        widgets.widgetFileProblem().ifPresent(problem -> problems.add(new Problem(Printable.line(problem, 400)
                + ": widget lines are not used (error 102)", false)));
        return whitelist.effectiveEntries().size();
    }
}
