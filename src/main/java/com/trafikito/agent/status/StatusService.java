package com.trafikito.agent.status;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.trafikito.agent.health.HealthAccess;
import com.trafikito.agent.api.ApiGateway;
import com.trafikito.agent.config.AgentConfig;
import com.trafikito.agent.config.AgentPaths;
import com.trafikito.agent.config.AgentVersion;
import com.trafikito.agent.config.ConfigProblem;
import com.trafikito.agent.config.ServerCredentials;
import com.trafikito.agent.cycle.WidgetStore;
import com.trafikito.agent.files.BoundedFile;
import com.trafikito.agent.host.Host;
import com.trafikito.agent.host.HostException;
import com.trafikito.agent.host.ProcessUser;
import com.trafikito.agent.host.ServiceManager;
import com.trafikito.agent.install.CfgText;
import com.trafikito.agent.install.Existing;
import com.trafikito.agent.install.InstallException;
import com.trafikito.agent.install.InstallPaths;
import com.trafikito.agent.state.StateSnapshot;
import com.trafikito.agent.state.VarTrust;
import com.trafikito.agent.text.Printable;
import com.trafikito.agent.whitelist.Whitelist;
import com.trafikito.agent.whitelist.WhitelistFile;

/**
 * {@code agent status}: what an owner asks first. Reads files only (and asks systemctl); takes no lock, so it
 * runs beside the service. Never prints a secret: the api key is masked, the user api key never shown.
 */
@ApplicationScoped
public class StatusService {

    private final AgentConfig config;
    private final ApiGateway api;
    private final ServiceManager services;
    private final Host host;
    private final ObjectMapper json;
    private final HealthAccess health;

    @Inject
    public StatusService(AgentConfig config, ApiGateway api, ServiceManager services, Host host, ObjectMapper json,
            HealthAccess health) {
        this.config = config;
        this.api = api;
        this.services = services;
        this.host = host;
        this.json = json;
        this.health = health;
    }

    public List<String> status(Path baseDir) throws InstallException {
        Installation installation = Installation.at(baseDir);
        InstallPaths paths = installation.paths();
        Existing existing = installation.existing();
        List<String> lines = new ArrayList<>();
        lines.add(row("Installation", describe(paths, existing)));
        if (existing.kind() != Existing.Kind.INSTALLATION) {
            lines.add(row("Service", services.state()));
            return lines;
        }
        boolean unreadable = Files.exists(existing.credentialsFile()) && existing.credentials().isEmpty();
        String runAs = existing.value(CfgText.RUNAS).orElse(unreadable ? "(in " + existing.credentialsFile()
                + ", which this user cannot read)" : "(not set)");
        lines.add(row("Service", services.state() + ", user " + runAs));
        try {
            ServerCredentials credentials = installation.credentials(config).inspect();
            lines.add(row("Server id", Printable.line(credentials.serverId())));
            lines.add(row("API key", credentials.maskedApiKey()));
        } catch (ConfigProblem e) {
            lines.add(row("Config", "unusable: " + Printable.line(e.getMessage())));
        }
        lines.add(row("API", apiUrls(services.serviceEnvironment("AGENT_API_URL"))));
        // var/ is the service user's (0700): to anyone else, "none recorded" would be wrong.
        boolean varReadable = !Files.isDirectory(paths.varDir()) || Files.isReadable(paths.varDir());
        StateSnapshot state = varReadable ? installation.state(json).load() : null;
        if (state == null) {
            lines.add(row("Last cycle", "unknown: cannot read " + paths.varDir() + ": Permission denied (run agent"
                    + " status as root)"));
        } else {
            lines.add(row("Last cycle", lastCycle(state)));
            lines.add(row("Last success", state.lastSuccess() == 0 ? "never recorded" : when(state.lastSuccess())));
        }
        lines.add(row("STOP", !varReadable ? "unknown (var/ cannot be read)" : installation.cycleFiles().stopAnswer()
                .map(answer -> "\"" + Printable.line(answer) + "\": the API removed this server; delete "
                        + paths.stopFile() + " to resume (no restart needed), or run install --re-register")
                .orElse("no")));
        lines.add(row("Health", health.describe()));
        healthPortProblem(installation.files()).ifPresent(problem -> lines.add(row("Health port", problem)));
        lines.add(row("Version", "this agent " + AgentVersion.current() + (state == null || state.announcedVersion() == null
                ? "" : "; the API announced " + Printable.line(state.announcedVersion()))));
        lines.addAll(whitelist(paths, runAs));
        lines.add(row("var/", varTrust(paths, runAs)));
        return lines;
    }

