package com.trafikito.agent.api;

import java.time.Duration;

/**
 * The API time one cycle may spend (40 s): get_config's retries stop when another attempt would not fit,
 * so that a cycle against an API that is down or hanging ends well within the minute.
 */
public final class CallBudget {

    public static final Duration PER_CYCLE = Duration.ofSeconds(40);

    private final long deadlineNanos;

    private CallBudget(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    public static CallBudget startingNow() {
        return of(PER_CYCLE);
    }

    public static CallBudget of(Duration budget) {
        return new CallBudget(System.nanoTime() + budget.toNanos());
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    /** Whether something that may take {@code worstCase} still ends within the budget. */
    public boolean allows(Duration worstCase) {
        return remaining().compareTo(worstCase) >= 0;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }
}
