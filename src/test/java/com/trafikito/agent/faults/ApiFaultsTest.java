package com.trafikito.agent.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.trafikito.agent.testing.FakeApi.ERROR_FEEDBACK;
import static com.trafikito.agent.testing.FakeApi.GET_CONFIG;
import static com.trafikito.agent.testing.FakeApi.SAVE_OUTPUT;
import static com.trafikito.agent.testing.FakeApi.count;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.trafikito.agent.api.ApiGateway;
import com.trafikito.agent.api.ApiResult;
import com.trafikito.agent.api.CallBudget;
import com.trafikito.agent.config.ServerCredentials;
import com.trafikito.agent.testing.TestInstallation;
import com.trafikito.agent.cycle.CycleReport;
import com.trafikito.agent.cycle.CycleService;
import com.trafikito.agent.testing.FakeApi;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Faults of the API over real sockets: what is retried, what is not, and what never reaches the API twice. */
@QuarkusTest
@WithTestResource(FakeApi.class)
class ApiFaultsTest {

    @Inject
    CycleService cycles;

    @Inject
    ApiGateway api;

    @BeforeEach
    void reset() {
        FakeApi.fresh();
    }

    @Test
    void a503IsRetriedAndTheCycleGoesOn() {
        FakeApi.server().stubFor(post(urlPathEqualTo(GET_CONFIG)).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503))
                .willSetStateTo("up"));
        FakeApi.server().stubFor(post(urlPathEqualTo(GET_CONFIG)).inScenario("flaky")
                .whenScenarioStateIs("up").willReturn(aResponse().withBody("tok hello")));

        CycleReport report = cycles.runOnce();

        assertThat(report.exitCode()).as(report.reason()).isZero();
        assertThat(count(GET_CONFIG)).isEqualTo(2);
        assertThat(count(SAVE_OUTPUT)).isEqualTo(1);
    }

    @Test
    void everyCallOfACycleDrawsOnTheCyclesBudget() {
        // Answers that never come: each call ends at connect + read timeout (2 s + 2 s here) at the latest.
        FakeApi.answer(ERROR_FEEDBACK, aResponse().withBody("OK").withFixedDelay(10_000));
        FakeApi.answer(SAVE_OUTPUT, aResponse().withBody("OK").withFixedDelay(10_000));
        ServerCredentials credentials = new ServerCredentials(TestInstallation.SERVER_ID, TestInstallation.API_KEY);
        CallBudget budget = CallBudget.of(Duration.ofSeconds(5)); // one worst case fits, two do not
        api.cycleBudget(budget);
        try {
            ApiResult first = api.errorFeedback(TestInstallation.API_KEY, 101, "AGENT_SAVE_RESULT_FAILED", "x");
            ApiResult second = api.errorFeedback(TestInstallation.API_KEY, 101, "AGENT_SAVE_RESULT_FAILED", "x");
            ApiResult save = api.saveOutput(credentials, new byte[] { 'x' }, 0, "tok", budget);

            assertThat(first).isInstanceOf(ApiResult.IoFailure.class);
            assertThat(second.describe()).contains("API time is spent");
            assertThat(save.describe()).contains("API time is spent");
            assertThat(count(ERROR_FEEDBACK)).isEqualTo(1);
            assertThat(count(SAVE_OUTPUT)).isZero();
        } finally {
            api.cycleBudget(null);
        }
    }

    @Test
    void aClientErrorIsNotRetried() {
        FakeApi.answer(GET_CONFIG, aResponse().withStatus(403));
        assertThat(cycles.runOnce().exitCode()).isEqualTo(1);
        assertThat(count(GET_CONFIG)).isEqualTo(1);
    }

    @Test
    void aPersistent500IsTriedAFewTimesThenTheCycleIsSkipped() {
        FakeApi.answer(GET_CONFIG, aResponse().withStatus(500).withBody("<html>error page</html>"));
        CycleReport report = cycles.runOnce();
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(count(GET_CONFIG)).isBetween(2, 4);
        assertThat(count(SAVE_OUTPUT)).isZero();
        assertThat(count(ERROR_FEEDBACK)).isZero();
    }

    @Test
    void garbageIsNotRetried() {
        FakeApi.getConfigAnswers("<<<garbage>>>");
        cycles.runOnce();
        assertThat(count(GET_CONFIG)).isEqualTo(1);
    }

    @Test
    void saveOutputThatTimesOutIsNeverSentTwice() {
        FakeApi.getConfigAnswers("tok hello");
        FakeApi.answer(SAVE_OUTPUT, aResponse().withBody("OK").withFixedDelay(5000));
        CycleReport report = cycles.runOnce();
        assertThat(report.exitCode()).isEqualTo(4);
        assertThat(count(SAVE_OUTPUT)).isEqualTo(1);
    }

    @Test
    void saveOutputWhoseConnectionBrokeIsNeverSentTwice() {
        FakeApi.getConfigAnswers("tok hello");
        FakeApi.answer(SAVE_OUTPUT, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        cycles.runOnce();
        assertThat(count(SAVE_OUTPUT)).isEqualTo(1);
    }

    @Test
    void aSlowDripAnswerIsDroppedAtTheCallsDeadline() {
        // 40 chunks over 20 s: each arrives well within the 2 s read timeout, the whole never within 4 s.
        FakeApi.answer("/v2/widget/get-command",
                aResponse().withBody("x".repeat(400)).withChunkedDribbleDelay(40, 20_000));
        long start = System.nanoTime();
        ApiResult result = api.widgetCommand("w1");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(result).isInstanceOf(ApiResult.IoFailure.class);
        assertThat(((ApiResult.IoFailure) result).reason()).contains("took longer");
        assertThat(seconds).isLessThan(10);
    }

    @Test
    void aThousandRequestedNamesRunAtMost256() {
        StringBuilder names = new StringBuilder("hello");
        for (int i = 0; i < 999; i++) {
            names.append(",hello").append(i);
        }
        FakeApi.getConfigAnswers("tok " + names);
        assertThat(cycles.runOnce().exitCode()).isZero();
        String payload = FakeApi.requests(SAVE_OUTPUT).get(0).getPart("output").getBody().asString();
        assertThat(payload.split("\\*-\\*-\\*-\\*------------ Trafikito command: ", -1)).hasSize(1001);
        assertThat(payload.split("more than 256 commands asked", -1)).hasSize(745);
        assertThat(payload).startsWith("*-*-*-*------------ Trafikito command: trafikito_hello\nhello\n");
    }
}
