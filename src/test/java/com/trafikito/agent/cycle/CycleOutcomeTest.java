package com.trafikito.agent.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The two names of each cycle outcome: the exit code of {@code agent run --once} (DESIGN.md's command table) and
 * the label of the metrics, the log line and {@code var/state} (DESIGN.md, Metrics).
 */
class CycleOutcomeTest {

    @Test
    void eachOutcomeHasTheExitCodeOfDesignsTable() {
        assertThat(exitCodes()).isEqualTo(Map.of(
                CycleOutcome.SAVED, 0,
                CycleOutcome.SKIPPED, 1,
                CycleOutcome.NOT_SAVED, 1,
                CycleOutcome.UNUSABLE, 2,
                CycleOutcome.STOPPED, 3,
                CycleOutcome.UNREACHABLE, 4));
    }

    @Test
    void eachOutcomeHasTheLabelOfTheMetricsContract() {
        assertThat(CycleOutcome.SAVED.label()).isEqualTo("ok");
        assertThat(CycleOutcome.SKIPPED.label()).isEqualTo("skipped");
        assertThat(CycleOutcome.STOPPED.label()).isEqualTo("stopped");
        assertThat(CycleOutcome.NOT_SAVED.label()).isEqualTo("failed");
        assertThat(CycleOutcome.UNUSABLE.label()).isEqualTo("failed");
        assertThat(CycleOutcome.UNREACHABLE.label()).isEqualTo("failed");
        assertThat(CycleOutcome.labels()).containsExactly("ok", "skipped", "failed", "stopped");
    }

    @Test
    void onlyASavedCycleIsSaved() {
        assertThat(CycleReport.saved(5, "1.2").isSaved()).isTrue();
        assertThat(CycleReport.saved(5, "1.2").exitCode()).isZero();
        assertThat(CycleReport.notSaved("save_output did not answer OK", 5, ApiContact.ANSWERED, null).isSaved())
                .isFalse();
        assertThat(CycleReport.skipped("get_config answered nothing", ApiContact.ANSWERED).exitCode()).isEqualTo(1);
    }

    @Test
    void aStopAnsweredByTheApiCountsAsAnAnswerAStopFileAsNoCall() {
        assertThat(CycleReport.stopped("STOPped", true).api()).isEqualTo(ApiContact.ANSWERED);
        assertThat(CycleReport.stopped("STOPped", false).api()).isEqualTo(ApiContact.NOT_COUNTED);
        assertThat(CycleReport.unusable("no API key").api()).isEqualTo(ApiContact.NOT_COUNTED);
        assertThat(CycleReport.unreachable("get_config: refused", true, null).api()).isEqualTo(ApiContact.UNANSWERED);
    }

    @Test
    void theApiFailureStreakIsResetExtendedOrLeftAlone() {
        assertThat(ApiContact.ANSWERED.failuresInARow(2)).isZero();
        assertThat(ApiContact.UNANSWERED.failuresInARow(2)).isEqualTo(3);
        assertThat(ApiContact.NOT_COUNTED.failuresInARow(2)).isEqualTo(2);
    }

    private static Map<CycleOutcome, Integer> exitCodes() {
        Map<CycleOutcome, Integer> codes = new java.util.EnumMap<>(CycleOutcome.class);
        for (CycleOutcome outcome : CycleOutcome.values()) {
            codes.put(outcome, outcome.exitCode());
        }
        return codes;
    }
}
