package com.trafikito.agent.health;

import java.time.Duration;
import java.util.Optional;

import com.trafikito.agent.state.AgentState.Timing;

/**
 * The liveness rule of DESIGN.md (Health), on plain monotonic nanos so that it can be tested with any clock
 * and no wall-clock step moves it. The agent is wedged when
 * <ul>
 * <li>a cycle has run {@link #PAST_BOUND} past its own bound: the API budget of all its calls plus the rounds
 * of {@code parallelism} commands × (timeout + TERM→KILL grace), which the cycle itself keeps to; or</li>
 * <li>no cycle has started for 3 × (interval + delay) + splay, counted from the last start of this process
 * (or from its start, before the first cycle). The delay is the API's {@code cycleDelay} of the last cycle:
 * what the planned next start adds beyond the interval. The splay is this server's offset within the
 * interval, at most one interval: that bound is used, so that liveness needs no server id.</li>
 * </ul>
 * An API outage or a long but progressing cycle never makes the agent wedged: a restart would fix neither.
 */
record Wedged(Duration interval, boolean splay) {

    static final Duration PAST_BOUND = Duration.ofSeconds(30);
    static final int MISSED_STARTS = 3;

    /**
     * @param now          monotonic nanos now
     * @param timing       the cycles' monotonic facts
     * @param processStart monotonic nanos of this process's start (the reference before the first cycle)
     * @return why the agent is wedged, or empty when it is alive
     */
    Optional<String> check(long now, Timing timing, long processStart) {
        if (timing.runningSince() != null) {
            long since = timing.runningSince();
            long deadline = timing.deadline() != null ? timing.deadline() : since;
            if (now - deadline > PAST_BOUND.toNanos()) {
                return Optional.of("a cycle has run for " + seconds(now - since) + " s, more than 30 s past its bound of "
                        + seconds(deadline - since) + " s (API budget + rounds of commands x (timeout + kill grace))");
            }
            return Optional.empty();
        }
        long reference = timing.lastStart() != null ? timing.lastStart() : processStart;
        Duration limit = noStartLimit(timing);
        long since = now - reference;
        if (since > limit.toNanos()) {
            return Optional.of("no cycle has started for " + seconds(since) + " s (limit " + limit.toSeconds()
                    + " s: 3 x (interval + delay) + splay)");
        }
        return Optional.empty();
    }

    Duration noStartLimit(Timing timing) {
        Duration delay = Duration.ZERO;
        if (timing.lastStart() != null && timing.nextDue() != null) {
            Duration beyondInterval = Duration.ofNanos(timing.nextDue() - timing.lastStart()).minus(interval);
            delay = beyondInterval.isNegative() ? Duration.ZERO : beyondInterval;
        }
        Duration splayBound = splay ? interval : Duration.ZERO;
        return interval.plus(delay).multipliedBy(MISSED_STARTS).plus(splayBound);
    }

    private static long seconds(long nanos) {
        return Duration.ofNanos(nanos).toSeconds();
    }
}
