package com.trafikito.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.trafikito.agent.time.Ticker;

class EdgeSelectorTest {

    private static final URI MAIN = URI.create("https://api.example");
    private static final URI EU = URI.create("https://eu.api.example");
    private static final URI AP = URI.create("https://ap.api.example");

    private Instant now = Instant.parse("2026-11-26T12:00:00Z");
    // The monotonic clock the selector reads, moved with `now` (nanos of the epoch: an arbitrary origin).
    private final Ticker clock = () -> Duration.between(Instant.EPOCH, now).toNanos();

    @Test
    void keepsThePreferredEdgeWhileItWorks() {
        assertThat(new EdgeSelector(List.of(MAIN, EU, AP), clock).current()).isEqualTo(MAIN);
    }

    @Test
    void failsOverToTheNextEdgeThatAnswersPingInOrder() {
        EdgeSelector selector = new EdgeSelector(List.of(MAIN, EU, AP), clock);
        List<URI> pinged = new ArrayList<>();
        boolean moved = selector.failOver(MAIN, edge -> {
            pinged.add(edge);
            return edge.equals(AP);
        });
        assertThat(moved).isTrue();
        assertThat(pinged).containsExactly(EU, AP);
        assertThat(selector.current()).isEqualTo(AP);
    }

    @Test
    void staysWhenNoOtherEdgeAnswers() {
        EdgeSelector selector = new EdgeSelector(List.of(MAIN, EU), clock);
        assertThat(selector.failOver(MAIN, edge -> false)).isFalse();
        assertThat(selector.current()).isEqualTo(MAIN);
    }

    @Test
    void returnsToTheFirstEdgeAfterAnHourOnAFallback() {
        EdgeSelector selector = new EdgeSelector(List.of(MAIN, EU), clock);
        selector.failOver(MAIN, Set.of(EU)::contains);
        now = now.plus(Duration.ofMinutes(59));
        assertThat(selector.current()).isEqualTo(EU);
        now = now.plus(Duration.ofMinutes(2));
        assertThat(selector.current()).isEqualTo(MAIN);
    }

    @Test
    void aSingleEdgeNeedsNoPing() {
        EdgeSelector selector = new EdgeSelector(List.of(MAIN), clock);
        assertThat(selector.failOver(MAIN, edge -> {
            throw new AssertionError("pinged " + edge);
        })).isFalse();
    }
}
