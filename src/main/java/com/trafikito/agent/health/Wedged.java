package com.trafikito.agent.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The liveness rule of DESIGN.md (Health), on plain values so that it can be tested with any clock. The agent
 * is wedged when
 * <ul>
 * <li>a cycle has run longer than its hard deadline: interval + command timeout + 30 s; or</li>
 * <li>no cycle has started for 3 × (interval + delay) + splay, counted from the last start of this process
 * (or from its start, before the first cycle). The delay is the API's {@code cycleDelay} of the last cycle:
 * what the planned next start adds beyond the interval. The splay is this server's offset within the
 * interval, at most one interval: that bound is used, so that liveness needs no server id.</li>
 * </ul>
 * An API outage never makes the agent wedged: failing cycles still start on time.
 */
record Wedged(Duration interval, Duration commandTimeout, boolean splay) {

    static final Duration DEADLINE_SLACK = Duration.ofSeconds(30);
    static final int MISSED_STARTS = 3;

    Duration hardDeadline() {
        return interval.plus(commandTimeout).plus(DEADLINE_SLACK);
    }

    /**
     * @param runningSince  the start of the cycle running now, if one runs
     * @param lastStart     the start of the last cycle of this process, if any
     * @param processStart  when this process started (the reference before the first cycle)
     * @param nextPlanned   the planned start of the next cycle, once the scheduler has planned one
     * @return why the agent is wedged, or empty when it is alive
     */
    Optional<String> check(Instant now, Optional<Instant> runningSince, Optional<Instant> lastStart,
            Instant processStart, Optional<Instant> nextPlanned) {
        if (runningSince.isPresent()) {
            Duration running = Duration.between(runningSince.get(), now);
            if (running.compareTo(hardDeadline()) > 0) {
                return Optional.of("a cycle has run for " + running.toSeconds() + " s, past its hard deadline of "
                        + hardDeadline().toSeconds() + " s (interval + command timeout + 30 s)");
            }
            return Optional.empty();
        }
        Instant reference = lastStart.orElse(processStart);
        Duration limit = noStartLimit(lastStart, nextPlanned);
        Duration since = Duration.between(reference, now);
        if (since.compareTo(limit) > 0) {
            return Optional.of("no cycle has started for " + since.toSeconds() + " s (limit " + limit.toSeconds()
                    + " s: 3 x (interval + delay) + splay)");
        }
        return Optional.empty();
    }

    Duration noStartLimit(Optional<Instant> lastStart, Optional<Instant> nextPlanned) {
        Duration delay = Duration.ZERO;
        if (lastStart.isPresent() && nextPlanned.isPresent()) {
            Duration beyondInterval = Duration.between(lastStart.get(), nextPlanned.get()).minus(interval);
            delay = beyondInterval.isNegative() ? Duration.ZERO : beyondInterval;
        }
        Duration splayBound = splay ? interval : Duration.ZERO;
        return interval.plus(delay).multipliedBy(MISSED_STARTS).plus(splayBound);
    }
}
