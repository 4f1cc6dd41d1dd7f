package com.trafikito.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/** A base dir in a temporary folder, laid out like an installation, that tests rewrite between cases. */
public final class TestInstallation {

    public static final String SERVER_ID = "srv-test-1";
    public static final String API_KEY = "sk-test-0123456789abcdef";
    public static final String WHITELIST = """
            # test whitelist
            trafikito_hello="echo hello"
            trafikito_two_lines="printf 'a\\nb'"
            trafikito_fail="echo failing >&2; exit 3"
            """;

    private final Path baseDir;

    private TestInstallation(Path baseDir) {
        this.baseDir = baseDir;
    }

    public static TestInstallation create() {
        try {
            Path dir = Files.createTempDirectory("trafikito-test-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            TestInstallation installation = new TestInstallation(dir);
            installation.reset();
            return installation;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Back to a clean installation: shell-agent config, the test whitelist, an empty var/. */
    public TestInstallation reset() {
        deleteChildren(baseDir);
        writeConfig("export SERVER_ID=\"" + SERVER_ID + "\"\nexport API_KEY=\"" + API_KEY + "\"\nexport RUNAS=\"root\"\n");
        writeWhitelist(WHITELIST);
        mkdirs(var());
        return this;
    }

    public Path baseDir() {
        return baseDir;
    }

    public Path var() {
        return baseDir.resolve("var");
    }

    public Path whitelist() {
        return baseDir.resolve("available_commands.sh");
    }

    public Path config() {
        return baseDir.resolve("etc/trafikito.cfg");
    }

    public void writeConfig(String text) {
        write(config(), text, "rw-------");
    }

    public void writeWhitelist(String text) {
        write(whitelist(), text, "rw-r--r--");
    }

    public String read(String relative) {
        try {
            return Files.readString(baseDir.resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean exists(String relative) {
        return Files.exists(baseDir.resolve(relative));
    }

    public void write(String relative, String text) {
        write(baseDir.resolve(relative), text, "rw-------");
    }

    private static void write(Path file, String text, String permissions) {
        try {
            mkdirs(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete() {
        deleteChildren(baseDir);
        try {
            Files.deleteIfExists(baseDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteChildren(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
