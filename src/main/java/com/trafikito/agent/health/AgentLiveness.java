package com.trafikito.agent.health;

import java.time.Clock;
import java.time.Instant;
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

import io.quarkus.runtime.StartupEvent;

/**
 * DOWN only when the agent is wedged ({@link Wedged}): a restart helps then. Never DOWN for an API outage or a
 * broken config: a restart would not fix those, and readiness reports them.
 */
@Liveness
@ApplicationScoped
public class AgentLiveness implements HealthCheck {

    private final AgentState state;
    private final Wedged rule;
    private final Clock clock;
    private volatile Instant processStart;

    @Inject
    public AgentLiveness(AgentState state, AgentConfig config) {
        this(state, config, Clock.systemUTC());
    }

    AgentLiveness(AgentState state, AgentConfig config, Clock clock) {
        this.state = state;
        this.rule = new Wedged(config.cycle().interval(), config.commands().timeout(), config.cycle().splay());
        this.clock = clock;
        this.processStart = clock.instant();
    }

    void started(@Observes StartupEvent event) {
        processStart = clock.instant();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("agent-cycle").up();
        Optional<Instant> running = state.cycleRunningSince();
        Optional<Instant> last = state.lastCycleStart();
        Optional<Instant> next = state.nextCycleAt();
        running.ifPresent(at -> response.withData("cycleRunningSince", at.toString()));
        last.ifPresent(at -> response.withData("lastCycleStart", at.toString()));
        next.ifPresent(at -> response.withData("nextCycleAt", at.toString()));
        Optional<String> wedged = rule.check(clock.instant(), running, last, processStart, next);
        return wedged.map(reason -> response.down().withData("reason", reason)).orElse(response).build();
    }
}
