package com.trafikito.agent.api;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: a random wait in [0, min(cap, base * 2^(attempt-1))]. The jitter
 * keeps a fleet whose API came back from retrying in lockstep.
 */
final class Backoff {

    static final Duration BASE = Duration.ofSeconds(1);
    static final Duration CAP = Duration.ofSeconds(8);

    private final RandomGenerator random;

    /** A backoff drawing from {@code random}: a fixed seed gives a reproducible sequence (tests). */
    Backoff(RandomGenerator random) {
        this.random = random;
    }

    /**
     * A random source of its own for the agent's backoff, seeded from the operating system's entropy, usable
     * from any thread. Not {@code ThreadLocalRandom.current()} kept in a field: its draws use the seed of the
     * calling thread, and a worker thread that never asked for its own instance draws from seed 0, the same
     * sequence in every JVM, so a fleet would retry in lockstep.
     */
    static RandomGenerator unpredictableRandom() {
        return new Random(new SecureRandom().nextLong());
    }

    /** The wait after failed attempt number {@code attempt} (from 1). */
    Duration after(int attempt) {
        long ceiling = Math.min(CAP.toMillis(), BASE.toMillis() << Math.min(attempt - 1, 20));
        long millis;
        synchronized (random) { // java.util.Random is thread-safe, a generator given by a test may not be
            millis = random.nextLong(ceiling + 1);
        }
        return Duration.ofMillis(millis);
    }
}
