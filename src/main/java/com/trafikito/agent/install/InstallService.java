package com.trafikito.agent.install;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.trafikito.agent.config.AgentConfig;
import com.trafikito.agent.config.AgentVersion;
import com.trafikito.agent.config.IoReason;
import com.trafikito.agent.config.ServerCredentials;
import com.trafikito.agent.files.BoundedFile;
import com.trafikito.agent.host.Host;
import com.trafikito.agent.host.HostException;
import com.trafikito.agent.host.Journal;
import com.trafikito.agent.host.OldService;
import com.trafikito.agent.host.OsFacts;
import com.trafikito.agent.host.ServiceManager;
import com.trafikito.agent.host.SystemTools;
import com.trafikito.agent.host.UnitFile;
import com.trafikito.agent.whitelist.WhitelistFile;

/**
 * {@code agent install}: plan (checks and questions, no change), register (network, no change), then change
 * the machine through a {@link Journal}, and undo every change when a step fails.
 */
@ApplicationScoped
public class InstallService {

    /** What was done, what to watch, and how to go on. */
    public record Report(List<String> done, List<String> warnings, List<String> next) {
    }

    private final InstallPlanner planner;
    private final Registration registration;
    private final DefaultCommands defaults;
    private final InstallFiles files;
    private final ServiceManager services;
    private final Host host;
    private final SystemTools tools;
    private final AgentConfig config;

    @Inject
    public InstallService(InstallPlanner planner, Registration registration, DefaultCommands defaults,
            InstallFiles files, ServiceManager services, Host host, SystemTools tools, AgentConfig config) {
        this.config = config;
        this.planner = planner;
        this.registration = registration;
        this.defaults = defaults;
        this.files = files;
        this.services = services;
        this.host = host;
        this.tools = tools;
    }

    /** @param progress where each step is told as it happens (stderr) */
    public Report install(InstallOptions options, Prompter prompter, Consumer<String> progress) throws InstallException {
        InstallPlan plan = planner.plan(options, prompter);
        List<String> done = new ArrayList<>();
        List<String> warnings = new ArrayList<>(plan.notes());
        Consumer<String> say = line -> {
            progress.accept(line);
            done.add(line);
        };
        if (plan.existing().takeover()) {
            say.accept("found an installation of the original shell agent in " + plan.paths().baseDir()
                    + (plan.existing().shellAgentFiles().isEmpty() ? ""
                            : " (" + String.join(", ", plan.existing().shellAgentFiles()) + ")")
                    + ": taking it over; its config, whitelist and var/ stay");
        } else if (plan.existing().kind() == Existing.Kind.INSTALLATION) {
            say.accept("found an installation in " + plan.paths().baseDir() + ": upgrading it");
        }

        ServerCredentials server;
        Registration.InitialCommands initial;
        Map<String, String> cfg = new LinkedHashMap<>();
        if (plan.registration().isPresent()) {
            Registration.Account account = plan.registration().get();
            progress.accept("registering this server as \"" + account.serverName() + "\" in workspace "
                    + account.workspaceId() + "...");
            server = registration.register(account, plan.paths().varDir().resolve("trafikito.tmp").toString());
            say.accept("registered this server: server id " + server.serverId() + ", api key " + server.maskedApiKey());
            progress.accept("running the default commands, so that the API can choose this server's commands...");
            initial = registration.initialCommands(account, server, defaults.payload(), OsFacts.ofThisHost());
            initial.warning().ifPresent(warnings::add);
            cfg.put(CfgText.SERVER_ID, server.serverId());
            cfg.put(CfgText.API_KEY, server.apiKey());
            cfg.put(CfgText.RUNAS, plan.runAs());
            cfg.put(CfgText.USER_API_KEY, account.userApiKey());
            cfg.put(CfgText.WORKSPACE_ID, account.workspaceId());
            cfg.put(CfgText.SERVER_NAME, account.serverName());
        } else {
            server = plan.existing().serverCredentials().orElseThrow();
            initial = new Registration.InitialCommands(WhitelistFile.loadBundledSample(), "the agent's default list",
                    Optional.empty());
            // RUNAS only when it changes: a takeover keeps the old config untouched, and a missing RUNAS already
            // means the default user.
            if (plan.existing().value(CfgText.RUNAS).isPresent() || !plan.runAs().equals(Host.DEFAULT_USER)) {
                cfg.put(CfgText.RUNAS, plan.runAs());
            }
        }
        InstallFiles.Contents contents = new InstallFiles.Contents(cfg, initial, plan.registration().isPresent(),
                apiUrlToKeep(plan));

        Journal journal = new Journal();
        try {
            plan = change(plan, contents, journal, say);
        } catch (InstallException | HostException | IOException | RuntimeException e) {
            List<String> leftovers = journal.rollBack();
            String reason = e instanceof InstallException || e instanceof HostException ? e.getMessage()
                    : e.toString();
            throw InstallException.failed("install failed: " + reason + "\nEverything install changed was undone"
                    + (leftovers.isEmpty() ? "." : ", except:\n  " + String.join("\n  ", leftovers))
                    + (plan.registration().isPresent() ? "\nThe server " + server.serverId() + " stays registered"
                            + " in the dashboard; remove it there if you do not run install again." : ""));
        }
        warnings.addAll(journal.commit());
        return new Report(done, warnings, NextSteps.of(plan, server));
    }

