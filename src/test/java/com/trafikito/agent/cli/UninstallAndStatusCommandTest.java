package com.trafikito.agent.cli;

import static com.trafikito.agent.cli.InstallTesting.API_KEY;
import static com.trafikito.agent.cli.InstallTesting.REGISTERED;
import static com.trafikito.agent.cli.InstallTesting.SERVER_ID;
import static com.trafikito.agent.cli.InstallTesting.USER_API_KEY;
import static com.trafikito.agent.cli.InstallTesting.apiAnswers;
import static com.trafikito.agent.cli.InstallTesting.installArgs;
import static com.trafikito.agent.cli.InstallTesting.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.trafikito.agent.testing.FakeHost;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** {@code agent uninstall} and {@code agent status} on an installation made by {@code agent install}. */
@QuarkusMainTest
class UninstallAndStatusCommandTest extends OnFakeHost {

    @BeforeEach
    void install(QuarkusMainLauncher launcher) {
        apiAnswers(REGISTERED);
        LaunchResult result = launcher.launch(installArgs(base, "--yes"));
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
    }

    @Test
    void uninstallRemovesTheServiceAndKeepsTheFiles(QuarkusMainLauncher launcher) {
        int before = host.calls().size();
        LaunchResult result = launcher.launch("uninstall", "--base-dir", base.toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(host.calls().subList(before, host.calls().size())).containsExactly("systemctl stop trafikito.service",
                "systemctl disable trafikito.service", "systemctl daemon-reload", "systemctl reset-failed trafikito.service");
        assertThat(host.unitFile()).doesNotExist();
        assertThat(base.resolve("etc/trafikito.cfg")).exists();
        assertThat(host.hasUser("trafikito")).isTrue();
        assertThat(result.getErrorOutput()).contains("kept " + base, "uninstall --purge");
    }

    @Test
    void purgeWithYesRemovesTheBaseDirAndTheUser(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("uninstall", "--purge", "--yes", "--base-dir", base.toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(base).doesNotExist();
        assertThat(host.unitFile()).doesNotExist();
        assertThat(host.hasUser("trafikito")).isFalse();
        assertThat(host.calls()).contains("userdel trafikito");
        assertThat(result.getErrorOutput()).contains("removed " + base, "removed the system user trafikito");
    }

    @Test
    void purgeRemovesTheDropInsAPlainUninstallKeepsThem(QuarkusMainLauncher launcher) {
        Path dropIn = host.systemdDir().resolve("trafikito.service.d/override.conf");
        write(dropIn, "[Service]\nEnvironment=AGENT_API_URL=https://eu.example.com\n", "rw-r--r--");

        LaunchResult uninstall = launcher.launch("uninstall", "--base-dir", base.toString());
        assertThat(uninstall.exitCode()).as(uninstall.getErrorOutput()).isZero();
        assertThat(dropIn).exists();
        assertThat(uninstall.getErrorOutput()).contains("kept the drop-ins of " + dropIn.getParent());

        LaunchResult purge = launcher.launch("uninstall", "--purge", "--yes", "--base-dir", base.toString());
        assertThat(purge.exitCode()).as(purge.getErrorOutput()).isZero();
        assertThat(dropIn.getParent()).doesNotExist();
        assertThat(base).doesNotExist();
    }

    @Test
    void aFailedStopOrDisableDeletesNothing(QuarkusMainLauncher launcher) {
        for (String verb : new String[] { "stop", "disable" }) {
            host.failOn("systemctl", verb);
            LaunchResult result = launcher.launch("uninstall", "--purge", "--yes", "--base-dir", base.toString());

            assertThat(result.exitCode()).as(verb).isEqualTo(1);
            assertThat(result.getErrorOutput()).contains("systemctl " + verb + " trafikito.service failed");
            assertThat(host.unitFile()).as(verb).exists();
            assertThat(base.resolve("etc/trafikito.cfg")).as(verb).exists();
            assertThat(host.hasUser("trafikito")).as(verb).isTrue();
            host.clearFailure("systemctl", verb);
        }
    }

    @Test
    void statusShowsTheApiUrlOfTheServicesEnvironment(QuarkusMainLauncher launcher) {
        host.serviceEnvironment("AGENT_BASE_DIR=" + base + " AGENT_API_URL=https://eu.example.com");
        LaunchResult result = launcher.launch("status", "--base-dir", base.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("API:          https://eu.example.com (AGENT_API_URL of the service's");
    }

    @Test
    void purgeWithoutATerminalOrYesChangesNothing(QuarkusMainLauncher launcher) {
        int before = host.calls().size();
        LaunchResult result = launcher.launch("uninstall", "--purge", "--base-dir", base.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("add --yes", "Nothing was changed");
        assertThat(base.resolve("etc/trafikito.cfg")).exists();
        assertThat(host.unitFile()).exists();
        assertThat(host.calls()).hasSize(before);
    }

    @Test
    void removingTheServiceNeedsRoot(QuarkusMainLauncher launcher) {
        System.setProperty("agent.install.assume-root", "false");
        LaunchResult result = launcher.launch("uninstall", "--base-dir", base.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("needs root");
        assertThat(host.unitFile()).exists();
    }

    @Test
    void purgeRefusesAFolderThatIsNotAnInstallation(QuarkusMainLauncher launcher) {
        Path other = host.newBaseDir("someone-else");
        write(other.resolve("data.txt"), "not ours\n", "rw-r--r--");
        LaunchResult result = launcher.launch("uninstall", "--purge", "--yes", "--base-dir", other.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(other.resolve("data.txt")).exists();
        assertThat(host.unitFile()).exists();
    }

    @Test
    void statusShowsTheInstallationAndNeverASecret(QuarkusMainLauncher launcher) {
        long started = Instant.now().minusSeconds(1800).getEpochSecond();
        write(base.resolve("var/state"), "{\"lastCycleStarted\":" + started + ",\"lastCycleEnded\":" + (started + 2)
                + ",\"lastOutcome\":\"ok\",\"lastReason\":\"saved\",\"lastCycleSeconds\":2,\"lastSuccess\":" + (started + 2)
                + ",\"announcedVersion\":\"2.1.0\",\"consecutiveApiFailures\":0}", "rw-------");
        write(base.resolve("var/STOP"), "STOP server removed\n", "rw-------");
        InstallTesting.write(base.resolve("available_commands.sh"),
                InstallTesting.read(base.resolve("available_commands.sh")) + "not a command line\n", "rw-r--r--");

        LaunchResult result = launcher.launch("status", "--base-dir", base.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains(
                "Installation: " + base,
                "Service:      active (" + host.unitFile() + "), user trafikito",
                "Server id:    " + SERVER_ID,
                "API key:      ****a6L1",
                "Last cycle:   " + Instant.ofEpochSecond(started) + " (30 min ago), ok (saved), took 2 s",
                "STOP:         \"STOP server removed\": the API removed this server; delete " + base + "/var/STOP to resume",
                "the API announced 2.1.0",
                "Health:       http://127.0.0.1:",
                "Whitelist:    3 commands in " + base + "/available_commands.sh, 1 invalid line(s):",
                "line 20: not a command line");
        assertThat(result.getOutput() + result.getErrorOutput()).doesNotContain(API_KEY).doesNotContain(USER_API_KEY);
    }

    @Test
    void statusOfAMissingInstallationSaysSo(QuarkusMainLauncher launcher) throws Exception {
        Path none = host.newBaseDir("none");
        Files.delete(host.unitFile());
        LaunchResult result = launcher.launch("status", "--base-dir", none.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("Installation: not installed (" + none, "Service:      not installed");
    }
}
