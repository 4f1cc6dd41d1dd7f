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
        return PREFIX + "output cut at " + maxOutputBytes + " bytes (agent.commands.max-output)]\n";
    }

    /** {@code [trafikito-agent: output cut: the cycle's commands wrote more than <N> bytes in all]\n} */
    public static String cycleOutputCut(long totalBytes) {
        return PREFIX + "output cut: the cycle's commands wrote more than " + totalBytes + " bytes in all]\n";
    }

    /** {@code [trafikito-agent: command killed after <30s|1.5s> (agent.commands.timeout)]\n} */
    public static String killedAfter(Duration timeout) {
        return PREFIX + "command killed after " + seconds(timeout) + " (agent.commands.timeout)]\n";
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
