package com.trafikito.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.trafikito.agent.testing.FakeApi;
import com.trafikito.agent.testing.FakeApiForLaunches;
import com.trafikito.agent.testing.TestInstallation;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

@QuarkusMainTest
@ExtendWith(FakeApiForLaunches.class)
class DryRunAndCheckCommandTest {

    TestInstallation installation;

    @BeforeEach
    void installation() {
        installation = FakeApi.installation();
    }

    @Test
    void dryRunPrintsThePayloadOfEveryWhitelistedCommandWithoutNetwork(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("run", "--once", "--dry-run");

        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).isEqualTo("""
                *-*-*-*------------ Trafikito command: trafikito_hello
                hello
                *-*-*-*------------ Trafikito command: trafikito_two_lines
                a
                b
                *-*-*-*------------ Trafikito command: trafikito_fail
                failing
                *-*-*-*------------ Available commands:
                trafikito_hello="echo hello"
                trafikito_two_lines="printf 'a\\nb'"
                trafikito_fail="echo failing >&2; exit 3\"""");
        assertThat(FakeApi.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void dryRunUsesTheBundledSampleWhenThereIsNoWhitelist(QuarkusMainLauncher launcher) throws Exception {
        Files.delete(installation.whitelist());
        LaunchResult result = launcher.launch("run", "--once", "--dry-run");

        assertThat(result.exitCode()).isZero();
        assertThat(result.getErrorOutput()).contains("bundled sample");
        assertThat(result.getOutput()).contains("*-*-*-*------------ Trafikito command: trafikito_uptime\n")
                .contains("trafikito_ps=\"ps aux --sort=-%mem,-%cpu --width 200 | head -n 7\"");
    }

    @Test
    void dryRunRefusesAWorldWritableWhitelist(QuarkusMainLauncher launcher) throws Exception {
        Files.setPosixFilePermissions(installation.whitelist(),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        LaunchResult result = launcher.launch("run", "--once", "--dry-run");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains(installation.whitelist().toString());
        assertThat(result.getOutput()).isEmpty();
    }

    @Test
    void checkIsCleanOnAGoodInstallation(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("check");
        assertThat(result.exitCode()).as(result.getOutput()).isZero();
        assertThat(result.getOutput()).contains("3 valid commands")
                .contains("Health and metrics: http://127.0.0.1:").contains("/q/health/ready");
    }

    @Test
    void checkPrintsEveryProblemWithItsLine(QuarkusMainLauncher launcher) {
        installation.writeWhitelist("trafikito_a=\"uptime\"\nexport trafikito_b=\"x\"\n\ntrafikito_c='y'\n");
        installation.writeConfig("export SERVER_ID=\"abc\"\nthis is not a line\n");

        LaunchResult result = launcher.launch("check");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getOutput())
                .contains("available_commands.sh:2: invalid line")
                .contains("available_commands.sh:4: invalid line")
                .contains("trafikito.cfg: line 2: not of the form")
                .contains("missing key API_KEY");
    }

    @Test
    void versionIsPrinted(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("--version");
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).startsWith("trafikito-agent ");
    }

    @Test
    void anUnknownOptionIsAUsageError(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("run", "--bogus");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("--bogus");
    }
}
