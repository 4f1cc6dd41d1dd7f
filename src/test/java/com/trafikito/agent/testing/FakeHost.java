package com.trafikito.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.trafikito.agent.host.ProcessUser;

/**
 * A machine for install, uninstall and status to work on, in a temporary folder: fake {@code systemctl},
 * {@code useradd}, {@code userdel}, {@code getent}, {@code service}, {@code update-rc.d}, {@code chkconfig},
 * {@code rc-service} and {@code rc-update} that record their calls in {@code calls.log}, a systemd unit folder,
 * an init.d folder, the marker of a running systemd, and a fake {@code quarkus-app} to install. The agent finds
 * them through the {@code agent.install.*} keys, so no test ever creates a real user or service, even as root.
 * <p>
 * Fake users live in {@code users/<name>} as passwd lines. Their ids are real-looking when the tests run as
 * root (so ownership is really set and checked), and the current user's ids otherwise (so that chown works).
 */
public final class FakeHost {

    /** The uid useradd gives to new users when the tests run as root. */
    public static final long NEW_UID = 64000;
    public static final long NOBODY_UID = 65534;

    private final Path dir;
    private final boolean root = ProcessUser.currentUid() == 0;

    private FakeHost(Path dir) {
        this.dir = dir;
    }

    public static FakeHost create() {
        try {
            FakeHost host = new FakeHost(Files.createTempDirectory("trafikito-host-"));
            host.build();
            return host;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void build() throws IOException {
        for (String sub : List.of("bin", "users", "state", "fail", "systemd", "init.d", "run-systemd",
                "dist/quarkus-app/lib/main", "dist/quarkus-app/app", "bases")) {
            Files.createDirectories(dir.resolve(sub));
        }
        addUser("root", 0);
        addUser("nobody", root ? NOBODY_UID : ProcessUser.currentUid());
        tool("getent", "[ -f %1$s/users/\"$2\" ] && { cat %1$s/users/\"$2\"; exit 0; }\nexit 2\n");
        tool("useradd", "for a; do n=$a; done\n[ -f %1$s/users/\"$n\" ] && { echo \"user $n exists\" >&2; exit 9; }\n"
                + "echo \"$n:x:" + newUid() + ":" + newUid() + ":Trafikito agent:/nonexistent:/usr/sbin/nologin\""
                + " > %1$s/users/\"$n\"\n");
        tool("userdel", "rm -f %1$s/users/\"$1\"\n");
        tool("systemctl", "u=$2\ncase \"$1\" in\n"
                + " is-active) s=$(cat %1$s/state/\"$u\" 2>/dev/null || echo inactive); echo \"$s\"; [ \"$s\" = active ];;\n"
                + " start|restart) echo active > %1$s/state/\"$u\";;\n"
                + " stop) echo inactive > %1$s/state/\"$u\";;\n"
                + " show) cat %1$s/state/environment 2>/dev/null;;\n"
                + "esac\n");
        for (String tool : List.of("service", "update-rc.d", "chkconfig", "rc-service", "rc-update")) {
            tool(tool, "");
        }
        Files.writeString(dir.resolve("dist/quarkus-app/quarkus-run.jar"), "fake quarkus-run.jar\n");
        Files.writeString(dir.resolve("dist/quarkus-app/lib/main/dependency.jar"), "fake dependency\n");
        Files.writeString(dir.resolve("dist/quarkus-app/app/trafikito-agent.jar"), "fake application\n");
    }

    /** A fake tool: records "name args" in calls.log, fails when fail/name-verb exists, then does {@code body}. */
    private void tool(String name, String body) throws IOException {
        String script = "#!/bin/sh\necho \"" + name + " $*\" >> %1$s/calls.log\n"
                + "if [ -f \"%1$s/fail/" + name + "-$1\" ]; then echo \"" + name + " $1: fake failure\" >&2; exit 1; fi\n" + body;
        Path file = dir.resolve("bin").resolve(name);
        Files.writeString(file, script.formatted(dir), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The {@code agent.install.*} settings that point the agent at this host. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("agent.install.tools-path", dir.resolve("bin").toString());
        settings.put("agent.install.systemd-dir", systemdDir().toString());
        settings.put("agent.install.systemd-runtime-dir", dir.resolve("run-systemd").toString());
        settings.put("agent.install.init-dir", initDir().toString());
        settings.put("agent.install.distribution", distribution().toString());
        // The service path needs root; as another user, chown goes to the current user's ids (see above).
        settings.put("agent.install.assume-root", "true");
        return settings;
    }

    /** Sets {@link #settings()} as system properties, which each {@code @QuarkusMainTest} launch reads. */
    public FakeHost applyToLaunches() {
        settings().forEach(System::setProperty);
        return this;
    }

    public void clearFromLaunches() {
        settings().keySet().forEach(System::clearProperty);
        System.clearProperty("agent.install.assume-root");
    }

    /** A path for a base dir that does not exist yet. */
    public Path newBaseDir(String name) {
        return dir.resolve("bases").resolve(name);
    }

    public Path systemdDir() {
        return dir.resolve("systemd");
    }

    public Path unitFile() {
        return systemdDir().resolve("trafikito.service");
    }

    public Path initDir() {
        return dir.resolve("init.d");
    }

    public Path distribution() {
        return dir.resolve("dist/quarkus-app");
    }

    /** What {@code systemctl show -p Environment --value} prints, as systemd would with the unit's drop-ins. */
    public void serviceEnvironment(String words) {
        write(dir.resolve("state/environment"), words + "\n");
    }

    /** Makes the given call fail, e.g. {@code failOn("systemctl", "restart")}. */
    public void failOn(String tool, String verb) {
        write(dir.resolve("fail").resolve(tool + "-" + verb), "");
    }

    public void clearFailure(String tool, String verb) {
        try {
            Files.deleteIfExists(dir.resolve("fail").resolve(tool + "-" + verb));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Takes a tool away, as on a host that does not have it. */
    public void removeTool(String tool) {
        try {
            Files.delete(dir.resolve("bin").resolve(tool));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void setActive(boolean active) {
        write(dir.resolve("state/trafikito.service"), active ? "active\n" : "inactive\n");
    }

    public boolean isActive() {
        Path state = dir.resolve("state/trafikito.service");
        return Files.exists(state) && read(state).strip().equals("active");
    }

    /** Every recorded call, e.g. {@code systemctl enable trafikito.service}. */
    public List<String> calls() {
        Path log = dir.resolve("calls.log");
        return Files.exists(log) ? read(log).lines().toList() : List.of();
    }

    /** The calls that change something: lookups (getent, is-active) left out. */
    public List<String> changes() {
        return calls().stream().filter(c -> !c.startsWith("getent ") && !c.startsWith("systemctl is-active")).toList();
    }

    public boolean hasUser(String name) {
        return Files.exists(dir.resolve("users").resolve(name));
    }

    public void addUser(String name, long uid) {
        write(dir.resolve("users").resolve(name), name + ":x:" + uid + ":" + uid + "::/nonexistent:/usr/sbin/nologin\n");
    }

    /** The uid useradd gives, and chown then sets. */
    public long newUid() {
        return root ? NEW_UID : ProcessUser.currentUid();
    }

    public long nobodyUid() {
        return root ? NOBODY_UID : ProcessUser.currentUid();
    }

    public void delete() {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
