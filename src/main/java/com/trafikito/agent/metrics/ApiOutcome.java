package com.trafikito.agent.metrics;

import com.trafikito.agent.api.ApiResult;
import com.trafikito.agent.api.Endpoint;
import com.trafikito.agent.cycle.answer.ConfigAnswer;
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
final class ApiOutcome {

    static final String OK = "ok";
    static final String REFUSED = "refused";
    static final String HTTP_ERROR = "http_error";
    static final String IO_ERROR = "io_error";
    static final String[] ALL = { OK, REFUSED, HTTP_ERROR, IO_ERROR };

    private static final ConfigAnswerParser PARSER = new ConfigAnswerParser();

    private ApiOutcome() {
    }

    static String of(Endpoint endpoint, ApiResult result) {
        if (result instanceof ApiResult.IoFailure) {
            return IO_ERROR;
        }
        if (result instanceof ApiResult.HttpFailure) {
            return HTTP_ERROR;
        }
        if (result instanceof ApiResult.TooLarge) {
            return REFUSED;
        }
        ApiResult.Answer answer = (ApiResult.Answer) result;
        switch (endpoint) {
            case PING:
            case SAVE_OUTPUT:
                return answer.isOk() ? OK : REFUSED;
            case GET_CONFIG:
                ConfigAnswer parsed = PARSER.parse(answer.text());
                return parsed instanceof ConfigAnswer.Empty || parsed instanceof ConfigAnswer.ApiError
                        || parsed instanceof ConfigAnswer.Invalid ? REFUSED : OK;
            default:
                return OK;
        }
    }
}
