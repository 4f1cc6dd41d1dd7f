package com.trafikito.agent.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import com.trafikito.agent.config.AgentConfig;
import com.trafikito.agent.state.AgentState;

/**
 * DOWN only when the agent is wedged (DESIGN.md, Health): a cycle running past its hard deadline, or a due
 * cycle that has not started for a long time. Never DOWN for an API outage: a restart would not fix that.
 */
@Liveness
@ApplicationScoped
public class AgentLiveness implements HealthCheck {

    private static final Duration SLACK = Duration.ofSeconds(30);

    private final AgentState state;
    private final AgentConfig config;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public AgentLiveness(AgentState state, AgentConfig config) {
        this.state = state;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        Instant now = clock.instant();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("agent-cycle").up();
        Optional<Instant> running = state.cycleRunningSince();
        Duration hardDeadline = config.cycle().interval().plus(config.commands().timeout()).plus(SLACK);
        if (running.isPresent()) {
            response.withData("cycleRunningSince", running.get().toString());
            if (running.get().plus(hardDeadline).isBefore(now)) {
                return response.down().withData("reason", "a cycle has run longer than " + hardDeadline.toSeconds()
                        + " s").build();
            }
        }
        Optional<Instant> next = state.nextCycleAt();
        if (next.isPresent()) {
            response.withData("nextCycleAt", next.get().toString());
            // Twice more the interval past the due time: the scheduler has stopped driving cycles.
            Duration late = config.cycle().interval().multipliedBy(2);
            if (running.isEmpty() && next.get().plus(late).isBefore(now)) {
                return response.down().withData("reason", "no cycle has started since " + next.get()).build();
            }
        }
        return response.build();
    }
}
