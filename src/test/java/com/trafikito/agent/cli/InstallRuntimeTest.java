package com.trafikito.agent.cli;

import static com.trafikito.agent.cli.InstallTesting.REGISTERED;
import static com.trafikito.agent.cli.InstallTesting.apiAnswers;
import static com.trafikito.agent.cli.InstallTesting.installArgs;
import static com.trafikito.agent.cli.InstallTesting.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.trafikito.agent.host.FileOps;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * Install from the distribution archive's layout: a Java runtime ({@code lib/runtime}) beside the jar folder is
 * copied into the base dir, the launcher runs it and no other Java, and an upgrade replaces it.
 */
@QuarkusMainTest
class InstallRuntimeTest extends OnFakeHost {

    Path runtime;

    @BeforeEach
    void runtimeBesideTheJarFolder() throws Exception {
        runtime = host.distribution().resolveSibling("runtime");
        executable(runtime.resolve("bin/java"), "#!/bin/sh\necho runtime one\n");
        executable(runtime.resolve("lib/jspawnhelper"), "helper\n");
        Files.writeString(runtime.resolve("release"), "JAVA_VERSION=\"17\"\n");
        apiAnswers(REGISTERED);
    }

    @Test
    void installCopiesTheRuntimeAndTheLauncherUsesOnlyIt(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult result = launcher.launch(installArgs(base, "--yes"));

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(read(base.resolve("lib/runtime/bin/java"))).isEqualTo("#!/bin/sh\necho runtime one\n");
        assertThat(FileOps.permissions(base.resolve("lib/runtime/bin/java"))).isEqualTo("rwxr-xr-x");
        assertThat(FileOps.permissions(base.resolve("lib/runtime/lib/jspawnhelper"))).isEqualTo("rwxr-xr-x");
        assertThat(FileOps.permissions(base.resolve("lib/runtime/release"))).isEqualTo("rw-r--r--");
        assertThat(read(base.resolve("agent"))).contains("exec \"$base/lib/runtime/bin/java\" ")
                .doesNotContain(System.getProperty("java.home")).doesNotContain("java=java");
        assertThat(result.getErrorOutput()).contains("lib/runtime (its Java runtime)");
    }

    @Test
    void anUpgradeReplacesTheRuntimeAndOneWithoutARuntimeRemovesIt(QuarkusMainLauncher launcher) throws Exception {
        assertThat(launcher.launch(installArgs(base, "--yes")).exitCode()).isZero();
        Files.writeString(base.resolve("lib/runtime/old-version-only"), "old\n");
        executable(runtime.resolve("bin/java"), "#!/bin/sh\necho runtime two\n");

        LaunchResult upgrade = launcher.launch("install", "--base-dir", base.toString());

        assertThat(upgrade.exitCode()).as(upgrade.getErrorOutput()).isZero();
        assertThat(read(base.resolve("lib/runtime/bin/java"))).contains("runtime two");
        assertThat(base.resolve("lib/runtime/old-version-only")).doesNotExist();
        try (var lib = Files.list(base.resolve("lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString())).as("no copy of the old version left")
                    .containsExactlyInAnyOrder("quarkus-app", "runtime");
        }

        FileOps.deleteTree(runtime); // install now runs from a bare jar folder, on the JVM that runs it
        LaunchResult bare = launcher.launch("install", "--base-dir", base.toString());

        assertThat(bare.exitCode()).as(bare.getErrorOutput()).isZero();
        assertThat(base.resolve("lib/runtime")).doesNotExist();
        assertThat(read(base.resolve("agent"))).contains("java='" + System.getProperty("java.home"));
        assertThat(bare.getErrorOutput()).contains("removed " + base.resolve("lib/runtime"));
    }

    private static void executable(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
