package com.trafikito.agent.cycle.answer;

/**
 * What a get_config answer means (PROTOCOL.md section 1). Every {@code raw} is the answer without its
 * trailing white space, for error details and logs.
 */
public sealed interface ConfigAnswer {

    /** An empty body: log and skip the cycle. */
    record Empty() implements ConfigAnswer {
    }

    /** The API's JSON error: error 104 with {@code message}, skip the cycle. */
    record ApiError(String message, String raw) implements ConfigAnswer {
    }

    /** {@code STOP} with an optional reason (empty when none): write {@code var/STOP} and stop cycling. */
    record Stop(String reason, String raw) implements ConfigAnswer {
    }

    /** {@code =}: run the cached answer again. */
    record SameAsLast() implements ConfigAnswer {
    }

    /** A normal or legacy answer. */
    record Order(CycleOrder order) implements ConfigAnswer {
    }

    /** Anything else: error 105 {@code AGENT_INVALID_CYCLE_DATA} with {@code raw} as details, skip the cycle. */
    record Invalid(String why, String raw) implements ConfigAnswer {
    }
}
