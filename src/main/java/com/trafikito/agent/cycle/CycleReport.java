package com.trafikito.agent.cycle;

/**
 * How one cycle ended: its {@link CycleOutcome} (the metrics label and the exit code of {@code agent run --once})
 * and a reason for stderr and logs.
 *
 * @param api             what the cycle tells about the API's health
 * @param calledGetConfig whether get_config was called (its duration becomes {@code timeTookLastTime})
 */
public record CycleReport(CycleOutcome outcome, String reason, int delaySeconds, ApiContact api,
        boolean calledGetConfig, String announcedVersion) {

    public static CycleReport saved(int delaySeconds, String version) {
        return new CycleReport(CycleOutcome.SAVED, "output saved", delaySeconds, ApiContact.ANSWERED, true, version);
    }

    /** The API's answer gave nothing to run: error, empty, invalid, {@code =} without a cache. */
    public static CycleReport skipped(String reason, ApiContact api) {
        return new CycleReport(CycleOutcome.SKIPPED, reason, 0, api, true, null);
    }

    public static CycleReport notSaved(String reason, int delaySeconds, ApiContact api, String version) {
        return new CycleReport(CycleOutcome.NOT_SAVED, reason, delaySeconds, api, true, version);
    }

    public static CycleReport unusable(String reason) {
        return new CycleReport(CycleOutcome.UNUSABLE, reason, 0, ApiContact.NOT_COUNTED, false, null);
    }

    public static CycleReport stopped(String reason, boolean calledGetConfig) {
        return new CycleReport(CycleOutcome.STOPPED, reason, 0,
                calledGetConfig ? ApiContact.ANSWERED : ApiContact.NOT_COUNTED, calledGetConfig, null);
    }

    public static CycleReport unreachable(String reason, boolean calledGetConfig, String version) {
        return new CycleReport(CycleOutcome.UNREACHABLE, reason, 0, ApiContact.UNANSWERED, calledGetConfig, version);
    }

    public int exitCode() {
        return outcome.exitCode();
    }

    public boolean isSaved() {
        return outcome == CycleOutcome.SAVED;
    }
}
