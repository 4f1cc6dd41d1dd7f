package com.trafikito.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.trafikito.agent.api.ApiResult;
import com.trafikito.agent.api.Endpoint;

/** The {@code outcome} label of each API request (DESIGN.md, Metrics), per endpoint and kind of result. */
class ApiOutcomeTest {

    @Test
    void theLabelsAreTheMetricsContracts() {
        assertThat(List.of(ApiOutcome.values()).stream().map(ApiOutcome::label))
                .containsExactly("ok", "refused", "http_error", "io_error");
    }

    @Test
    void failuresAreLabelledAlikeOnEveryEndpoint() {
        for (Endpoint endpoint : Endpoint.values()) {
            assertThat(ApiOutcome.of(endpoint, new ApiResult.IoFailure("reset", true))).isEqualTo(ApiOutcome.IO_ERROR);
            assertThat(ApiOutcome.of(endpoint, new ApiResult.HttpFailure(503))).isEqualTo(ApiOutcome.HTTP_ERROR);
            assertThat(ApiOutcome.of(endpoint, new ApiResult.TooLarge(65536))).isEqualTo(ApiOutcome.REFUSED);
        }
    }

    @Test
    void pingAndSaveOutputMustAnswerOk() {
        for (Endpoint endpoint : List.of(Endpoint.PING, Endpoint.SAVE_OUTPUT)) {
            assertThat(ApiOutcome.of(endpoint, new ApiResult.Answer("OK\n"))).isEqualTo(ApiOutcome.OK);
            assertThat(ApiOutcome.of(endpoint, new ApiResult.Answer("NOT OK"))).isEqualTo(ApiOutcome.REFUSED);
        }
    }

    @Test
    void getConfigIsRefusedWhenItsAnswerSkipsTheCycle() {
        for (String skips : List.of("", "{\"error\":{\"message\":\"no such server\"}}", " leading space")) {
            assertThat(ApiOutcome.of(Endpoint.GET_CONFIG, new ApiResult.Answer(skips))).as(skips)
                    .isEqualTo(ApiOutcome.REFUSED);
        }
        for (String valid : List.of("STOP gone", "=", "tok-1 uptime 2.0 15")) {
            assertThat(ApiOutcome.of(Endpoint.GET_CONFIG, new ApiResult.Answer(valid))).as(valid)
                    .isEqualTo(ApiOutcome.OK);
        }
    }

    @Test
    void endpointsWithoutAnExpectedBodyTakeAny2xx() {
        for (Endpoint endpoint : List.of(Endpoint.ERROR_FEEDBACK, Endpoint.WIDGET_GET_COMMAND, Endpoint.WIDGET_INSTALL,
                Endpoint.GET_AGENT_FILE)) {
            assertThat(ApiOutcome.of(endpoint, new ApiResult.Answer("anything"))).isEqualTo(ApiOutcome.OK);
        }
    }
}
