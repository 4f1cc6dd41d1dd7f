package com.trafikito.agent.api;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Chooses the API base URL (PROTOCOL.md, Edges): keep the edge that worked, move to the next that answers
 * ping {@code OK} when a call fails, and go back to the preferred first edge after an hour on a fallback.
 */
final class EdgeSelector {

    static final Duration RETURN_TO_FIRST_AFTER = Duration.ofHours(1);

    private final List<URI> edges;
    private final Clock clock;
    private int current;
    private Instant onFallbackSince;

    EdgeSelector(List<URI> edges, Clock clock) {
        this.edges = List.copyOf(edges);
        this.clock = clock;
    }

    synchronized URI current() {
        if (current != 0 && clock.instant().isAfter(onFallbackSince.plus(RETURN_TO_FIRST_AFTER))) {
            current = 0;
        }
        return edges.get(current);
    }

    /**
     * After a failed call on {@code failed}: pings the other edges in order and keeps the first that answers.
     *
     * @return whether another edge was found
     */
    boolean failOver(URI failed, Predicate<URI> pingsOk) {
        if (edges.size() < 2) {
            return false;
        }
        int start = edges.indexOf(failed);
        for (int step = 1; step < edges.size(); step++) {
            int candidate = (start + step) % edges.size();
            if (pingsOk.test(edges.get(candidate))) {
                select(candidate);
                return true;
            }
        }
        return false;
    }

    private synchronized void select(int index) {
        current = index;
        onFallbackSince = clock.instant();
    }
}
