package com.trafikito.agent.commands;

import static com.trafikito.agent.commands.TestProcesses.alive;
import static com.trafikito.agent.commands.TestProcesses.awaitGone;
import static com.trafikito.agent.commands.TestProcesses.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Commands that do not end by themselves, or leave processes behind. */
class CommandExecutorKillTest {

    private static final Duration GRACE = Duration.ofMillis(300);

    @TempDir
    Path dir;
    CommandExecutor executor;
    final TestProcesses processes = new TestProcesses();

    @AfterEach
    void stop() {
        if (executor != null) {
            executor.shutdown();
        }
        processes.close();
    }

    private CommandExecutor executor(Duration timeout, int parallelism) {
        executor = new CommandExecutor(new ExecutorSettings(timeout, 65536, parallelism, dir, GRACE));
        return executor;
    }

    private static List<CommandSpec> one(String commandLine) {
        return List.of(new CommandSpec("trafikito_test", commandLine));
    }

    @Test
    void theTimeoutKillsTheWholeProcessGroup() {
        Path pidFile = dir.resolve("child.pid");

        CommandResult result = executor(Duration.ofSeconds(1), 2)
                .runAll(one("echo before; sleep 300 & echo $! > " + pidFile + "; sleep 300")).get(0);

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(text(result)).isEqualTo("before\n" + LimitMarkers.killedAfter(Duration.ofSeconds(1)))
                .isEqualTo("before\n[trafikito-agent: command killed after 1s (agent.commands.timeout)]\n");
        awaitGone(processes.pidFrom(pidFile));
    }

    @Test
    void aCommandCutByBothLimitsGetsOneMarkerLineNamingBoth() {
        Duration timeout = Duration.ofMillis(500);
        executor = new CommandExecutor(new ExecutorSettings(timeout, 1000, 1, dir, GRACE));

        CommandResult result = executor.runAll(one("yes")).get(0);

        String tail = new String(result.output(), 1000, result.output().length - 1000);
        assertThat(tail).as("the 1000 bytes kept end with a line end; then one marker line")
                .isEqualTo(LimitMarkers.cutAndKilled(1000, false, timeout));
        assertThat(result.outputCapped()).isTrue();
        assertThat(result.timedOut()).isTrue();
    }

    @Test
    void aCommandThatIgnoresTermIsKilledAfterTheGrace() {
        Path pidFile = dir.resolve("child.pid");
        Duration timeout = Duration.ofMillis(500);

        CommandResult result = executor(timeout, 2)
                .runAll(one("trap '' TERM; sleep 300 & echo $! > " + pidFile + "; wait")).get(0);

        assertThat(result.timedOut()).isTrue();
        assertThat(text(result)).isEqualTo(LimitMarkers.killedAfter(timeout))
                .contains("command killed after 0.5s");
        assertThat(result.duration()).as("TERM alone did not end it").isGreaterThanOrEqualTo(timeout.plus(GRACE));
        awaitGone(processes.pidFrom(pidFile));
    }

    @Test
    void backgroundLeftoversAreKilledWhenTheCommandEnds() {
        Path pidFile = dir.resolve("child.pid");

        CommandResult result = executor(Duration.ofSeconds(5), 2)
                .runAll(one("sleep 300 >/dev/null 2>&1 & echo $! > " + pidFile + "; echo done")).get(0);

        assertThat(text(result)).isEqualTo("done\n");
        assertThat(result.timedOut()).isFalse();
        assertThat(result.exitCode()).isZero();
        awaitGone(processes.pidFrom(pidFile));
    }

    @Test
    void theLeftoversOfAllCommandsAreKilledWithoutAKillProcess() throws IOException {
        Path calls = dir.resolve("kill-calls");
        executor = new CommandExecutor(new ExecutorSettings(Duration.ofSeconds(5), 65536, 2, dir, GRACE),
                new ProcessGroups(ProcessGroups.SETSID_PATHS, List.of(killScript("echo \"$*\" >> " + calls))));
        List<CommandSpec> specs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            specs.add(new CommandSpec("trafikito_left" + i,
                    "sleep 300 >/dev/null 2>&1 & echo $! > " + dir.resolve("left" + i) + "; echo done"));
        }

        List<CommandResult> results = executor.runAll(specs);

