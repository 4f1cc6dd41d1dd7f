package com.trafikito.agent.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import com.trafikito.agent.logs.LogFileSafety;
import com.trafikito.agent.state.AgentState;
import com.trafikito.agent.state.StateSnapshot;
import com.trafikito.agent.text.Printable;

/**
 * UP once config and whitelist load; DOWN while they are unusable, while STOPped, or after three cycles in a
 * row without a 2xx from the API (DESIGN.md, Health). The data says why, never a secret.
 */
@Readiness
@ApplicationScoped
public class AgentReadiness implements HealthCheck {

    static final int API_FAILURES_BEFORE_DOWN = 3;

    private final AgentState state;

    @Inject
    public AgentReadiness(AgentState state) {
        this.state = state;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("agent").up();
        StateSnapshot last = state.snapshot();
        if (last.lastOutcome() != null) {
            response.withData("lastOutcome", last.lastOutcome());
        }
        if (last.announcedVersion() != null) {
            response.withData("announcedVersion", Printable.line(last.announcedVersion()));
        }
        state.stateWriteProblem().ifPresent(problem -> response.withData("stateWriteProblem", Printable.line(problem)));
        // UP still: the cycles run and send; only the agent's files are not written.
        state.varProblem().ifPresent(problem -> response.withData("varProblem", problem));
        LogFileSafety.refusal().ifPresent(problem -> response.withData("logFileProblem", problem));
        if (state.configProblem().isPresent()) {
            return response.down().withData("reason", "configuration: " + Printable.line(state.configProblem().get(), 400))
                    .build();
        }
        if (state.stopReason().isPresent()) {
            return response.down().withData("reason", "STOPped by the API: " + Printable.line(state.stopReason().get()))
                    .build();
        }
        int failures = state.consecutiveApiFailures();
        if (failures >= API_FAILURES_BEFORE_DOWN) {
            return response.down().withData("reason", failures + " cycles in a row without a 2xx answer from the API")
                    .build();
        }
        return response.build();
    }
}
