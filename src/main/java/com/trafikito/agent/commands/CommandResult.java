package com.trafikito.agent.commands;

import java.time.Duration;

/**
 * What one command left behind.
 *
 * @param name        the whitelisted name, with its {@code trafikito_} prefix
 * @param output      stdout and stderr merged in order, at most the output cap, followed (when a limit
 *                    cut the command) by one marker line saying which limit; never null
 * @param exitCode    the shell's exit status, or -1 when the command was killed or could not start
 * @param timedOut    the command was killed at its time limit
 * @param outputCapped the output went over the cap and the rest was dropped
 * @param duration    wall time from start to the end of its output
 */
public record CommandResult(String name, byte[] output, int exitCode, boolean timedOut, boolean outputCapped,
        Duration duration) {
}
