package com.trafikito.agent.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.trafikito.agent.state.AtomicFiles;

/**
 * The service {@code trafikito}: our systemd unit, and the shell agent's old services on a takeover. Every
 * call of the service manager goes through {@link SystemTools}, every change into the {@link Journal}.
 */
@ApplicationScoped
public class ServiceManager {

    public static final String SERVICE = "trafikito";

    private final Host host;
    private final SystemTools tools;

    @Inject
    public ServiceManager(Host host, SystemTools tools) {
        this.host = host;
        this.tools = tools;
    }

    public Path unitPath() {
        return host.systemdDir().resolve(UnitFile.NAME);
    }

    public List<OldService> oldServices() {
        return OldService.find(host.systemdDir(), host.initDir());
    }

    /**
     * Stops and removes an old service, keeping a copy of its file in {@code keepDir}; undo puts it back and
     * starts it again.
     */
    public void removeOld(OldService old, Journal journal, Path keepDir, Consumer<String> say)
            throws HostException, IOException {
        byte[] content = Files.readAllBytes(old.file());
        String mode = FileOps.permissions(old.file());
        switch (old.type()) {
            case SYSTEMD -> {
                tools.run("systemctl", "stop", UnitFile.NAME); // not running is fine
                journal.done("stop " + old.describe(), () -> tools.run("systemctl", "start", UnitFile.NAME));
                tools.run("systemctl", "disable", UnitFile.NAME);
                journal.done("disable " + old.describe(), () -> tools.run("systemctl", "enable", UnitFile.NAME));
            }
            case SYSV -> {
                if (tools.has("service")) {
                    tools.run("service", SERVICE, "stop");
                }
                journal.done("stop " + old.describe(), () -> tools.run("service", SERVICE, "start"));
                if (tools.has("update-rc.d")) {
                    tools.require("update-rc.d", "-f", SERVICE, "remove");
                    journal.done("remove the rc links of " + old.describe(),
                            () -> tools.run("update-rc.d", SERVICE, "defaults"));
                } else if (tools.has("chkconfig")) {
                    tools.require("chkconfig", "--del", SERVICE);
                    journal.done("chkconfig --del " + SERVICE, () -> tools.run("chkconfig", "--add", SERVICE));
                }
            }
            case OPENRC -> {
                tools.run("rc-service", SERVICE, "stop");
                journal.done("stop " + old.describe(), () -> tools.run("rc-service", SERVICE, "start"));
                tools.run("rc-update", "-a", "del", SERVICE);
                journal.done("remove " + old.describe() + " from its runlevels",
                        () -> tools.run("rc-update", "add", SERVICE, "default"));
            }
            default -> throw new IllegalStateException(old.type().name());
        }
        Path copy = keepDir.resolve(old.file().getFileName().toString());
        FileOps.mkdir(journal, keepDir, "rwx------", null);
        FileOps.write(journal, copy, content, "rw-------", null);
        Files.delete(old.file());
        journal.done("delete " + old.file(), () -> AtomicFiles.write(old.file(), content, mode));
        say.accept("stopped and removed " + old.describe() + " (a copy is in " + copy + ")");
    }

    /**
     * Writes our unit and (re)starts the service with it. {@code restart}, not {@code start}: on an upgrade the
     * running agent must pick up the new version.
     */
    public void installAndStart(String unitText, Journal journal) throws HostException, IOException {
        FileOps.write(journal, unitPath(), unitText, "rw-r--r--", null);
        tools.require("systemctl", "daemon-reload");
        journal.done("systemctl daemon-reload", () -> tools.run("systemctl", "daemon-reload"));
        tools.require("systemctl", "enable", UnitFile.NAME);
        journal.done("enable " + UnitFile.NAME, () -> tools.run("systemctl", "disable", UnitFile.NAME));
        tools.require("systemctl", "restart", UnitFile.NAME);
        journal.done("start " + UnitFile.NAME, () -> tools.run("systemctl", "stop", UnitFile.NAME));
    }

    /**
     * For uninstall: stops, disables and deletes the unit. A failed stop or disable ends it before anything is
     * deleted: a purge must never delete the base dir under an agent that still runs.
     */
    public void removeUnit(Consumer<String> say) throws HostException, IOException {
        Path unit = unitPath();
        if (host.systemdRunning()) {
            tools.require("systemctl", "stop", UnitFile.NAME);
            tools.require("systemctl", "disable", UnitFile.NAME);
        }
        Files.deleteIfExists(unit);
        say.accept("stopped, disabled and removed " + unit);
        if (host.systemdRunning()) {
            tools.run("systemctl", "daemon-reload");
            tools.run("systemctl", "reset-failed", UnitFile.NAME);
        }
    }

    public void daemonReload() throws HostException {
        tools.run("systemctl", "daemon-reload");
    }

    /** The folder of the unit's drop-ins ({@code systemctl edit trafikito}). */
    public Path dropInDir() {
        return host.systemdDir().resolve(UnitFile.NAME + ".d");
    }

    /**
     * A variable of the unit's environment as systemd runs it, drop-ins included ({@code systemctl show -p
     * Environment}); empty without systemd, unit or variable. Values with spaces come quoted and are not
     * looked into: the agent's variables have none.
     */
    public Optional<String> serviceEnvironment(String name) {
        if (!Files.exists(unitPath()) || !host.systemdRunning()) {
            return Optional.empty();
        }
        try {
            SystemTools.Result result = tools.run("systemctl", "show", "-p", "Environment", "--value", UnitFile.NAME);
            if (!result.ok()) {
                return Optional.empty();
            }
            String found = null;
            for (String word : result.output().split("\\s+")) {
                if (word.startsWith(name + "=")) {
                    found = word.substring(name.length() + 1); // the last assignment wins, as in systemd
                }
            }
            return Optional.ofNullable(found);
        } catch (HostException e) {
            return Optional.empty();
        }
    }

    /** What {@code systemctl is-active} says (active, inactive, failed, activating...), for status. */
    public String state() {
        if (!Files.exists(unitPath())) {
            return "not installed (no " + unitPath() + ")";
        }
        if (!host.systemdRunning()) {
            return "unit installed, but systemd does not manage this host";
        }
        try {
            SystemTools.Result result = tools.run("systemctl", "is-active", UnitFile.NAME);
            String state = result.output().lines().findFirst().orElse("unknown");
            return state + " (" + unitPath() + ")";
        } catch (HostException e) {
            return "unknown: " + e.getMessage();
        }
    }
}
