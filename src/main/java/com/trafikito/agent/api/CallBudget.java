package com.trafikito.agent.api;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The API time one cycle may spend (40 s), drawn on by every call of the cycle (get_config and its retries,
 * pings of a failover, save_output, error_feedback, the widget calls) and by the waits between retries. The
 * time the commands run is not API time. A call starts only when its worst case (connect + read timeout)
 * still fits, so the API part of a cycle, and with it the cycle's bound, holds whatever the API does.
 */
public final class CallBudget {

    public static final Duration PER_CYCLE = Duration.ofSeconds(40);

    private final long totalNanos;
    private final AtomicLong spentNanos = new AtomicLong();

    private CallBudget(long totalNanos) {
        this.totalNanos = totalNanos;
    }

    public static CallBudget startingNow() {
        return of(PER_CYCLE);
    }

    /**
     * A cycle's budget for calls that may each take {@code worstCall}: {@link #PER_CYCLE}, or room for
     * get_config and save_output at their worst when the timeouts are set longer than that allows.
     */
    public static CallBudget forCalls(Duration worstCall) {
        Duration twoCalls = worstCall.multipliedBy(2);
        return of(twoCalls.compareTo(PER_CYCLE) > 0 ? twoCalls : PER_CYCLE);
    }

    public Duration total() {
        return Duration.ofNanos(totalNanos);
    }

    public static CallBudget of(Duration budget) {
        return new CallBudget(budget.toNanos());
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, totalNanos - spentNanos.get()));
    }

    /** Whether something that may take {@code worstCase} still fits. */
    public boolean allows(Duration worstCase) {
        return remaining().compareTo(worstCase) >= 0;
    }

    /** Counts time spent on the API (a call, or a wait before a retry). */
    void spend(long nanos) {
        spentNanos.addAndGet(Math.max(0, nanos));
    }
}