    /**
     * The API URL of this install (env var, -D) when the service would not use it otherwise: not the default,
     * and not what the base dir's etc/agent.properties says. A URL only the default or that file gave is left.
     */
    private Optional<String> apiUrlToKeep(InstallPlan plan) throws InstallException {
        String url = String.join(",", config.api().url());
        if (url.equals(PropertiesText.DEFAULT_API_URL)) {
            return Optional.empty();
        }
        if (url.contains("\\") || url.contains("\n") || url.contains("\r")) {
            throw InstallException.usage("agent.api.url has a backslash or a line end: " + WhitelistText.printable(url));
        }
        try {
            java.nio.file.Path file = plan.paths().properties();
            if (java.nio.file.Files.isRegularFile(file) && PropertiesText.apiUrl(
                    InstallFiles.readBounded(file, BoundedFile.DEFAULT_MAX_BYTES)).equals(Optional.of(url))) {
                return Optional.empty();
            }
        } catch (IOException e) {
            throw InstallException.failed("cannot read " + plan.paths().properties() + ": " + IoReason.of(e));
        }
        return Optional.of(url);
    }

    private InstallPlan change(InstallPlan plan, InstallFiles.Contents contents, Journal journal, Consumer<String> say)
            throws InstallException, HostException, IOException {
        if (plan.service()) {
            boolean wasActive = "active".equals(tools.run("systemctl", "is-active", UnitFile.NAME).output().strip());
            // Undone last: with the old files and unit back, the old service runs again as it did.
            journal.done("service state before install", () -> {
                tools.run("systemctl", "daemon-reload");
                if (wasActive) {
                    tools.run("systemctl", "start", UnitFile.NAME);
                }
            });
        }
        if (plan.createUser()) {
            Host.Account account = host.createSystemUser(plan.runAs(), plan.paths().varDir());
            String user = plan.runAs();
            journal.done("create the user " + user, () -> host.deleteUser(user));
            say.accept("created the system user " + plan.runAs() + " (uid " + account.uid() + ", no login)");
            plan = plan.withAccount(account);
        }
        if (plan.existing().kind() == Existing.Kind.NONE) {
            files.writeFresh(plan, contents, journal, say);
        } else {
            files.updateExisting(plan, contents, journal, say);
        }
        if (plan.service()) {
            for (OldService old : plan.oldServices()) {
                services.removeOld(old, journal, plan.paths().replacedServiceDir(), say);
            }
            services.installAndStart(UnitFile.render(plan.paths().baseDir(), plan.runAs(), AgentVersion.current()),
                    journal);
            say.accept("wrote " + services.unitPath() + ", enabled it and started the agent as user " + plan.runAs());
        }
        return plan;
    }
}
