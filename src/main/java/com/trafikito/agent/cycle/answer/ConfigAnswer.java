package com.trafikito.agent.cycle.answer;

/**
 * What a get_config answer means (PROTOCOL.md section 1). Every {@code raw} is the answer without its
 * trailing white space, for error details and logs. What the cycle does with each kind goes through
 * {@link #accept}: a new kind adds a method to {@link Handler}, and the cycle fails to compile until it
 * handles it.
 */
public sealed interface ConfigAnswer {

    /** One method per kind of answer. */
    interface Handler<T> {

        T empty();

        T apiError(ApiError error);

        T stop(Stop stop);

        T sameAsLast();

        T order(Order order);

        T invalid(Invalid invalid);
    }

    <T> T accept(Handler<T> handler);

    /**
     * The answer gives the cycle nothing to do, whatever was cached: an empty body, the API's error, or not an
     * answer at all. The metrics count such a 2xx as {@code refused}.
     */
    boolean skipsCycle();

    /** An empty body: log and skip the cycle. */
    record Empty() implements ConfigAnswer {
        @Override
        public <T> T accept(Handler<T> handler) {
            return handler.empty();
        }

        @Override
        public boolean skipsCycle() {
            return true;
        }
    }

    /** The API's JSON error: error 104 with {@code message}, skip the cycle. */
    record ApiError(String message, String raw) implements ConfigAnswer {
        @Override
        public <T> T accept(Handler<T> handler) {
            return handler.apiError(this);
        }

        @Override
        public boolean skipsCycle() {
            return true;
        }
    }

    /** {@code STOP} with an optional reason (empty when none): write {@code var/STOP} and stop cycling. */
    record Stop(String reason, String raw) implements ConfigAnswer {
        @Override
        public <T> T accept(Handler<T> handler) {
            return handler.stop(this);
        }

        @Override
        public boolean skipsCycle() {
            return false;
        }
    }

    /** {@code =}: run the cached answer again. */
    record SameAsLast() implements ConfigAnswer {
        @Override
        public <T> T accept(Handler<T> handler) {
            return handler.sameAsLast();
        }

        @Override
        public boolean skipsCycle() {
            return false;
        }
    }

    /** A normal or legacy answer. */
    record Order(CycleOrder order) implements ConfigAnswer {
        @Override
        public <T> T accept(Handler<T> handler) {
            return handler.order(this);
        }

        @Override
        public boolean skipsCycle() {
            return false;
        }
    }

    /** Anything else: error 105 {@code AGENT_INVALID_CYCLE_DATA} with {@code raw} as details, skip the cycle. */
    record Invalid(String why, String raw) implements ConfigAnswer {
        @Override
        public <T> T accept(Handler<T> handler) {
            return handler.invalid(this);
        }

        @Override
        public boolean skipsCycle() {
            return true;
        }
    }
}
