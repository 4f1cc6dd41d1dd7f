package com.trafikito.agent.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.http.Fault;
import com.trafikito.agent.cycle.CycleService;
import com.trafikito.agent.testing.FakeApi;
import com.trafikito.agent.testing.Scrape;
import com.trafikito.agent.testing.TestInstallation;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code /q/metrics} after real cycles against the fake API: the exported names and labels are exactly
 * DESIGN.md's. Counters are shared with the other tests of this application, so each test compares a scrape
 * before with one after.
 */
@QuarkusTest
@WithTestResource(FakeApi.class)
class MetricsEndpointTest {

    @Inject
    CycleService cycles;

    TestInstallation installation;

    @BeforeEach
    void reset() {
        FakeApi.reset();
        installation = FakeApi.installation().reset();
    }

    @Test
    void everyContractSeriesIsThereFromTheStartWithItsType() {
        // Prometheus asks for OpenMetrics first, where a counter's family has no _total; the classic text
        // format names it with _total. The samples are named the same in both.
        Scrape openMetrics = Scrape.now();
        assertThat(openMetrics.text()).contains(
                "# TYPE agent_cycles counter",
                "# TYPE agent_cycle_duration_seconds histogram",
                "# TYPE agent_api_requests counter",
                "# TYPE agent_api_request_duration_seconds histogram",
                "# TYPE agent_last_success_timestamp_seconds gauge",
                "# TYPE agent_stopped gauge");
        Scrape classic = Scrape.now("text/plain; version=0.0.4");
        assertThat(classic.text()).contains(
                "# TYPE agent_cycles_total counter",
                "# TYPE agent_cycle_duration_seconds histogram",
                "# TYPE agent_api_requests_total counter",
                "# TYPE agent_api_request_duration_seconds histogram",
                "# TYPE agent_last_success_timestamp_seconds gauge",
                "# TYPE agent_stopped gauge");
        for (Scrape scrape : new Scrape[] { openMetrics, classic }) {
            for (String outcome : new String[] { "ok", "skipped", "failed", "stopped" }) {
                assertThat(scrape.value("agent_cycles_total", "outcome", outcome)).as(outcome).isNotNull();
            }
            for (String endpoint : new String[] { "ping", "get_config", "save_output", "error_feedback" }) {
                for (String outcome : new String[] { "ok", "refused", "http_error", "io_error" }) {
                    assertThat(scrape.value("agent_api_requests_total", "endpoint", endpoint, "outcome", outcome))
                            .as(endpoint + " " + outcome).isNotNull();
                }
                assertThat(scrape.value("agent_api_request_duration_seconds_count", "endpoint", endpoint)).isNotNull();
            }
            assertThat(scrape.value("agent_cycle_duration_seconds_count")).isNotNull();
            assertThat(scrape.value("agent_stopped")).isNotNull();
            assertThat(scrape.value("agent_last_success_timestamp_seconds")).isNotNull();
        }
    }

    @Test
    void aSavedCycleCountsTheCycleTheRequestsAndEachCommand() {
        FakeApi.getConfigAnswers("tok hello,two_lines");
        Scrape before = Scrape.now();
        cycles.runOnce();
        Scrape after = Scrape.now();

        assertThat(delta(before, after, "agent_cycles_total", "outcome", "ok")).isEqualTo(1);
        assertThat(delta(before, after, "agent_cycle_duration_seconds_count")).isEqualTo(1);
        assertThat(delta(before, after, "agent_cycle_duration_seconds_bucket", "le", "120.0")).isEqualTo(1);
        assertThat(delta(before, after, "agent_api_requests_total", "endpoint", "get_config", "outcome", "ok")).isEqualTo(1);
        assertThat(delta(before, after, "agent_api_requests_total", "endpoint", "save_output", "outcome", "ok")).isEqualTo(1);
        assertThat(delta(before, after, "agent_api_request_duration_seconds_count", "endpoint", "save_output")).isEqualTo(1);
        assertThat(delta(before, after, "agent_command_duration_seconds_count", "command", "trafikito_hello")).isEqualTo(1);
        assertThat(delta(before, after, "agent_command_duration_seconds_count", "command", "trafikito_two_lines")).isEqualTo(1);
        assertThat(after.value("agent_command_timeouts_total", "command", "trafikito_hello")).isNotNull();
        assertThat(delta(before, after, "agent_command_timeouts_total", "command", "trafikito_hello")).isZero();
        assertThat(after.value("agent_last_success_timestamp_seconds"))
                .isCloseTo((double) Instant.now().getEpochSecond(), within(5.0));
        assertThat(after.value("agent_stopped")).isZero();
    }