    /** What the daemon wrote while it runs without its health port (a taken port), if anything. */
    private static Optional<String> healthPortProblem(AgentPaths paths) {
        // var/ is where commands run: read like every file there, bounded and never through a link.
        if (BoundedFile.read(paths.healthPortProblem(), BoundedFile.DEFAULT_MAX_BYTES,
                BoundedFile.Links.NOFOLLOW) instanceof BoundedFile.Content content) {
            return Optional.of(Printable.line(new String(content.bytes(), StandardCharsets.UTF_8).strip()));
        }
        return Optional.empty();
    }

    private static String describe(InstallPaths paths, Existing existing) {
        return switch (existing.kind()) {
            case NONE -> "not installed (" + paths.baseDir() + " does not exist or is empty)";
            case FOREIGN -> paths.baseDir() + " is not an installation of the agent";
            case INSTALLATION -> paths.baseDir() + (existing.ours() ? ""
                    : " (the original shell agent's installation, not taken over: run agent install)");
        };
    }

    /**
     * The URL the service uses: the unit's environment (a drop-in of {@code systemctl edit}) wins over
     * etc/agent.properties and the default, which this process's own config shows.
     */
    private String apiUrls(Optional<String> fromService) {
        if (fromService.isPresent()) {
            return Printable.line(fromService.get()) + " (AGENT_API_URL of the service's environment:"
                    + " systemctl show -p Environment trafikito)";
        }
        try {
            return api.edges().stream().map(URI::toString).collect(Collectors.joining(", "));
        } catch (ConfigProblem e) {
            return "unusable: " + e.getMessage();
        }
    }

    private static String lastCycle(StateSnapshot state) {
        if (state.lastCycleStarted() == 0) {
            return "none recorded yet";
        }
        String outcome = state.lastOutcome() == null ? "running or unknown" : state.lastOutcome();
        String reason = state.lastReason() == null || state.lastReason().isBlank() ? ""
                : " (" + Printable.line(state.lastReason()) + ")";
        return when(state.lastCycleStarted()) + ", " + outcome + reason + ", took " + state.lastCycleSeconds() + " s";
    }

    private static String when(long epochSecond) {
        Instant at = Instant.ofEpochSecond(epochSecond);
        Duration ago = Duration.between(at, Instant.now());
        String agoText = ago.isNegative() ? "in the future" : ago.toMinutes() < 2 ? ago.toSeconds() + " s ago"
                : ago.toHours() < 2 ? ago.toMinutes() + " min ago" : ago.toHours() + " h ago";
        return at.truncatedTo(ChronoUnit.SECONDS) + " (" + agoText + ")";
    }

    /** The whitelist as the service user will see it: its owner rule is checked against that user's uid. */
    private List<String> whitelist(InstallPaths paths, String runAs) {
        long uid = ProcessUser.currentUid();
        try {
            Optional<Host.Account> account = host.account(runAs);
            uid = account.map(Host.Account::uid).orElse(uid);
        } catch (HostException e) {
            // no getent: judge it as the current user
        }
        if (!Files.exists(paths.whitelist())) {
            return List.of(row("Whitelist", "missing: " + paths.whitelist() + " (no command can run)"));
        }
        long serviceUid = uid;
        return WhitelistFile.load(paths.whitelist(), uid).fold(whitelist -> whitelist(paths, whitelist, serviceUid),
                refusal -> List.of(row("Whitelist", "REFUSED, no command runs: " + Printable.line(refusal))));
    }

    private List<String> whitelist(InstallPaths paths, Whitelist whitelist, long uid) {
        List<String> lines = new ArrayList<>();
        lines.add(row("Whitelist", whitelist.effectiveEntries().size() + " commands in " + paths.whitelist()
                + (whitelist.isClean() ? ", no problems" : ", " + whitelist.invalidLines().size() + " invalid line(s):")));
        whitelist.invalidLines().forEach(line -> lines.add("    " + Printable.line(line.describe())));
        if (config.widgets().install()) {
            WidgetStore.problem(paths.varDir().resolve("widget_commands.sh"), uid).ifPresent(problem ->
                    lines.add(row("Widgets", "REFUSED, widget lines are not used (error 102): "
                            + Printable.line(problem))));
        }
        return lines;
    }

    /** {@code var/} as the service user will judge it; the agent writes nothing there when it fails. */
    private String varTrust(InstallPaths paths, String runAs) {
        long uid = ProcessUser.currentUid();
        try {
            uid = host.account(runAs).map(Host.Account::uid).orElse(uid);
        } catch (HostException e) {
            // no getent: judge it as the current user
        }
        return VarTrust.problem(paths.varDir(), uid).map(problem -> "NOT WRITTEN by the agent: " + problem)
                .orElse("ok (only root and the service user can write it)");
    }

    private static String row(String label, String value) {
        return String.format("%-14s%s", label + ":", value);
    }
}
