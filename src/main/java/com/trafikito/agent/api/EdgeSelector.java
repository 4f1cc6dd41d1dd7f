package com.trafikito.agent.api;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import com.trafikito.agent.time.Ticker;

/**
 * Chooses the API base URL (PROTOCOL.md, Edges): keep the edge that worked, move to the next that answers
 * ping {@code OK} when a call fails, and go back to the preferred first edge after an hour on a fallback
 * (on the monotonic clock: a wall-clock step neither shortens nor lengthens that hour).
 */
final class EdgeSelector {

    static final Duration RETURN_TO_FIRST_AFTER = Duration.ofHours(1);

    private final List<URI> edges;
    private final Ticker ticker;
    private int current;
    private long onFallbackSince;

    EdgeSelector(List<URI> edges, Ticker ticker) {
        this.edges = List.copyOf(edges);
        this.ticker = ticker;
    }

    synchronized URI current() {
        if (current != 0 && ticker.nanos() - onFallbackSince > RETURN_TO_FIRST_AFTER.toNanos()) {
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
        onFallbackSince = ticker.nanos();
    }
}
