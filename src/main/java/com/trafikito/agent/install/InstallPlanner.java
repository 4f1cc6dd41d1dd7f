package com.trafikito.agent.install;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.trafikito.agent.files.BoundedFile;
import com.trafikito.agent.host.Host;
import com.trafikito.agent.host.HostException;
import com.trafikito.agent.host.OldService;
import com.trafikito.agent.host.ServiceManager;

/**
 * Turns the options, the base dir's contents and the host into an {@link InstallPlan}, asking the user only
 * for what is missing and only when a terminal is attached. Changes nothing and calls no API.
 */
@ApplicationScoped
public class InstallPlanner {

    private final Host host;
    private final ServiceManager services;
    private final Distribution distribution;

    @Inject
    public InstallPlanner(Host host, ServiceManager services, Distribution distribution) {
        this.host = host;
        this.services = services;
        this.distribution = distribution;
    }

    public InstallPlan plan(InstallOptions options, Prompter prompter) throws InstallException {
        InstallPaths paths = InstallPaths.at(options.baseDir());
        Existing existing = Existing.inspect(paths);
        if (existing.kind() == Existing.Kind.FOREIGN) {
            throw InstallException.usage(paths.baseDir() + " exists and is not an installation of the trafikito agent"
                    + " (no etc/trafikito.cfg, available_commands.sh or var/): install does not write into it."
                    + " Choose another --base-dir, or empty it first.");
        }
        requireWritable(paths, existing);
        List<String> notes = new ArrayList<>();
        boolean root = host.isRoot();
        boolean service = !options.noService() && root && host.systemdRunning();
        if (options.noService()) {
            notes.add("--no-service: files only, no service user and no systemd unit");
        } else if (!root) {
            notes.add("not running as root: files only, no service user and no systemd unit"
                    + " (run install with sudo to set up the service)");
        } else if (!service) {
            notes.add("systemd does not manage this host (" + host.systemdRuntimeDirDescription()
                    + "): files only, no systemd unit");
        }

        String runAs = options.runAs().or(() -> existing.value(CfgText.RUNAS))
                .orElse(root ? Host.DEFAULT_USER : host.currentUserName());
        String nameProblem = Host.userNameProblem(runAs);
        if (nameProblem != null) {
            throw InstallException.usage(nameProblem);
        }
        Optional<Host.Account> account;
        try {
            account = root ? host.account(runAs) : Optional.empty();
        } catch (HostException e) {
            throw InstallException.failed(e);
        }
        boolean createUser = false;
        if (service && account.isEmpty()) {
            if (!runAs.equals(Host.DEFAULT_USER)) {
                throw InstallException.usage("the user " + runAs + " does not exist: create it first, or leave out"
                        + " --run-as to run the agent as the system user " + Host.DEFAULT_USER + " (created by install)");
            }
            if (!host.canCreateUsers()) {
                throw InstallException.usage("cannot create the user " + runAs + ": no useradd on this host; create an"
                        + " unprivileged user yourself and pass --run-as <user>");
            }
            createUser = true;
        }
        if (account.map(Host.Account::isRoot).orElse(false) && service) {
            notes.add("the service runs as root" + (options.runAs().isPresent() ? "" : " (RUNAS of "
                    + existing.credentialsFile() + ", as the shell agent ran it)") + ": every whitelisted command runs as"
                    + " root. To move to an unprivileged user: sudo " + paths.launcher() + " install --run-as "
                    + Host.DEFAULT_USER + " --yes");
        }

        boolean register = options.reRegister() || existing.serverCredentials().isEmpty();
        Optional<Registration.Account> registration = register
                ? Optional.of(account(options, existing, prompter, notes)) : Optional.empty();
        Distribution.Source source = distribution.locate();

        List<OldService> old = services.oldServices();
        if (!old.isEmpty()) {
            String list = String.join(" and ", old.stream().map(OldService::describe).toList());
            if (!service) {
                notes.add("found " + list + ", left alone (no service set up): stop it yourself, or two agents will"
                        + " report for this server");
                old = List.of();
            } else if (!options.yes() && !prompter.confirm("Found " + list + ". Stop and remove it (a copy is kept in "
                    + paths.replacedServiceDir() + ")?")) {
                throw InstallException.usage("found " + list + " (the original agent's service): install replaces it"
                        + " only when told to. Re-run with --yes to stop and remove it (a copy is kept in "
                        + paths.replacedServiceDir() + ").");
            }
        }
        shellAgentProcess(paths).ifPresent(notes::add);
        return new InstallPlan(paths, existing, root, service, runAs, account, createUser, registration,
                options.reRegister(), source, old, List.copyOf(notes));
    }

