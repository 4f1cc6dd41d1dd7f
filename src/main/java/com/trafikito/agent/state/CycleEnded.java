package com.trafikito.agent.state;

import java.time.Duration;

/**
 * What {@link AgentState#cycleEnded} tells its listeners once per finished cycle: what the metrics count,
 * without the state knowing about metrics.
 *
 * @param outcome  {@code ok}, {@code skipped}, {@code failed} or {@code stopped}
 * @param duration from the cycle's start to its end
 */
public record CycleEnded(String outcome, Duration duration) {
}
