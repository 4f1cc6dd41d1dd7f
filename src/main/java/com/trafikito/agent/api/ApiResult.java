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

    /**
     * The edge failed (the network, or an overloaded API: 5xx), so another edge may do better; an answer or a
     * 4xx is the API's word, the same on every edge.
     */
    boolean edgeFailed();

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

        @Override
        public boolean edgeFailed() {
            return false;
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

        @Override
        public boolean edgeFailed() {
            return false;
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

        @Override
        public boolean edgeFailed() {
            return status >= 500;
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

        @Override
        public boolean edgeFailed() {
            return true;
        }
    }
}
