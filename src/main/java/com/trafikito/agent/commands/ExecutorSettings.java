package com.trafikito.agent.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import com.trafikito.agent.config.AgentConfig;

/**
 * The limits and surroundings of command execution, taken apart from {@link AgentConfig} so that the
 * executor can be tested without a running application.
 *
 * @param timeout          per-command time limit; then the whole process group gets TERM
 * @param maxOutputBytes   bytes of output kept per command; the rest is drained and dropped
 * @param parallelism      how many commands run at once
 * @param workingDirectory where commands run
 * @param killGrace        time between TERM and KILL of a command's process group
 */
public record ExecutorSettings(Duration timeout, long maxOutputBytes, int parallelism, Path workingDirectory,
        Duration killGrace) {

    /** The grace DESIGN.md promises: TERM, then KILL 2 s later. */
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(2);

    /**
     * The largest cap honoured: the kept output is one Java array. Far above any sane setting (the
     * default is 512 KiB), it only stops a typo from turning into an overflow.
     */
    static final long MAX_CAP = Integer.MAX_VALUE - 16;

    public ExecutorSettings {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(killGrace, "killGrace");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("agent.commands.timeout must be positive, not " + timeout);
        }
        if (killGrace.isNegative()) {
            throw new IllegalArgumentException("kill grace must not be negative, not " + killGrace);
        }
        if (maxOutputBytes < 0) {
            throw new IllegalArgumentException("agent.commands.max-output must not be negative, not " + maxOutputBytes);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("agent.commands.parallelism must be at least 1, not " + parallelism);
        }
        maxOutputBytes = Math.min(maxOutputBytes, MAX_CAP);
    }

    /** Settings with the default kill grace. */
    public ExecutorSettings(Duration timeout, long maxOutputBytes, int parallelism, Path workingDirectory) {
        this(timeout, maxOutputBytes, parallelism, workingDirectory, DEFAULT_KILL_GRACE);
    }

    /**
     * The configured settings. Commands run in {@code <base-dir>/var}, as PROTOCOL.md says; before that
     * folder exists (a fresh or half-made installation) in the base dir, and failing that in {@code /}, so
     * that a missing folder never keeps every command from starting.
     */
    public static ExecutorSettings from(AgentConfig config) {
        AgentConfig.Commands commands = config.commands();
        return new ExecutorSettings(commands.timeout(), commands.maxOutput().asLongValue(), commands.parallelism(),
                workingDirectory(Path.of(config.baseDir())), DEFAULT_KILL_GRACE);
    }

    static Path workingDirectory(Path baseDir) {
        Path var = baseDir.resolve("var");
        if (Files.isDirectory(var)) {
            return var;
        }
        if (Files.isDirectory(baseDir)) {
            return baseDir;
        }
        return Path.of("/");
    }
}