    /** Checked before registering: a server registered for a folder install cannot write is a wasted slot. */
    private static void requireWritable(InstallPaths paths, Existing existing) throws InstallException {
        Path dir = paths.baseDir();
        if (existing.kind() == Existing.Kind.NONE) {
            while (dir != null && !Files.exists(dir)) {
                dir = dir.getParent();
            }
        }
        if (dir == null || !Files.isWritable(dir)) {
            throw InstallException.usage("cannot write " + (dir == null ? paths.baseDir() : dir) + ": run install with"
                    + " sudo, or choose a --base-dir you can write");
        }
    }

    /** The registration values: options, then the shell agent's saved ones, then the terminal. */
    private Registration.Account account(InstallOptions options, Existing existing, Prompter prompter,
            List<String> notes) throws InstallException {
        String key = value(options.userApiKey(), existing.value(CfgText.USER_API_KEY), prompter,
                "User api key (from the Trafikito dashboard: Servers, How to install?)", true, "--user-api-key");
        String workspace = value(options.workspaceId(), existing.value(CfgText.WORKSPACE_ID), prompter,
                "Workspace id", false, "--workspace-id");
        Optional<String> name = options.serverName().or(() -> existing.value(CfgText.SERVER_NAME));
        if (name.isEmpty()) {
            Host.HostName hostName = host.serverName();
            hostName.note().ifPresent(notes::add);
            name = prompter.ask("Server name" + hostName.name().map(n -> " [" + n + "]").orElse(""), false)
                    .filter(answer -> !answer.isBlank()).or(hostName::name);
            if (name.isEmpty()) {
                throw InstallException.usage(hostName.note().orElse("no server name") + ". Nothing was changed.");
            }
        }
        check("--server-name", name.get());
        return new Registration.Account(key, workspace, name.get());
    }

    private static String value(Optional<String> option, Optional<String> saved, Prompter prompter, String question,
            boolean secret, String flag) throws InstallException {
        Optional<String> value = option.or(() -> saved).filter(v -> !v.isBlank());
        if (value.isEmpty()) {
            value = prompter.ask(question, secret);
        }
        String result = value.orElseThrow(() -> InstallException.usage(flag + " is required to register this server"
                + " (no terminal to ask on" + (prompter.interactive() ? ", or no answer" : "") + ")"));
        check(flag, result.strip());
        return result.strip();
    }

    private static void check(String flag, String value) throws InstallException {
        String problem = CfgText.problem(value);
        if (problem != null) {
            throw InstallException.usage(flag + " " + problem);
        }
    }

    /** The shell agent started by hand ({@code trafikito start}) leaves its pid in var/trafikito.pid. */
    private static Optional<String> shellAgentProcess(InstallPaths paths) {
        Path pidFile = paths.varDir().resolve("trafikito.pid");
        try {
            // Bounded, not following links: a FIFO or /dev/zero left in var/ must not hang or fill install.
            if (!(BoundedFile.read(pidFile, 64, BoundedFile.Links.NOFOLLOW) instanceof BoundedFile.Content content)) {
                return Optional.empty();
            }
            String pid = new String(content.bytes(), java.nio.charset.StandardCharsets.US_ASCII).strip();
            if (pid.matches("[0-9]{1,9}") && Files.isDirectory(Path.of("/proc", pid))) {
                return Optional.of("the shell agent seems to run as pid " + pid + " (" + pidFile + "): stop it with "
                        + paths.baseDir().resolve("trafikito") + " stop, or two agents will report for this server");
            }
        } catch (RuntimeException e) {
            // no pid file: nothing runs by hand
        }
        return Optional.empty();
    }
}
