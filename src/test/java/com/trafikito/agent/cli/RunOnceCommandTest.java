package com.trafikito.agent.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.trafikito.agent.testing.FakeApi.GET_CONFIG;
import static com.trafikito.agent.testing.FakeApi.SAVE_OUTPUT;
import static com.trafikito.agent.testing.FakeApi.count;
import static com.trafikito.agent.testing.FakeApi.getConfigAnswers;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.github.tomakehurst.wiremock.http.Fault;
import com.trafikito.agent.state.BaseDirLock;
import com.trafikito.agent.testing.FakeApi;
import com.trafikito.agent.testing.FakeApiForLaunches;
import com.trafikito.agent.testing.TestInstallation;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** {@code agent run --once}: each exit code of DESIGN.md's table, with its reason on stderr. */
@QuarkusMainTest
@ExtendWith(FakeApiForLaunches.class)
class RunOnceCommandTest {

    TestInstallation installation;

    @BeforeEach
    void installation() {
        installation = FakeApi.installation();
    }

    @Test
    void exit0WhenTheOutputWasSaved(QuarkusMainLauncher launcher) {
        getConfigAnswers("tok hello");
        LaunchResult result = launcher.launch("run", "--once");
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(count(SAVE_OUTPUT)).isEqualTo(1);
        assertThat(result.getOutput()).doesNotContain("Trafikito command");
    }

    @Test
    void exit1WhenTheAnswerIsInvalid(QuarkusMainLauncher launcher) {
        getConfigAnswers("not/a/token");
        LaunchResult result = launcher.launch("run", "--once");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput()).contains("get_config answer invalid");
    }

    @Test
    void exit1OnANon2xxStatus(QuarkusMainLauncher launcher) {
        FakeApi.answer(GET_CONFIG, aResponse().withStatus(503));
        LaunchResult result = launcher.launch("run", "--once");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput()).contains("HTTP 503");
    }

    @Test
    void exit2WhenTheConfigIsIncomplete(QuarkusMainLauncher launcher) throws Exception {
        Files.delete(installation.config());
        LaunchResult result = launcher.launch("run", "--once");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("trafikito.cfg does not exist").contains("AGENT_SERVER_ID");
        assertThat(count(GET_CONFIG)).isZero();
    }

    @Test
    void aMissingBaseDirIsNeverCreated(QuarkusMainLauncher launcher) {
        java.nio.file.Path missing = installation.baseDir().resolve("not-installed");
        String baseDir = System.getProperty("agent.base-dir");
        System.setProperty("agent.base-dir", missing.toString());
        try {
            LaunchResult result = launcher.launch("run", "--once");
            assertThat(result.exitCode()).isEqualTo(2);
        } finally {
            System.setProperty("agent.base-dir", baseDir);
        }
        assertThat(missing).doesNotExist();
    }

    @Test
    void exit2WhenAnotherAgentHoldsTheLock(QuarkusMainLauncher launcher) throws Exception {
        try (BaseDirLock held = BaseDirLock.acquire(installation.var())) {
            LaunchResult result = launcher.launch("run", "--once");
            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.getErrorOutput()).contains("another agent runs on this base dir");
        }
    }

    @Test
    void exit3WhenStopped(QuarkusMainLauncher launcher) {
        installation.write("var/STOP", "STOP server removed\n");
        LaunchResult result = launcher.launch("run", "--once");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.getErrorOutput()).contains("STOPped by the API: STOP server removed");
        assertThat(FakeApi.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void exit4WhenTheApiCannotBeReached(QuarkusMainLauncher launcher) {
        FakeApi.answer(GET_CONFIG, aResponse().withFault(Fault.EMPTY_RESPONSE));
        LaunchResult result = launcher.launch("run", "--once");
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.getErrorOutput()).contains("get_config");
    }

    @Test
    void secretsNeverAppearInTheOutput(QuarkusMainLauncher launcher) {
        getConfigAnswers("{\"error\":\"nope\"}");
        LaunchResult result = launcher.launch("run", "--once");
        assertThat(result.getOutput() + result.getErrorOutput()).doesNotContain(TestInstallation.API_KEY);
    }
}
