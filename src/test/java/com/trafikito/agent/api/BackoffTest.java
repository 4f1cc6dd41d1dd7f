package com.trafikito.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import org.junit.jupiter.api.Test;

/** Full jitter only spreads a fleet's retries if every agent draws its own waits. */
class BackoffTest {

    private static final int DRAWS = 12;

    @Test
    void twoGatewaysDrawDifferentWaitsOnWorkerThreads() throws Exception {
        // As in the agent: built on one thread, used on a worker thread that never made a random of its own.
        Backoff first = new Backoff(Backoff.unpredictableRandom());
        Backoff second = new Backoff(Backoff.unpredictableRandom());

        assertThat(onFreshThread(first)).isNotEqualTo(onFreshThread(second));
    }

    @Test
    void aFixedSeedReproducesTheWaits() {
        assertThat(draws(new Backoff(new Random(42)))).isEqualTo(draws(new Backoff(new Random(42))))
                .isNotEqualTo(draws(new Backoff(new Random(43))));
    }

    @Test
    void waitsStayWithinTheExponentialCeilingAndTheCap() {
        Backoff backoff = new Backoff(Backoff.unpredictableRandom());
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.after(1)).isBetween(Duration.ZERO, Backoff.BASE);
            assertThat(backoff.after(3)).isBetween(Duration.ZERO, Backoff.BASE.multipliedBy(4));
            assertThat(backoff.after(30)).isBetween(Duration.ZERO, Backoff.CAP);
        }
    }

    private static List<Duration> onFreshThread(Backoff backoff) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            return CompletableFuture.supplyAsync(() -> draws(backoff), thread).get();
        } finally {
            thread.shutdownNow();
        }
    }

    private static List<Duration> draws(Backoff backoff) {
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < DRAWS; i++) {
            waits.add(backoff.after(4)); // waits of 0 to 8000 ms: equal sequences are no coincidence
        }
        return waits;
    }
}
