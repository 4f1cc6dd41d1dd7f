package com.trafikito.agent.cycle;

import java.util.Arrays;
import java.util.List;

/**
 * How a cycle ended, with the two names the outside knows it by: its {@link #label()}, the {@code outcome}
 * of {@code agent_cycles_total}, the log line and {@code var/state} ({@code ok}, {@code skipped}, {@code failed},
 * {@code stopped}), and its {@link #exitCode()} for {@code agent run --once} (DESIGN.md's command table). Three
 * outcomes share the label {@code failed}: only the exit code tells them apart.
 */
public enum CycleOutcome {

    /** save_output answered {@code OK}. */
    SAVED("ok", 0),
    /** The get_config answer gave nothing to run: an error, empty, invalid, {@code =} without a cache, non-2xx. */
    SKIPPED("skipped", 1),
    /** The commands ran but their output was not saved (save_output not {@code OK}), or the cycle broke off. */
    NOT_SAVED("failed", 1),
    /** The config or the whitelist is unusable, or another agent holds the base dir's lock: no API call. */
    UNUSABLE("failed", 2),
    /** The API said STOP, now or in an earlier cycle ({@code var/STOP}). */
    STOPPED("stopped", 3),
    /** The API could not be reached: the connection failed or timed out. */
    UNREACHABLE("failed", 4);

    private final String label;
    private final int exitCode;

    CycleOutcome(String label, int exitCode) {
        this.label = label;
        this.exitCode = exitCode;
    }

    public String label() {
        return label;
    }

    public int exitCode() {
        return exitCode;
    }

    /** Every label once, in the order of the metrics contract: {@code ok, skipped, failed, stopped}. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(CycleOutcome::label).distinct().toList();
    }
}
