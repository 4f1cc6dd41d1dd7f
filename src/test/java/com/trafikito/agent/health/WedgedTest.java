package com.trafikito.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.trafikito.agent.state.AgentState.Timing;

/** The liveness rule of DESIGN.md on monotonic nanos the test chooses. */
class WedgedTest {

    private static final long T0 = 5_000_000_000_000L; // an arbitrary monotonic origin
    private static final Wedged DEFAULTS = new Wedged(Duration.ofSeconds(60), true);
    private static final Wedged NO_SPLAY = new Wedged(Duration.ofSeconds(60), false);

    private static long at(long seconds) {
        return T0 + Duration.ofSeconds(seconds).toNanos();
    }

    private static Timing running(long boundSeconds) {
        return new Timing(T0, at(boundSeconds), T0, null);
    }

    private static Timing idle(Long lastStart, Long nextDue) {
        return new Timing(null, null, lastStart, nextDue);
    }

    @Test
    void aCycleIsWedgedOnlyThirtySecondsPastItsOwnBound() {
        assertThat(DEFAULTS.check(at(198), running(168), T0)).isEmpty();
        assertThat(DEFAULTS.check(at(199), running(168), T0))
                .hasValueSatisfying(reason -> assertThat(reason).contains("a cycle has run for 199 s")
                        .contains("30 s past its bound of 168 s"));
    }

    @Test
    void aLongCycleWithinItsBoundIsAliveWhateverTheLastStart() {
        Timing longCycle = new Timing(T0, at(168), at(-1000), at(-940));
        assertThat(NO_SPLAY.check(at(170), longCycle, at(-1000))).isEmpty();
    }

    @Test
    void noStartForThreeIntervalsPlusSplayIsWedged() {
        Timing last = idle(T0, at(60));
        // 3 x (60 + 0) + 60 (splay bound) = 240 s
        assertThat(DEFAULTS.check(at(240), last, T0)).isEmpty();
        assertThat(DEFAULTS.check(at(241), last, T0))
                .hasValueSatisfying(reason -> assertThat(reason).contains("no cycle has started for 241 s")
                        .contains("limit 240 s"));
        // without splay: 3 x 60 = 180 s
        assertThat(NO_SPLAY.check(at(181), last, T0)).isPresent();
    }

    @Test
    void theApisDelayWidensTheLimit() {
        // the API asked for 100 s more: the next start is planned 160 s after the last
        Timing last = idle(T0, at(160));
        assertThat(NO_SPLAY.noStartLimit(last)).isEqualTo(Duration.ofSeconds(480));
        assertThat(NO_SPLAY.check(at(400), last, T0)).isEmpty();
        assertThat(NO_SPLAY.check(at(481), last, T0)).isPresent();
    }

    @Test
    void beforeTheFirstCycleTheProcessStartIsTheReference() {
        Timing firstPlanned = idle(null, at(42)); // the splay offset of this server
        assertThat(DEFAULTS.check(at(200), firstPlanned, T0)).isEmpty();
        assertThat(DEFAULTS.check(at(241), firstPlanned, T0)).isPresent();
    }

    @Test
    void cyclesThatFailOnTimeKeepTheAgentAlive() {
        // an API outage: every cycle fails, but each starts on time
        assertThat(DEFAULTS.check(at(3630), idle(at(3600), at(3660)), T0)).isEmpty();
    }
}
