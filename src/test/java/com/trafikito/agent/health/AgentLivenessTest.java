package com.trafikito.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import com.trafikito.agent.api.CallBudget;
import com.trafikito.agent.commands.CommandExecutor;
import com.trafikito.agent.commands.ExecutorSettings;
import com.trafikito.agent.state.AgentState;
import com.trafikito.agent.testing.TestConfig;
import com.trafikito.agent.time.Ticker;

/** {@link AgentLiveness} on a real {@link AgentState} and a monotonic clock the test moves. */
class AgentLivenessTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private final Ticker ticker = nanos::get;
    private final AgentState state = new AgentState(null, ticker);
    private final AgentLiveness liveness = new AgentLiveness(state,
            TestConfig.cycle(Duration.ofSeconds(60), Duration.ofSeconds(30), false), ticker);

    private void advance(long seconds) {
        nanos.addAndGet(Duration.ofSeconds(seconds).toNanos());
    }

    @Test
    void aCycleOfSixteenHangingCommandsStaysLiveUntilThirtySecondsPastItsBound() {
        // 16 commands hanging on a stale NFS mount, 4 at a time: 4 rounds of 30 s + 2 s grace, after 40 s of API
        CommandExecutor executor = new CommandExecutor(
                new ExecutorSettings(Duration.ofSeconds(30), 1024, 4, Path.of("/"), Duration.ofSeconds(2)));
        try {
            long start = state.cycleStarted(T0, CallBudget.PER_CYCLE);
            state.cycleBound(start, CallBudget.PER_CYCLE.plus(executor.worstCase(16)));

            advance(40 + 4 * 33); // where the old rule (interval + timeout + 30 s = 120 s) said DOWN
            assertThat(liveness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            advance(168 + 30 - 172);
            assertThat(liveness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            advance(1);
            HealthCheckResponse response = liveness.call();
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(response.getData().orElseThrow()).containsEntry("cycleRunningSince", T0.toString());
            assertThat((String) response.getData().orElseThrow().get("reason")).contains("its bound of 168 s");
        } finally {
            executor.shutdown();
        }
    }

    @Test
    void downWhenNoCycleStartsAfterTheProcessStarted() {
        advance(180);
        assertThat(liveness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        advance(1);
        HealthCheckResponse response = liveness.call();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat((String) response.getData().orElseThrow().get("reason")).contains("no cycle has started");
    }
}
