package com.trafikito.agent.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.trafikito.agent.cli.InstallTesting.REGISTERED;
import static com.trafikito.agent.cli.InstallTesting.SERVER_ID;
import static com.trafikito.agent.cli.InstallTesting.apiAnswers;
import static com.trafikito.agent.cli.InstallTesting.installArgs;
import static com.trafikito.agent.cli.InstallTesting.read;
import static com.trafikito.agent.cli.InstallTesting.requests;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.trafikito.agent.testing.FakeApi;
import com.trafikito.agent.testing.FakeHost;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** {@code agent install} again on its own installation: an upgrade keeps what the owner has, unless told. */
@QuarkusMainTest
class InstallUpgradeTest extends OnFakeHost {

    static final String OWNER_LINES = "# my own commands\ntrafikito_free=\"free -m\"\ntrafikito_mine=\"echo mine\"\n";

    @BeforeEach
    void installOnce(QuarkusMainLauncher launcher) throws Exception {
        apiAnswers(REGISTERED);
        LaunchResult first = launcher.launch(installArgs(base, "--yes"));
        assertThat(first.exitCode()).as(first.getErrorOutput()).isZero();
        Files.writeString(base.resolve("available_commands.sh"), OWNER_LINES, java.nio.file.StandardOpenOption.APPEND);
        FakeApi.reset();
    }

    @Test
    void anUpgradeKeepsTheWhitelistAndTheServerIdAndReplacesTheAgent(QuarkusMainLauncher launcher) throws Exception {
        String whitelist = read(base.resolve("available_commands.sh"));
        String config = read(base.resolve("etc/trafikito.cfg"));
        Files.writeString(base.resolve("lib/quarkus-app/old-version-only.jar"), "old\n");
        Files.writeString(base.resolve("etc/jvm.options"), "-Xmx48m\n");

        LaunchResult result = launcher.launch("install", "--base-dir", base.toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(FakeApi.server().getAllServeEvents()).as("no registration").isEmpty();
        assertThat(read(base.resolve("available_commands.sh"))).isEqualTo(whitelist);
        assertThat(read(base.resolve("etc/trafikito.cfg"))).isEqualTo(config);
        assertThat(read(base.resolve("etc/jvm.options"))).as("the owner's JVM options").isEqualTo("-Xmx48m\n");
        assertThat(base.resolve("lib/quarkus-app/old-version-only.jar")).doesNotExist();
        assertThat(base.resolve("lib/quarkus-app/quarkus-run.jar")).exists();
        try (var lib = Files.list(base.resolve("lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString())).as("no copy of the old version left")
                    .containsExactly("quarkus-app");
        }
        assertThat(result.getErrorOutput()).contains("upgrading it", "kept the lines of " + base + "/available_commands.sh as they are",
                "kept the content of " + base + "/etc/trafikito.cfg as it is (server id " + SERVER_ID + ")", "kept your " + base + "/etc/jvm.options");
        assertThat(host.calls()).containsSubsequence("systemctl daemon-reload", "systemctl restart trafikito.service");
        assertThat(host.calls().stream().filter(c -> c.startsWith("useradd"))).hasSize(1);
    }

    @Test
    void reRegisterGetsANewServerIdAndAddsOnlyWhatTheWhitelistLacks(QuarkusMainLauncher launcher) throws Exception {
        String before = read(base.resolve("available_commands.sh"));
        InstallTesting.write(base.resolve("var/STOP"), "STOP server removed\n", "rw-------");
        InstallTesting.registrationAnswers(aResponse().withBody("server_id = srv-new-2\napi_key = key-new-0123456789\n"));
        InstallTesting.whitelistAnswers(aResponse().withBody("trafikito_free=\"free -h\"\ntrafikito_vmstat=\"vmstat\"\n"));

        LaunchResult result = launcher.launch("install", "--base-dir", base.toString(), "--re-register", "--yes");

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(requests("trafikito.conf").get(0).getBodyAsString())
                .as("the user api key and workspace saved by the first install").contains(InstallTesting.USER_API_KEY, "ws-42");
        assertThat(read(base.resolve("etc/trafikito.cfg"))).contains("export SERVER_ID=\"srv-new-2\"",
                "export API_KEY=\"key-new-0123456789\"").doesNotContain(SERVER_ID);
        String after = read(base.resolve("available_commands.sh"));
        assertThat(after).startsWith(before).endsWith("command(s) this file did not have\ntrafikito_vmstat=\"vmstat\"\n");
        assertThat(after).doesNotContain("free -h");
        assertThat(base.resolve("var/STOP")).doesNotExist();
        assertThat(result.getErrorOutput()).contains("deleted " + base + "/var/STOP: it belonged to the previous server id");
    }

    @Test
    void aFailedUpgradePutsThePreviousVersionBack(QuarkusMainLauncher launcher) throws Exception {
        Files.writeString(base.resolve("lib/quarkus-app/old-version-only.jar"), "old\n");
        String unit = read(host.unitFile());
        host.failOn("systemctl", "enable");

        LaunchResult result = launcher.launch("install", "--base-dir", base.toString(), "--run-as", "nobody");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput()).contains("Everything install changed was undone");
        assertThat(base.resolve("lib/quarkus-app/old-version-only.jar")).exists();
        assertThat(read(base.resolve("etc/trafikito.cfg"))).contains("export RUNAS=\"trafikito\"");
        assertThat(read(host.unitFile())).isEqualTo(unit);
        assertThat(host.isActive()).as("running again, as before").isTrue();
    }
}