    @Test
    void theCommandLabelOnlyEverHoldsWhitelistedNames() {
        FakeApi.getConfigAnswers("tok hello,not_listed,bad-name");
        cycles.runOnce();
        Scrape after = Scrape.now();
        assertThat(after.text()).doesNotContain("not_listed").doesNotContain("bad-name");
        assertThat(after.value("agent_command_duration_seconds_count", "command", "trafikito_hello")).isPositive();
    }

    @Test
    void aTwoHundredThatIsNotTheExpectedAnswerIsRefused() {
        Scrape before = Scrape.now();
        FakeApi.getConfigAnswers("{\"error\":{\"code\":\"x\",\"message\":\"SLOW_DOWN\"},\"data\":null}");
        cycles.runOnce();
        FakeApi.getConfigAnswers("not/a/token");
        cycles.runOnce();
        FakeApi.getConfigAnswers("");
        cycles.runOnce();
        FakeApi.getConfigAnswers("tok hello");
        FakeApi.answer(FakeApi.SAVE_OUTPUT, aResponse().withBody("BLOCKED"));
        cycles.runOnce();
        Scrape after = Scrape.now();

        assertThat(delta(before, after, "agent_api_requests_total", "endpoint", "get_config", "outcome", "refused")).isEqualTo(3);
        assertThat(delta(before, after, "agent_api_requests_total", "endpoint", "get_config", "outcome", "ok")).isEqualTo(1);
        assertThat(delta(before, after, "agent_api_requests_total", "endpoint", "save_output", "outcome", "refused")).isEqualTo(1);
        // error_feedback has no expected body: its 2xx answers are ok (104, 105, 101 reported once each)
        assertThat(delta(before, after, "agent_api_requests_total", "endpoint", "error_feedback", "outcome", "ok")).isEqualTo(3);
        assertThat(delta(before, after, "agent_cycles_total", "outcome", "skipped")).isEqualTo(3);
        assertThat(delta(before, after, "agent_cycles_total", "outcome", "failed")).isEqualTo(1);
    }

    @Test
    void statusAndNetworkFailuresAreCountedApart() {
        Scrape before = Scrape.now();
        FakeApi.answer(FakeApi.GET_CONFIG, aResponse().withStatus(503));
        cycles.runOnce();
        FakeApi.answer(FakeApi.GET_CONFIG, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        cycles.runOnce();
        Scrape after = Scrape.now();

        assertThat(delta(before, after, "agent_api_requests_total", "endpoint", "get_config", "outcome", "http_error")).isEqualTo(1);
        assertThat(delta(before, after, "agent_api_requests_total", "endpoint", "get_config", "outcome", "io_error")).isEqualTo(1);
        assertThat(delta(before, after, "agent_cycles_total", "outcome", "skipped")).isEqualTo(1);
        assertThat(delta(before, after, "agent_cycles_total", "outcome", "failed")).isEqualTo(1);
    }

    @Test
    void stoppedIsOneWhileTheStopFileIsThere() throws Exception {
        Scrape before = Scrape.now();
        FakeApi.getConfigAnswers("STOP server removed");
        cycles.runOnce();
        Scrape stopped = Scrape.now();
        assertThat(stopped.value("agent_stopped")).isEqualTo(1);
        assertThat(delta(before, stopped, "agent_cycles_total", "outcome", "stopped")).isEqualTo(1);
        // STOP is a valid answer of get_config: ok at the request level
        assertThat(delta(before, stopped, "agent_api_requests_total", "endpoint", "get_config", "outcome", "ok")).isEqualTo(1);

        Files.delete(installation.var().resolve("STOP"));
        FakeApi.getConfigAnswers("tok hello");
        cycles.runOnce();
        assertThat(Scrape.now().value("agent_stopped")).isZero();
    }

    @Test
    void aCommandKilledAtItsTimeLimitCountsAsATimeout() {
        installation.writeWhitelist(TestInstallation.WHITELIST + "trafikito_slow=\"sleep 60\"\n");
        FakeApi.getConfigAnswers("tok slow");
        Scrape before = Scrape.now();
        cycles.runOnce();
        Scrape after = Scrape.now();
        assertThat(delta(before, after, "agent_command_timeouts_total", "command", "trafikito_slow")).isEqualTo(1);
        assertThat(delta(before, after, "agent_command_duration_seconds_count", "command", "trafikito_slow")).isEqualTo(1);
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.valueOrZero(name, labels) - before.valueOrZero(name, labels);
    }
}
