package com.trafikito.agent.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.trafikito.agent.commands.CommandEnvironment;
import com.trafikito.agent.config.AgentConfig;

/**
 * Facts of the machine install works on, and its users: who we are, whether systemd manages the host, and
 * the service user (looked up with {@code getent}, created with {@code useradd}, both through {@link SystemTools}).
 */
@ApplicationScoped
public class Host {

    /** The user install creates when none is named. */
    public static final String DEFAULT_USER = "trafikito";

    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}");

    /** A user's ids from the passwd database. */
    public record Account(String name, long uid, long gid, String home) {
        public boolean isRoot() {
            return uid == 0;
        }
    }

    private final AgentConfig.Install config;
    private final SystemTools tools;

    @Inject
    public Host(AgentConfig config, SystemTools tools) {
        this.config = config.install();
        this.tools = tools;
    }

    public boolean isRoot() {
        return config.assumeRoot().orElseGet(() -> ProcessUser.currentUid() == 0);
    }

    /** The check of sd_booted(): systemd is the service manager of this host. */
    public boolean systemdRunning() {
        return Files.isDirectory(Path.of(config.systemdRuntimeDir()));
    }

    /** Why {@link #systemdRunning()} said no, for the user. */
    public String systemdRuntimeDirDescription() {
        return "there is no " + config.systemdRuntimeDir();
    }

    public Path systemdDir() {
        return Path.of(config.systemdDir());
    }

    public Path initDir() {
        return Path.of(config.initDir());
    }

    public String currentUserName() {
        return System.getProperty("user.name", "root");
    }

    /**
     * The default server name: the host's full name, or its short name when that cannot be had, never
     * {@code localhost} (every server of a workspace would get that name).
     *
     * @param name empty when the host has no usable name at all: then the user must choose one
     * @param note why the name is not the full one, for the user; empty when it is
     */
    public record HostName(Optional<String> name, Optional<String> note) {
    }

    public HostName serverName() {
        // The standard path, not agent.install.tools-path: hostname is a fact of the host, not a change to fake.
        return serverName(new SystemTools(CommandEnvironment.PATH), Path.of("/proc/sys/kernel/hostname"));
    }

    /** {@code hostname -f}, else {@code hostname}, else the kernel's host name; a {@code localhost} does not count. */
    static HostName serverName(SystemTools tools, Path kernelHostName) {
        String full = output(tools, "hostname", "-f");
        if (usable(full)) {
            return new HostName(Optional.of(full), Optional.empty());
        }
        String why = full == null ? "`hostname -f` failed" : "`hostname -f` answered \"" + full + "\"";
        String shortName = output(tools, "hostname");
        if (!usable(shortName)) {
            try {
                shortName = Files.readString(kernelHostName).strip();
            } catch (java.io.IOException | RuntimeException e) {
                shortName = null;
            }
        }
        if (usable(shortName)) {
            return new HostName(Optional.of(shortName), Optional.of(why + ", so the server is named after the short"
                    + " host name \"" + shortName + "\" (--server-name NAME to choose another)"));
        }
        return new HostName(Optional.empty(), Optional.of(why + " and the host has no name but localhost:"
                + " choose the server's name with --server-name NAME"));
    }

    private static String output(SystemTools tools, String tool, String... args) {
        try {
            if (tools.has(tool)) {
                SystemTools.Result result = tools.run(tool, args);
                if (result.ok()) {
                    return result.output().strip();
                }
            }
        } catch (HostException e) {
            // treated as no answer
        }
        return null;
    }

    private static boolean usable(String name) {
        if (name == null || name.isEmpty() || name.length() > 253 || !name.matches("[A-Za-z0-9._-]+")) {
            return false;
        }
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return !lower.equals("localhost") && !lower.startsWith("localhost.") && !lower.equals("(none)");
    }

    public static String userNameProblem(String name) {
        return USER_NAME.matcher(name).matches() ? null
                : "a user name must be 1-32 letters, digits, _ . or -, not starting with a digit: " + name;
    }

    /** The account of a user, or empty when there is none. */
    public Optional<Account> account(String name) throws HostException {
        if (!tools.has("getent")) {
            throw new HostException("cannot look up user " + name + ": no getent on this host");
        }
        SystemTools.Result result = tools.run("getent", "passwd", name);
        if (!result.ok()) {
            return Optional.empty();
        }
        String[] fields = result.output().lines().findFirst().orElse("").split(":", -1);
        if (fields.length < 7 || !fields[0].equals(name)) {
            throw new HostException("getent passwd " + name + " answered an unexpected line");
        }
        try {
            return Optional.of(new Account(name, Long.parseLong(fields[2]), Long.parseLong(fields[3]), fields[5]));
        } catch (NumberFormatException e) {
            throw new HostException("getent passwd " + name + " answered a line without numeric ids");
        }
    }

    public boolean canCreateUsers() {
        return tools.has("useradd");
    }

    /**
     * Creates an unprivileged system user with its own group, no login shell and no home of its own (its home
     * is the agent's {@code var/}, which install creates).
     */
    public Account createSystemUser(String name, Path home) throws HostException {
        String shell = Files.isExecutable(Path.of("/usr/sbin/nologin")) ? "/usr/sbin/nologin"
                : Files.isExecutable(Path.of("/sbin/nologin")) ? "/sbin/nologin" : "/bin/false";
        if (!tools.has("useradd")) {
            throw new HostException("cannot create the user " + name + ": no useradd on this host; create an"
                    + " unprivileged user yourself and pass --run-as <user>");
        }
        tools.require("useradd", "--system", "--user-group", "--no-create-home", "--home-dir", home.toString(),
                "--shell", shell, "--comment", "Trafikito agent", name);
        return account(name).orElseThrow(() -> new HostException(
                "useradd " + name + " succeeded, but getent does not know the user"));
    }

    public void deleteUser(String name) throws HostException {
        tools.require("userdel", name);
    }
}
