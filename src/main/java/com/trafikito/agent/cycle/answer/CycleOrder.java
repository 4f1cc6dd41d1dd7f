package com.trafikito.agent.cycle.answer;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A usable get_config answer: what to run this cycle (PROTOCOL.md section 1).
 *
 * @param callToken         sent back as {@code previous} exactly as received
 * @param commands          names as asked, without the {@code trafikito_} prefix, empties removed, each once at its
 *                          first place; invalid names are kept: they are refused one by one when the cycle runs
 * @param agentVersion      the version the API announces, only logged and shown
 * @param cycleDelaySeconds extra wait before the next cycle, 0..3600
 * @param widgets           widget ids to install, each once
 * @param raw               the answer text without trailing white space: what goes into the cache
 */
public record CycleOrder(String callToken, List<String> commands, Optional<String> agentVersion, int cycleDelaySeconds,
        List<String> widgets, String raw) {

    /** Names beyond this many in one answer are refused like names that are not whitelisted. */
    public static final int MAX_COMMANDS = 256;

    public static final int MAX_DELAY_SECONDS = 3600;

    public CycleOrder {
        Objects.requireNonNull(callToken, "callToken");
        Objects.requireNonNull(agentVersion, "agentVersion");
        Objects.requireNonNull(raw, "raw");
        commands = List.copyOf(commands);
        widgets = List.copyOf(widgets);
        if (cycleDelaySeconds < 0 || cycleDelaySeconds > MAX_DELAY_SECONDS) {
            throw new IllegalArgumentException("cycleDelaySeconds out of 0.." + MAX_DELAY_SECONDS + ": " + cycleDelaySeconds);
        }
    }

    /** The first {@value #MAX_COMMANDS} names: the ones that may run. */
    public List<String> runnable() {
        return commands.subList(0, Math.min(commands.size(), MAX_COMMANDS));
    }

    /** The names after the first {@value #MAX_COMMANDS}: refused, never run. */
    public List<String> overCap() {
        return commands.subList(Math.min(commands.size(), MAX_COMMANDS), commands.size());
    }
}