        assertThat(results).extracting(TestProcesses::text).containsOnly("done\n");
        for (int i = 0; i < 3; i++) {
            awaitGone(processes.pidFrom(dir.resolve("left" + i)));
        }
        assertThat(calls).as("the sweep signals each leftover from the JVM, checked by pid and start time")
                .doesNotExist();
    }

    @Test
    @Timeout(120)
    void commandsWhoseDaemonKeepsTheOutputOpenLeakNeitherThreadsNorDescriptors() throws IOException {
        Path pids = dir.resolve("daemons");
        // A daemonising tool: it leaves the command's session and keeps the output pipe open, never writing.
        List<CommandSpec> daemonising = one("setsid sleep 3600 & " + untilItsOwnSession("$!") + " echo $! >> "
                + pids + "; echo started");
        CommandExecutor executor = executor(Duration.ofMillis(300), 1);
        try {
            executor.runAll(daemonising); // the pools' first threads
            int threads = Thread.activeCount();
            long fds = openDescriptors();

            for (int i = 0; i < 30; i++) {
                CommandResult result = executor.runAll(daemonising).get(0);
                assertThat(text(result)).isEqualTo("started\n");
                assertThat(result.timedOut()).as("the result came when the shell exited").isFalse();
            }

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(Thread.activeCount()).as("threads").isLessThanOrEqualTo(threads + 2);
                assertThat(openDescriptors()).as("open file descriptors").isLessThanOrEqualTo(fds + 2);
            });
        } finally {
            for (String pid : Files.readAllLines(pids)) {
                ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static long openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void aCommandKilledByShutdownIsReportedAsStoppedEvenWhenItsExitStatusArrivesFirst() throws IOException {
        Path pidFile = dir.resolve("child.pid");
        // kill returns 300 ms after the signal: the command's exit status (137) reaches the reader long
        // before shutdown() gets to make the result final.
        executor = new CommandExecutor(new ExecutorSettings(Duration.ofSeconds(30), 65536, 2, dir, GRACE),
                new ProcessGroups(ProcessGroups.SETSID_PATHS, List.of(killScript(null, "sleep 0.3"))));
        CommandExecutor running = executor;
        CompletableFuture<List<CommandResult>> results = CompletableFuture.supplyAsync(
                () -> running.runAll(one("echo $$ > " + pidFile + "; sleep 300")));
        processes.pidFrom(pidFile);

        running.shutdown();

        CommandResult result = results.join().get(0);
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.timedOut()).isFalse();
    }

    /** A {@code kill} that runs {@code before} and {@code after} around the real one. */
    private Path killScript(String before, String... after) throws IOException {
        Path script = dir.resolve("kill");
        Files.writeString(script, "#!/bin/sh\n" + (before == null ? "" : before + "\n") + "/bin/kill \"$@\"\nrc=$?\n"
                + String.join("\n", after) + "\nexit $rc\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    @Timeout(20) // the first command's wait must not last as long as the escaped sleep
    void aProcessThatLeftTheGroupHoldingTheOutputBlocksNeitherTheResultNorTheNextCommand() {
        Path pidFile = dir.resolve("escaped.pid");
        Duration timeout = Duration.ofMillis(500);

        // parallelism 1: the second command can only run once the first one's permit is back
        List<CommandResult> results = executor(timeout, 1).runAll(List.of(
                new CommandSpec("trafikito_escape", "setsid sleep 300 & " + untilItsOwnSession("$!")
                        + " echo $! > " + pidFile + "; echo hi; sleep 300"),
                new CommandSpec("trafikito_next", "echo next")));

        long escaped = processes.pidFrom(pidFile);
        assertThat(alive(escaped)).as("the escaped process is out of reach of the group kill").isTrue();
        assertThat(results.get(0).timedOut()).isTrue();
        assertThat(text(results.get(0))).isEqualTo("hi\n" + LimitMarkers.killedAfter(timeout));
        assertThat(results.get(0).duration()).as("the shell's end, not the escaped process, ends the result")
                .isGreaterThanOrEqualTo(timeout).isLessThan(timeout.plus(GRACE).plus(CommandRun.GIVE_UP_MARGIN));
        assertThat(text(results.get(1))).isEqualTo("next\n");
    }

    /**
     * Shell code that waits until {@code pid} has its own session: killed before it got there, by the
     * group kill at the end of the command, it would not have escaped at all.
     */
    private static String untilItsOwnSession(String pid) {
        return "while [ \"$(cut -d' ' -f6 /proc/" + pid + "/stat)\" != " + pid + " ]; do sleep 0.01; done;";
    }

    @Test
    void shutdownKillsRunningCommandsAndEndsTheWait() {
        Path pidFile = dir.resolve("child.pid");
        CommandExecutor running = executor(Duration.ofSeconds(30), 2);
        CompletableFuture<List<CommandResult>> results = CompletableFuture.supplyAsync(
                () -> running.runAll(one("echo started; sleep 300 & echo $! > " + pidFile + "; wait")));
        long child = processes.pidFrom(pidFile);

        running.shutdown();

        await().atMost(Duration.ofSeconds(5)).until(results::isDone);
        CommandResult result = results.join().get(0);
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.timedOut()).isFalse();
        awaitGone(child);
    }

    @Test
    void sixteenHangingCommandsEndWithinTheirBound() {
        Duration timeout = Duration.ofMillis(300);
        CommandExecutor executor = executor(timeout, 4);
        List<CommandSpec> specs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            specs.add(new CommandSpec("trafikito_hang" + i, "sleep 300"));
        }
        long start = System.nanoTime();

        List<CommandResult> results = executor.runAll(specs);

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(executor.worstCase(16)).isEqualTo(timeout.plus(GRACE).multipliedBy(4));
        assertThat(took).isLessThanOrEqualTo(executor.worstCase(16).plus(CommandRun.GIVE_UP_MARGIN));
        assertThat(results).allSatisfy(result -> assertThat(result.timedOut()).isTrue());
    }

    @Test
    void whatStillRunsAtTheBoundIsStoppedAndWhatHasNotStartedNeverStarts() {
        CommandExecutor executor = executor(Duration.ofSeconds(30), 1);
        List<CommandSpec> specs = List.of(new CommandSpec("trafikito_slow", "echo begun; sleep 300"),
                new CommandSpec("trafikito_next", "echo next"));
        long start = System.nanoTime();

        List<CommandResult> results = executor.runAll(specs, Duration.ofMillis(700));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(text(results.get(0))).isEqualTo("begun\n");
        assertThat(results.get(0).exitCode()).isEqualTo(-1);
        assertThat(text(results.get(1))).startsWith("[trafikito-agent: could not start: the cycle reached its time bound");
    }

    @Test
    void afterShutdownNothingStarts() {
        executor(Duration.ofSeconds(5), 2).shutdown();

        CommandResult result = executor.runAll(one("echo a")).get(0);

        assertThat(text(result)).isEqualTo("[trafikito-agent: could not start: the agent is stopping]\n");
    }
}
