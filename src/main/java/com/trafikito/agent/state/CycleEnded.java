package com.trafikito.agent.state;

import java.time.Duration;

import com.trafikito.agent.cycle.CycleOutcome;

/**
 * What {@link AgentState#cycleEnded} tells its listeners once per finished cycle: what the metrics count,
 * without the state knowing about metrics.
 *
 * @param duration from the cycle's start to its end
 */
public record CycleEnded(CycleOutcome outcome, Duration duration) {
}
