package com.trafikito.agent.cli;

import static com.trafikito.agent.cli.InstallTesting.REGISTERED;
import static com.trafikito.agent.cli.InstallTesting.apiAnswers;
import static com.trafikito.agent.cli.InstallTesting.installArgs;
import static com.trafikito.agent.cli.InstallTesting.mode;
import static com.trafikito.agent.cli.InstallTesting.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.trafikito.agent.host.UnitFile;
import com.trafikito.agent.install.Launcher;
import com.trafikito.agent.testing.FakeApi;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * {@code agent install} of a native executable, on the JVM: the agent to install ({@code agent.install.distribution},
 * which a native agent fills in with its own executable) is a stand-in executable, so the path that copies a
 * native build to {@code <base-dir>/agent}, and switches an installation between JVM and native, runs here.
 */
@QuarkusMainTest
class InstallNativeTest extends OnFakeHost {

    /** Larger than any launcher script, as a real native executable is. */
    private static final String PADDING = "#".repeat(100 * 1024) + "\n";

    private Path standIn;

    @BeforeEach
    void standInNativeExecutable() throws IOException {
        standIn = host.distribution().resolveSibling("trafikito-agent-runner");
        InstallTesting.write(standIn, "#!/bin/sh\necho \"stand-in native agent: $*\"\n" + PADDING, "rwxr-xr-x");
    }

    @Test
    void aFreshInstallCopiesTheNativeExecutableAsTheAgent(QuarkusMainLauncher launcher) throws Exception {
        apiAnswers(REGISTERED);
        LaunchResult result = launchNative(launcher, installArgs(base, "--yes"));

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        Path agent = base.resolve("agent");
        assertThat(Files.readAllBytes(agent)).isEqualTo(Files.readAllBytes(standIn));
        assertThat(mode(agent)).isEqualTo("rwxr-xr-x");
        assertThat(base.resolve("lib")).as("no jar folder, no launcher script").doesNotExist();
        assertThat(run(agent, "--version")).isEqualTo("stand-in native agent: --version");
        assertThat(InstallCommandTest.anyVersion(read(host.unitFile()))).isEqualTo(UnitFile.render(base, "trafikito", "x"));
        assertThat(read(host.unitFile())).contains("ExecStart=" + base + "/agent run");
        assertThat(host.isActive()).isTrue();
        assertThat(result.getOutput()).contains(base + "/agent uninstall");
        assertThat(base.getParent().toFile().list()).as("no staging folder left").containsExactly("trafikito");
    }

    @Test
    void aJvmInstallationUpgradedToNativeKeepsItsFilesAndDropsItsJarFolder(QuarkusMainLauncher launcher) throws Exception {
        apiAnswers(REGISTERED);
        assertThat(launcher.launch(installArgs(base, "--yes")).exitCode()).isZero();
        assertThat(read(base.resolve("agent"))).contains(Launcher.MARKER);
        String config = read(base.resolve("etc/trafikito.cfg"));
        String whitelist = read(base.resolve("available_commands.sh"));
        FakeApi.reset();

        LaunchResult result = launchNative(launcher, "install", "--base-dir", base.toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(Files.readAllBytes(base.resolve("agent"))).isEqualTo(Files.readAllBytes(standIn));
        assertThat(base.resolve("lib/quarkus-app")).doesNotExist();
        try (var lib = Files.list(base.resolve("lib"))) {
            assertThat(lib).as("nothing of the JVM installation left aside").isEmpty();
        }
        assertThat(read(base.resolve("etc/trafikito.cfg"))).isEqualTo(config);
        assertThat(read(base.resolve("available_commands.sh"))).isEqualTo(whitelist);
        assertThat(FakeApi.server().getAllServeEvents()).as("no registration").isEmpty();
        assertThat(result.getErrorOutput()).contains("installed this agent's native executable " + standIn,
                "removed the jar folder " + base + "/lib/quarkus-app");
        assertThat(host.calls()).containsSubsequence("systemctl daemon-reload", "systemctl restart trafikito.service");
    }

    @Test
    void aFailedUpgradeToNativePutsTheJvmInstallationBack(QuarkusMainLauncher launcher) throws Exception {
        apiAnswers(REGISTERED);
        assertThat(launcher.launch(installArgs(base, "--yes")).exitCode()).isZero();
        String jvmLauncher = read(base.resolve("agent"));
        host.failOn("systemctl", "restart");

        LaunchResult result = launchNative(launcher, "install", "--base-dir", base.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput()).contains("Everything install changed was undone");
        assertThat(read(base.resolve("agent"))).isEqualTo(jvmLauncher);
        assertThat(read(base.resolve("lib/quarkus-app/quarkus-run.jar"))).isEqualTo("fake quarkus-run.jar\n");
        try (var lib = Files.list(base.resolve("lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString())).containsExactly("quarkus-app");
        }
    }

    @Test
    void aNativeInstallationGoingBackToTheJvmGetsTheLauncherAndJarFolder(QuarkusMainLauncher launcher) throws Exception {
        apiAnswers(REGISTERED);
        assertThat(launchNative(launcher, installArgs(base, "--yes")).exitCode()).isZero();

        LaunchResult result = launcher.launch("install", "--base-dir", base.toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(read(base.resolve("agent"))).startsWith("#!/bin/sh\n").contains(Launcher.MARKER);
        assertThat(read(base.resolve("lib/quarkus-app/quarkus-run.jar"))).isEqualTo("fake quarkus-run.jar\n");
        assertThat(result.getErrorOutput()).contains("replaced the native executable " + base + "/agent with the JVM launcher");
        try (var files = Files.list(base)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("the native executable not left aside")
                    .noneMatch(name -> name.startsWith("."));
        }
    }

    @Test
    void installRunFromTheInstalledExecutableKeepsIt(QuarkusMainLauncher launcher) throws Exception {
        apiAnswers(REGISTERED);
        assertThat(launchNative(launcher, installArgs(base, "--yes")).exitCode()).isZero();
        standIn = base.resolve("agent"); // sudo /opt/trafikito/agent install ...

        LaunchResult result = launchNative(launcher, "install", "--base-dir", base.toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getErrorOutput()).contains("kept " + base + "/agent: install runs from it");
        assertThat(run(base.resolve("agent"), "status")).isEqualTo("stand-in native agent: status");
    }

    /** Launches install as a native agent would: with its own executable as the agent to install. */
    private LaunchResult launchNative(QuarkusMainLauncher launcher, String... args) {
        System.setProperty("agent.install.distribution", standIn.toString());
        try {
            return launcher.launch(args);
        } finally {
            System.setProperty("agent.install.distribution", host.distribution().toString());
        }
    }

    private static String run(Path executable, String arg) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(executable.toString(), arg).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
