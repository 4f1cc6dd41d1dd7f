package com.trafikito.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import com.trafikito.agent.state.AgentState;
import com.trafikito.agent.testing.TestConfig;

/** {@link AgentLiveness} on a real {@link AgentState} and a clock the test moves. */
class AgentLivenessTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };
    private final AgentState state = new AgentState(null);
    private final AgentLiveness liveness = new AgentLiveness(state,
            TestConfig.cycle(Duration.ofSeconds(60), Duration.ofSeconds(30), false), clock);

    @Test
    void upAfterAStartDownWhenTheCycleRunsPastItsDeadlineWithTheReason() {
        state.cycleStarted(T0);
        now.set(T0.plusSeconds(90));
        assertThat(liveness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        now.set(T0.plusSeconds(121));
        HealthCheckResponse response = liveness.call();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData().orElseThrow()).containsEntry("cycleRunningSince", T0.toString());
        assertThat((String) response.getData().orElseThrow().get("reason")).contains("hard deadline");
    }

    @Test
    void downWhenNoCycleStartsAfterTheProcessStarted() {
        now.set(T0.plusSeconds(180));
        assertThat(liveness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        now.set(T0.plusSeconds(181));
        HealthCheckResponse response = liveness.call();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat((String) response.getData().orElseThrow().get("reason")).contains("no cycle has started");
    }
}
