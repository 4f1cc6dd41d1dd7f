package com.trafikito.agent.health;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import com.trafikito.agent.config.AgentConfig;
import com.trafikito.agent.state.AgentState;
import com.trafikito.agent.time.Ticker;

import io.quarkus.runtime.StartupEvent;

/**
 * DOWN only when the agent is wedged ({@link Wedged}): a restart helps then. Never DOWN for an API outage or a
 * broken config: a restart would not fix those, and readiness reports them. Judged on the monotonic clock;
 * the data shows wall times.
 */
@Liveness
@ApplicationScoped
public class AgentLiveness implements HealthCheck {

    private final AgentState state;
    private final Wedged rule;
    private final Ticker ticker;
    private volatile long processStart;

    @Inject
    public AgentLiveness(AgentState state, AgentConfig config) {
        this(state, config, Ticker.SYSTEM);
    }

    AgentLiveness(AgentState state, AgentConfig config, Ticker ticker) {
        this.state = state;
        this.rule = new Wedged(config.cycle().interval(), config.cycle().splay());
        this.ticker = ticker;
        this.processStart = ticker.nanos();
    }

    void started(@Observes StartupEvent event) {
        processStart = ticker.nanos();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("agent-cycle").up();
        state.cycleRunningSince().ifPresent(at -> response.withData("cycleRunningSince", at.toString()));
        state.lastCycleStart().ifPresent(at -> response.withData("lastCycleStart", at.toString()));
        state.nextCycleAt().ifPresent(at -> response.withData("nextCycleAt", at.toString()));
        Optional<String> wedged = rule.check(ticker.nanos(), state.timing(), processStart);
        return wedged.map(reason -> response.down().withData("reason", reason)).orElse(response).build();
    }
}
