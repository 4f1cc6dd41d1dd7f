package com.trafikito.agent.state;

/**
 * What {@code var/state} holds after each cycle, for {@code agent status} (another process) and for
 * {@code timeTookLastTime} across restarts. Times are epoch seconds; 0 means never. The outcome is kept as its
 * label ({@code ok}, {@code skipped}, {@code failed}, {@code stopped}): the file's form does not change with the
 * code, so an older and a newer agent read each other's files.
 */
public record StateSnapshot(
        long lastCycleStarted,
        long lastCycleEnded,
        String lastOutcome,
        String lastReason,
        long lastCycleSeconds,
        long lastSuccess,
        String announcedVersion,
        int consecutiveApiFailures) {

    public static StateSnapshot empty() {
        return new StateSnapshot(0, 0, null, null, 0, 0, null, 0);
    }
}
