package com.trafikito.agent.api;

/**
 * How one API call ended. Only {@link Answer} carries a body, read up to {@link ApiGateway#MAX_ANSWER_BYTES}.
 * What a caller does with each kind goes through {@link #accept}: a new kind adds a method to {@link Handler},
 * and every caller fails to compile until it says what to do with it.
 */
public sealed interface ApiResult {

    /** One method per kind of result. */
    interface Handler<T> {

        T answer(Answer answer);

        T tooLarge(TooLarge tooLarge);

        T httpFailure(HttpFailure failure);

        T ioFailure(IoFailure failure);
    }

    <T> T accept(Handler<T> handler);

    /** A short description for logs and stderr. */
    String describe();

    /** A 2xx answer, its body read as UTF-8 text. */
    record Answer(String text) implements ApiResult {
        /** "Exactly OK" after the trailing white space is stripped (PROTOCOL.md, Reading answers). */
        public boolean isOk() {
            return "OK".equals(text.stripTrailing());
        }

        @Override
        public <T> T accept(Handler<T> handler) {
            return handler.answer(this);
        }

        @Override
        public String describe() {
            return "answer of " + text.length() + " characters";
        }
    }

    /** A 2xx answer larger than the limit: refused without reading it whole. */
    record TooLarge(int limitBytes) implements ApiResult {
        @Override
        public <T> T accept(Handler<T> handler) {
            return handler.tooLarge(this);
        }

        @Override
        public String describe() {
            return "answer larger than " + limitBytes + " bytes, refused";
        }
    }

    /** A status other than 2xx. */
    record HttpFailure(int status) implements ApiResult {
        @Override
        public <T> T accept(Handler<T> handler) {
            return handler.httpFailure(this);
        }

        @Override
        public String describe() {
            return "HTTP status " + status;
        }
    }

    /**
     * The call failed on the network: refused, reset, timed out.
     *
     * @param neverSent the request certainly did not reach the API (the connection was never made)
     */
    record IoFailure(String reason, boolean neverSent) implements ApiResult {
        @Override
        public <T> T accept(Handler<T> handler) {
            return handler.ioFailure(this);
        }

        @Override
        public String describe() {
            return "network error: " + reason;
        }
    }
}
