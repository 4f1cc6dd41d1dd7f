package com.trafikito.agent.metrics;

import com.trafikito.agent.api.ApiResult;
import com.trafikito.agent.api.Endpoint;
import com.trafikito.agent.cycle.answer.ConfigAnswerParser;

/**
 * The {@code outcome} label of {@code agent_api_requests_total} (DESIGN.md, Metrics):
 * <ul>
 * <li>{@code io_error}: no HTTP answer at all (refused, reset, timed out, TLS failure);</li>
 * <li>{@code http_error}: a status other than 2xx;</li>
 * <li>{@code refused}: a 2xx that is not the answer the endpoint must give: an answer over 64 KiB on any
 * endpoint; for {@code ping} and {@code save_output} a body other than {@code OK}; for {@code get_config} an
 * empty body, the API's JSON error or a body that does not parse (what skips the cycle);</li>
 * <li>{@code ok}: any other 2xx. For {@code get_config} that includes {@code STOP} and {@code =} (valid
 * answers, whatever the cycle then does with them); {@code error_feedback} has no expected body, so every
 * 2xx is {@code ok} there, as for any endpoint without a defined answer.</li>
 * </ul>
 */
enum ApiOutcome {

    OK("ok"),
    REFUSED("refused"),
    HTTP_ERROR("http_error"),
    IO_ERROR("io_error");

    private static final ConfigAnswerParser PARSER = new ConfigAnswerParser();

    private final String label;

    ApiOutcome(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    static ApiOutcome of(Endpoint endpoint, ApiResult result) {
        return result.accept(new ApiResult.Handler<>() {
            @Override
            public ApiOutcome answer(ApiResult.Answer answer) {
                return expected(endpoint, answer) ? OK : REFUSED;
            }

            @Override
            public ApiOutcome tooLarge(ApiResult.TooLarge tooLarge) {
                return REFUSED;
            }

            @Override
            public ApiOutcome httpFailure(ApiResult.HttpFailure failure) {
                return HTTP_ERROR;
            }

            @Override
            public ApiOutcome ioFailure(ApiResult.IoFailure failure) {
                return IO_ERROR;
            }
        });
    }

    /** Whether a 2xx answer is what {@code endpoint} must give; a new endpoint does not compile until it says. */
    private static boolean expected(Endpoint endpoint, ApiResult.Answer answer) {
        return switch (endpoint) {
            case PING, SAVE_OUTPUT -> answer.isOk();
            case GET_CONFIG -> !PARSER.parse(answer.text()).skipsCycle();
            case ERROR_FEEDBACK, WIDGET_GET_COMMAND, WIDGET_INSTALL, GET_AGENT_FILE -> true;
        };
    }
}
