package com.trafikito.agent.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import com.trafikito.agent.config.AgentConfig;
import com.trafikito.agent.config.AgentVersion;
import com.trafikito.agent.config.ConfigProblem;
import com.trafikito.agent.config.SecretFile;
import com.trafikito.agent.host.Host;
import com.trafikito.agent.host.UnitFile;
import com.trafikito.agent.install.CfgText;
import com.trafikito.agent.install.Existing;
import com.trafikito.agent.install.InstallException;
import com.trafikito.agent.install.InstallOptions;
import com.trafikito.agent.install.InstallPaths;
import com.trafikito.agent.install.InstallService;
import com.trafikito.agent.install.Prompter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "install", mixinStandardHelpOptions = true,
        description = { "Register this server, write the base dir (agent, available_commands.sh, etc/, var/) and set"
                + " up the systemd service trafikito. Re-run it to upgrade: the whitelist and the server id are kept."
                + " Point --base-dir at the original shell agent's folder to take it over in place.",
                "Exit codes: 0 installed; 1 failed (registration refused, API unreachable, a step failed: what was"
                        + " changed is undone); 2 usage, or something install does not do without being told." })
public class InstallCommand implements Callable<Integer> {

    // The env var keeps the key out of the process list (`ps` shows arguments to every user of the host).
    @Option(names = "--user-api-key", paramLabel = "KEY", defaultValue = "${env:TRAFIKITO_USER_API_KEY}",
            description = "Your user api key (dashboard: Servers, How to install?). Needed to register; asked for"
                    + " on a terminal when missing. Default: the env var TRAFIKITO_USER_API_KEY, which keeps it"
                    + " out of the process list.")
    String userApiKey;

    // A file keeps the key out of the environment too (inherited by what install runs, shown in /proc/<pid>/environ).
    @Option(names = "--user-api-key-file", paramLabel = "FILE", defaultValue = "${env:TRAFIKITO_USER_API_KEY_FILE}",
            description = "A file holding your user api key (a mounted Secret), used when --user-api-key is not given."
                    + " Default: the env var TRAFIKITO_USER_API_KEY_FILE.")
    Path userApiKeyFile;

    @Option(names = "--workspace-id", paramLabel = "ID", description = "The workspace to add this server to.")
    String workspaceId;

    @Option(names = "--server-name", paramLabel = "NAME", description = "The server's name in the dashboard"
            + " (default: the host's full name).")
    String serverName;

    @Option(names = "--base-dir", paramLabel = "DIR", description = "Where to install (default: agent.base-dir,"
            + " /opt/trafikito).")
    Path baseDir;

    @Option(names = "--run-as", paramLabel = "USER", description = "The service user (default: RUNAS of an existing"
            + " config, else the system user trafikito, created by install).")
    String runAs;

    @Option(names = "--no-service", description = "Write the files only: no user, no systemd unit.")
    boolean noService;

    @Option(names = "--re-register", description = "Ask the API for a new server id even if the config has one.")
    boolean reRegister;

    @Option(names = "--print-service", description = "Print the systemd unit install would write, and change nothing.")
    boolean printService;

    @Option(names = { "--yes", "-y" }, description = "No questions: take the defaults, and replace the original"
            + " agent's service on a takeover.")
    boolean yes;

    @Inject
    InstallService installer;

    @Inject
    AgentConfig config;

    @Override
    public Integer call() {
        Path base = baseDir != null ? baseDir : Path.of(config.baseDir());
        try {
            if (printService) {
                return printService(base);
            }
            InstallOptions options = new InstallOptions(userApiKey(), Optional.ofNullable(workspaceId),
                    Optional.ofNullable(serverName), base, Optional.ofNullable(runAs), noService, reRegister, yes);
            InstallService.Report report = installer.install(options, yes ? Prompter.none() : Prompter.console(),
                    line -> System.err.println("agent install: " + line));
            report.warnings().forEach(line -> System.err.println("agent install: WARNING: " + line));
            report.next().forEach(System.out::println);
            System.out.flush();
            return 0;
        } catch (InstallException e) {
            System.err.println("agent install: " + e.getMessage());
            return e.exitCode();
        }
    }

    private Optional<String> userApiKey() throws InstallException {
        if (userApiKey != null && !userApiKey.isBlank() || userApiKeyFile == null) {
            return Optional.ofNullable(userApiKey);
        }
        try {
            return Optional.of(SecretFile.read(userApiKeyFile, "--user-api-key-file (TRAFIKITO_USER_API_KEY_FILE)"));
        } catch (ConfigProblem e) {
            throw InstallException.usage(e.getMessage());
        }
    }

    /** The unit only, on stdout: {@code agent install --print-service > trafikito.service} gives a clean file. */
    private int printService(Path base) throws InstallException {
        Path absolute = base.toAbsolutePath();
        String problem = InstallPaths.problem(absolute);
        if (problem != null) {
            throw InstallException.usage(problem);
        }
        Existing existing = Existing.inspect(new InstallPaths(absolute));
        String user = Optional.ofNullable(runAs).or(() -> existing.value(CfgText.RUNAS)).orElse(Host.DEFAULT_USER);
        String userProblem = Host.userNameProblem(user);
        if (userProblem != null) {
            throw InstallException.usage(userProblem);
        }
        System.out.print(UnitFile.render(absolute, user, AgentVersion.current()));
        System.out.flush();
        return 0;
    }
}
