package com.trafikito.agent.state;

import java.time.Duration;

/**
 * CDI event fired once per finished cycle by {@link AgentState#cycleEnded}: what the metrics count, without
 * the state knowing about metrics.
 *
 * @param outcome  {@code ok}, {@code skipped}, {@code failed} or {@code stopped}
 * @param duration from the cycle's start to its end
 */
public record CycleEnded(String outcome, Duration duration) {
}
