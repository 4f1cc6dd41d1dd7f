package com.trafikito.agent.cycle;

/**
 * How one cycle ended: the outcome label of the metrics contract, the exit code of {@code agent run --once}
 * (DESIGN.md's table) and a reason for stderr and logs.
 *
 * @param outcome        {@code ok}, {@code skipped}, {@code failed} or {@code stopped}
 * @param apiAnswered    whether the API gave a 2xx answer; {@code null} when no call was made
 * @param calledGetConfig whether get_config was called (its duration becomes {@code timeTookLastTime})
 */
public record CycleReport(String outcome, int exitCode, String reason, int delaySeconds, Boolean apiAnswered,
        boolean calledGetConfig, String announcedVersion) {

    public static final int EXIT_SAVED = 0;
    public static final int EXIT_NOT_SAVED = 1;
    public static final int EXIT_UNUSABLE = 2;
    public static final int EXIT_STOPPED = 3;
    public static final int EXIT_UNREACHABLE = 4;

    public static CycleReport saved(int delaySeconds, String version) {
        return new CycleReport("ok", EXIT_SAVED, "output saved", delaySeconds, true, true, version);
    }

    /** The API's answer gave nothing to run: error, empty, invalid, {@code =} without a cache. */
    public static CycleReport skipped(String reason, Boolean apiAnswered) {
        return new CycleReport("skipped", EXIT_NOT_SAVED, reason, 0, apiAnswered, true, null);
    }

    public static CycleReport notSaved(String reason, int delaySeconds, Boolean apiAnswered, String version) {
        return new CycleReport("failed", EXIT_NOT_SAVED, reason, delaySeconds, apiAnswered, true, version);
    }

    public static CycleReport unusable(String reason) {
        return new CycleReport("failed", EXIT_UNUSABLE, reason, 0, null, false, null);
    }

    public static CycleReport stopped(String reason, boolean calledGetConfig) {
        return new CycleReport("stopped", EXIT_STOPPED, reason, 0, calledGetConfig ? Boolean.TRUE : null,
                calledGetConfig, null);
    }

    public static CycleReport unreachable(String reason, boolean calledGetConfig, String version) {
        return new CycleReport("failed", EXIT_UNREACHABLE, reason, 0, false, calledGetConfig, version);
    }

    public boolean isSaved() {
        return exitCode == EXIT_SAVED;
    }
}
