package com.trafikito.agent.api;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: a random wait in [0, min(cap, base * 2^(attempt-1))]. The jitter
 * keeps a fleet whose API came back from retrying in lockstep.
 */
final class Backoff {

    static final Duration BASE = Duration.ofSeconds(1);
    static final Duration CAP = Duration.ofSeconds(8);

    private final RandomGenerator random;

    Backoff(RandomGenerator random) {
        this.random = random;
    }

    /** The wait after failed attempt number {@code attempt} (from 1). */
    Duration after(int attempt) {
        long ceiling = Math.min(CAP.toMillis(), BASE.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(random.nextLong(ceiling + 1));
    }
}
