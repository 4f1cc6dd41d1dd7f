package com.trafikito.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The liveness rule of DESIGN.md on a clock the test controls. */
class WedgedTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Wedged DEFAULTS = new Wedged(Duration.ofSeconds(60), Duration.ofSeconds(30), true);
    private static final Wedged NO_SPLAY = new Wedged(Duration.ofSeconds(60), Duration.ofSeconds(30), false);

    @Test
    void theHardDeadlineIsIntervalPlusCommandTimeoutPlusThirtySeconds() {
        assertThat(DEFAULTS.hardDeadline()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void aCycleRunningPastItsHardDeadlineIsWedged() {
        Optional<Instant> running = Optional.of(T0);
        assertThat(DEFAULTS.check(T0.plusSeconds(120), running, running, T0, Optional.empty())).isEmpty();
        assertThat(DEFAULTS.check(T0.plusSeconds(121), running, running, T0, Optional.empty()))
                .hasValueSatisfying(reason -> assertThat(reason).contains("hard deadline of 120 s"));
    }

    @Test
    void aLongCycleWithinItsDeadlineIsAlive() {
        // a cycle running for 100 s, long after the "no start" limit of the previous cycle would have passed
        Instant previousStart = T0.minusSeconds(1000);
        assertThat(NO_SPLAY.check(T0.plusSeconds(100), Optional.of(T0), Optional.of(previousStart), previousStart,
                Optional.of(previousStart.plusSeconds(60)))).isEmpty();
    }

    @Test
    void noStartForThreeIntervalsPlusSplayIsWedged() {
        Optional<Instant> last = Optional.of(T0);
        Optional<Instant> next = Optional.of(T0.plusSeconds(60));
        // 3 x (60 + 0) + 60 (splay bound) = 240 s
        assertThat(DEFAULTS.check(T0.plusSeconds(240), Optional.empty(), last, T0, next)).isEmpty();
        assertThat(DEFAULTS.check(T0.plusSeconds(241), Optional.empty(), last, T0, next))
                .hasValueSatisfying(reason -> assertThat(reason).contains("no cycle has started for 241 s")
                        .contains("limit 240 s"));
        // without splay: 3 x 60 = 180 s
        assertThat(NO_SPLAY.check(T0.plusSeconds(181), Optional.empty(), last, T0, next)).isPresent();
    }

    @Test
    void theApisDelayWidensTheLimit() {
        // the API asked for 100 s more: the next start is planned 160 s after the last
        Optional<Instant> last = Optional.of(T0);
        Optional<Instant> next = Optional.of(T0.plusSeconds(160));
        assertThat(NO_SPLAY.noStartLimit(last, next)).isEqualTo(Duration.ofSeconds(480));
        assertThat(NO_SPLAY.check(T0.plusSeconds(400), Optional.empty(), last, T0, next)).isEmpty();
        assertThat(NO_SPLAY.check(T0.plusSeconds(481), Optional.empty(), last, T0, next)).isPresent();
    }

    @Test
    void beforeTheFirstCycleTheProcessStartIsTheReference() {
        Instant processStart = T0;
        Optional<Instant> firstPlanned = Optional.of(T0.plusSeconds(42)); // the splay offset of this server
        assertThat(DEFAULTS.check(T0.plusSeconds(200), Optional.empty(), Optional.empty(), processStart, firstPlanned))
                .isEmpty();
        assertThat(DEFAULTS.check(T0.plusSeconds(241), Optional.empty(), Optional.empty(), processStart, firstPlanned))
                .isPresent();
    }

    @Test
    void cyclesThatFailOnTimeKeepTheAgentAlive() {
        // an API outage: every cycle fails, but each starts on time
        Instant last = T0.plusSeconds(3600);
        assertThat(DEFAULTS.check(last.plusSeconds(30), Optional.empty(), Optional.of(last), T0,
                Optional.of(last.plusSeconds(60)))).isEmpty();
    }
}
