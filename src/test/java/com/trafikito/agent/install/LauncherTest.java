package com.trafikito.agent.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JVM-mode launcher, run for real with a fake java that prints what it was given. */
class LauncherTest {

    @TempDir
    Path dir;

    @Test
    void runsTheInstalledJarWithTheJvmOptionsAndPassesEveryArgumentOn() throws Exception {
        Path base = dir.resolve("base");
        Files.createDirectories(base.resolve("etc"));
        Files.writeString(base.resolve("etc/jvm.options"), "# comment\n-Xmx64m\n\n-XX:+UseSerialGC\n-Dx=*\n");
        Path java = dir.resolve("fake java");
        Files.writeString(java, "#!/bin/sh\nfor a; do echo \"[$a]\"; done\necho \"AGENT_BASE_DIR=$AGENT_BASE_DIR\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path launcher = base.resolve("agent");
        Files.writeString(launcher, Launcher.render(base, java, "1"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("x-glob-bait"), ""); // -Dx=* must not expand to file names

        Process process = new ProcessBuilder(List.of(launcher.toString(), "status", "two words")).directory(dir.toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(output).isEqualTo("[-Xmx64m]\n[-XX:+UseSerialGC]\n[-Dx=*]\n[-jar]\n[" + base
                + "/lib/quarkus-app/quarkus-run.jar]\n[status]\n[two words]\nAGENT_BASE_DIR=" + base + "\n");
    }

    @Test
    void withARuntimeItRunsTheInstalledRuntimeAndNoJavaOfThePath() throws Exception {
        Path base = dir.resolve("base");
        Files.createDirectories(base.resolve("etc"));
        Files.createDirectories(base.resolve("lib/runtime/bin"));
        Files.writeString(base.resolve("etc/jvm.options"), "-Xmx64m\n");
        Path java = base.resolve("lib/runtime/bin/java");
        Files.writeString(java, "#!/bin/sh\necho \"runtime: $*\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path pathJava = dir.resolve("path/java"); // a Java of the host, first on the PATH: never used
        Files.createDirectories(pathJava.getParent());
        Files.writeString(pathJava, "#!/bin/sh\necho host java\n");
        Files.setPosixFilePermissions(pathJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path launcher = base.resolve("agent");
        Files.writeString(launcher, Launcher.renderWithRuntime(base, "1"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));

        ProcessBuilder builder = new ProcessBuilder(List.of(launcher.toString(), "check")).redirectErrorStream(true);
        builder.environment().put("PATH", pathJava.getParent() + ":/usr/bin:/bin");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(output).isEqualTo("runtime: -Xmx64m -jar " + base + "/lib/quarkus-app/quarkus-run.jar check\n");
    }

    @Test
    void aJvmOptionsFileThatIsAFifoADeviceLinkOrHugeIsSkippedWithAWarning() throws Exception {
        Path base = dir.resolve("base");
        Files.createDirectories(base.resolve("etc"));
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a; do echo \"[$a]\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path launcher = base.resolve("agent");
        Files.writeString(launcher, Launcher.render(base, java, "1"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path options = base.resolve("etc/jvm.options");

        assertThat(new ProcessBuilder("mkfifo", options.toString()).start().waitFor()).isZero();
        assertThat(run(launcher)).startsWith("agent: ignoring " + options + ": not a regular file of at most 64 KiB\n[-jar]");
        Files.delete(options);

        Files.createSymbolicLink(options, Path.of("/dev/zero"));
        assertThat(run(launcher)).startsWith("agent: ignoring ").contains("\n[-jar]");
        Files.delete(options);

        Files.writeString(options, "-Xmx64m\n".repeat(10_000));
        assertThat(run(launcher)).startsWith("agent: ignoring ").contains("\n[-jar]").doesNotContain("-Xmx64m");
    }

    private static String run(Path launcher) throws Exception {
        Process process = new ProcessBuilder(List.of(launcher.toString(), "status")).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    @Test
    void quotesForSh() {
        assertThat(Launcher.quote("/opt/it's")).isEqualTo("'/opt/it'\\''s'");
    }
}
