package com.trafikito.agent.commands;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * The lines the agent adds to a command's output when it had to step in. The texts are a contract: the
 * payload carries them to the dashboard and other parts of the agent (and their tests) recognise them, so
 * they live here alone. Every line starts with {@link #PREFIX} so that it never looks like command output,
 * and every method returns the whole line, {@code \n} included.
 */
public final class LimitMarkers {

    /** What every line written by the agent (rather than by a command) starts with. */
    public static final String PREFIX = "[trafikito-agent: ";

    private LimitMarkers() {
    }

    /** {@code [trafikito-agent: output cut at <N> bytes (agent.commands.max-output)]\n} */
    public static String outputCut(long maxOutputBytes) {
        return line(outputCutText(maxOutputBytes));
    }

    /** {@code [trafikito-agent: output cut: the cycle's commands wrote more than <N> bytes in all]\n} */
    public static String cycleOutputCut(long totalBytes) {
        return line(cycleOutputCutText(totalBytes));
    }

    /** {@code [trafikito-agent: command killed after <30s|1.5s> (agent.commands.timeout)]\n} */
    public static String killedAfter(Duration timeout) {
        return line(killedAfterText(timeout));
    }

    /**
     * The one line of a command that both limits cut (PROTOCOL.md: one marker line that says which limit cut
     * it), e.g. {@code [trafikito-agent: output cut at 1000 bytes (agent.commands.max-output); command killed
     * after 30s (agent.commands.timeout)]\n}.
     *
     * @param cycleBudget whether the output was cut by the cycle's total rather than the per-command cap
     */
    public static String cutAndKilled(long bytes, boolean cycleBudget, Duration timeout) {
        String cut = cycleBudget ? cycleOutputCutText(bytes) : outputCutText(bytes);
        return line(cut + "; " + killedAfterText(timeout));
    }

    private static String outputCutText(long maxOutputBytes) {
        return "output cut at " + maxOutputBytes + " bytes (agent.commands.max-output)";
    }

    private static String cycleOutputCutText(long totalBytes) {
        return "output cut: the cycle's commands wrote more than " + totalBytes + " bytes in all";
    }

    private static String killedAfterText(Duration timeout) {
        return "command killed after " + seconds(timeout) + " (agent.commands.timeout)";
    }

    private static String line(String text) {
        return PREFIX + text + "]\n";
    }

    /** {@code [trafikito-agent: could not start: <reason>]\n}; the reason is kept on one line. */
    public static String couldNotStart(String reason) {
        String oneLine = String.valueOf(reason).replaceAll("[\\r\\n]+", " ").strip();
        return PREFIX + "could not start: " + oneLine + "]\n";
    }

    /**
     * Seconds the way the configuration spells them ({@code 30s}, {@code 1.5s}), so that the marker names a
     * value the owner recognises in {@code agent.properties}.
     */
    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + "s";
    }
}
