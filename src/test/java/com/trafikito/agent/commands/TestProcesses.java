package com.trafikito.agent.commands;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Helpers for tests that start real processes: reading pids that commands write, and cleaning up. */
final class TestProcesses implements AutoCloseable {

    private final List<Long> pids = new ArrayList<>();

    /** Waits for a command to write a pid into {@code file}; the pid is killed at {@link #close()}. */
    long pidFrom(Path file) {
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(file) && !read(file).isBlank());
        long pid = Long.parseLong(read(file).strip());
        pids.add(pid);
        return pid;
    }

    /**
     * Whether the process still runs. A zombie counts as gone: it is dead, and whether it is reaped at
     * once depends on what PID 1 of the test machine is.
     */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    static void awaitGone(long pid) {
        await().atMost(Duration.ofSeconds(5)).until(() -> !alive(pid));
    }

    static String text(CommandResult result) {
        return new String(result.output(), StandardCharsets.UTF_8);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /** Kills what a failed test may have left behind, so that one failure does not leak sleeps. */
    @Override
    public void close() {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
