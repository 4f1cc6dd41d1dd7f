package com.trafikito.agent.cycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import com.trafikito.agent.time.Ticker;

/**
 * When the next cycle is due, on the monotonic clock: next start = this start + interval + the API's delay,
 * never before this cycle ended ({@link CyclePlanner}). The wall clock only places the splay's slot (a
 * stable offset within the interval, so that a fleet spreads) and shows the planned time; a step of the wall
 * clock, back or forward, moves no planned start.
 */
final class CycleSchedule {

    private final CyclePlanner planner;
    private final Clock wall;
    private final Ticker ticker;
    private Long dueNanos;

    CycleSchedule(CyclePlanner planner, Clock wall, Ticker ticker) {
        this.planner = planner;
        this.wall = wall;
        this.ticker = ticker;
    }

    /**
     * Plans the first start (the splay's slot from now) unless one is planned; true when a start is due now.
     * The server id is asked for only when a slot is placed: an idle agent asks once a second whether a start
     * is due, and reading the credentials each time was most of its idle CPU.
     */
    synchronized boolean isDue(Supplier<String> serverId) {
        long now = ticker.nanos();
        if (dueNanos == null) {
            Instant wallNow = wall.instant();
            dueNanos = now + Duration.between(wallNow, planner.first(wallNow, serverId.get())).toNanos();
        }
        return now - dueNanos >= 0;
    }

    /** Whether the first start is still to come (for the log). */
    synchronized boolean firstIsLater() {
        return dueNanos != null && dueNanos - ticker.nanos() > 0;
    }

    /** Plans the start after a cycle that started at {@code startedNanos} (monotonic) and ended now. */
    synchronized void ran(long startedNanos, int delaySeconds, Supplier<String> serverId) {
        long now = ticker.nanos();
        long planned = startedNanos + planner.intervalAndDelay(delaySeconds).toNanos();
        if (planned - now >= 0) {
            dueNanos = planned;
        } else {
            // The cycle overran its slot: the next one waits for its own slot after the end.
            Instant wallNow = wall.instant();
            dueNanos = now + Duration.between(wallNow, planner.afterOverrun(wallNow, serverId.get())).toNanos();
        }
    }

    synchronized long dueNanos() {
        return dueNanos;
    }

    /** The planned start in wall time, for display only. */
    synchronized Instant dueAt() {
        return wall.instant().plusNanos(dueNanos - ticker.nanos());
    }
}
