package com.trafikito.agent.api;

/** How one API call ended. Only {@link Answer} carries a body, read up to {@link ApiGateway#MAX_ANSWER_BYTES}. */
public sealed interface ApiResult {

    /** A 2xx answer, its body read as UTF-8 text. */
    record Answer(String text) implements ApiResult {
        /** "Exactly OK" after the trailing white space is stripped (PROTOCOL.md, Reading answers). */
        public boolean isOk() {
            return "OK".equals(text.stripTrailing());
        }
    }

    /** A 2xx answer larger than the limit: refused without reading it whole. */
    record TooLarge(int limitBytes) implements ApiResult {
    }

    /** A status other than 2xx. */
    record HttpFailure(int status) implements ApiResult {
    }

    /**
     * The call failed on the network: refused, reset, timed out.
     *
     * @param neverSent the request certainly did not reach the API (the connection was never made)
     */
    record IoFailure(String reason, boolean neverSent) implements ApiResult {
    }

    /** A short description for logs and stderr. */
    default String describe() {
        if (this instanceof Answer a) {
            return "answer of " + a.text().length() + " characters";
        } else if (this instanceof TooLarge t) {
            return "answer larger than " + t.limitBytes() + " bytes, refused";
        } else if (this instanceof HttpFailure h) {
            return "HTTP status " + h.status();
        }
        return "network error: " + ((IoFailure) this).reason();
    }
}
