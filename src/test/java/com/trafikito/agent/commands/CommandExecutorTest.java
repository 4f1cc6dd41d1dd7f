package com.trafikito.agent.commands;

import static com.trafikito.agent.commands.TestProcesses.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a command sees and what comes back from it, for commands that end by themselves. */
class CommandExecutorTest {

    @TempDir
    Path base;
    Path var;
    CommandExecutor executor;

    @BeforeEach
    void createVar() throws IOException {
        var = Files.createDirectory(base.resolve("var"));
    }

    @AfterEach
    void stop() {
        if (executor != null) {
            executor.shutdown();
        }
    }

    private CommandExecutor executor(int parallelism, long maxOutput) {
        executor = new CommandExecutor(
                new ExecutorSettings(Duration.ofSeconds(5), maxOutput, parallelism, var, Duration.ofMillis(300)));
        return executor;
    }

    private CommandResult runOne(String commandLine) {
        return executor(4, 65536).runAll(List.of(new CommandSpec("trafikito_test", commandLine))).get(0);
    }

    @Test
    void resultsKeepTheRequestedOrderWhenTheFirstIsTheSlowest() {
        List<CommandResult> results = executor(4, 65536).runAll(List.of(
                new CommandSpec("trafikito_slow", "sleep 0.4; echo slow"),
                new CommandSpec("trafikito_fast", "echo fast"),
                new CommandSpec("trafikito_failing", "echo failing; exit 1")));

        assertThat(results).extracting(CommandResult::name)
                .containsExactly("trafikito_slow", "trafikito_fast", "trafikito_failing");
        assertThat(results).extracting(TestProcesses::text).containsExactly("slow\n", "fast\n", "failing\n");
    }

    @Test
    void theSlowestCommandOfTheLastRunStartsFirstAndResultsKeepTheRequestedOrder() throws IOException {
        Path starts = base.resolve("starts");
        CommandExecutor oneAtATime = executor(1, 65536);
        List<CommandSpec> specs = List.of(
                new CommandSpec("trafikito_a", "echo a >> " + starts + "; echo a"),
                new CommandSpec("trafikito_b", "echo b >> " + starts + "; echo b"),
                new CommandSpec("trafikito_slow", "echo slow >> " + starts + "; sleep 0.3; echo slow"));

        oneAtATime.runAll(specs);
        assertThat(Files.readAllLines(starts)).as("nothing known yet: request order").containsExactly("a", "b", "slow");
        Files.delete(starts);
        List<CommandResult> second = oneAtATime.runAll(specs);

        List<String> startOrder = Files.readAllLines(starts);
        assertThat(startOrder).containsExactlyInAnyOrder("a", "b", "slow");
        assertThat(startOrder.get(0)).as("a and b take about as long: only the slow one's place is certain")
                .isEqualTo("slow");
        assertThat(second).extracting(TestProcesses::text).containsExactly("a\n", "b\n", "slow\n");
    }

    @Test
    void atMostParallelismCommandsRunAtOnce() throws IOException {
        Path log = base.resolve("events");
        String line = "echo \"start $(date +%s%N)\" >> " + log + "; sleep 0.3; echo \"end $(date +%s%N)\" >> " + log;
        List<CommandSpec> specs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            specs.add(new CommandSpec("trafikito_c" + i, line));
        }

        executor(2, 65536).runAll(specs);

        List<String[]> events = Files.readAllLines(log).stream().map(l -> l.split(" "))
                // at equal times an end counts first: that slot was free again
                .sorted(Comparator.<String[]>comparingLong(e -> Long.parseLong(e[1])).thenComparing(e -> e[0]))
                .collect(Collectors.toList());
        assertThat(events).hasSize(8);
        int runningNow = 0;
        int most = 0;
        for (String[] event : events) {
            runningNow += event[0].equals("start") ? 1 : -1;
            most = Math.max(most, runningNow);
        }
        assertThat(most).as("most commands running at once").isEqualTo(2);
    }

    @Test
    void stdoutAndStderrAreMergedInOrder() {
        assertThat(text(runOne("echo a; echo b >&2; echo c"))).isEqualTo("a\nb\nc\n");
    }

    @Test
    void aCommandLineOutsideAsciiReachesTheShellByteExact() {
        // Whatever the test JVM's charset: the line travels as ASCII escapes (NonAsciiCommandLineIT: Java 17 and 25).
        assertThat(text(runOne("printf '%s' 'é\\0101\\\\' | od -An -tx1; echo \"$0 $#\"")))
                .isEqualTo(" c3 a9 5c 30 31 30 31 5c 5c\nsh 0\n");
        assertThat(ProcessGroups.printfEscaped("a é\\")).isEqualTo("a \\0303\\0251\\\\");
    }

    @Test
    void aFailingCommandIsANormalResultWithItsExitCode() {
        CommandResult result = runOne("echo oops; exit 3");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(text(result)).isEqualTo("oops\n");
        assertThat(result.timedOut()).isFalse();
        assertThat(result.outputCapped()).isFalse();
    }

    @Test
    void outputOverTheCapIsCutMarkedAndTheRestDrained() {
        CommandResult result = executor(4, 1000)
                .runAll(List.of(new CommandSpec("trafikito_zeros", "head -c 2000000 /dev/zero"))).get(0);

        byte[] out = result.output();
        assertThat(Arrays.copyOf(out, 1000)).containsOnly(0);
        assertThat(new String(out, 1000, out.length - 1000))
                .isEqualTo("\n" + LimitMarkers.outputCut(1000))
                .isEqualTo("\n[trafikito-agent: output cut at 1000 bytes (agent.commands.max-output)]\n");
        assertThat(result.outputCapped()).isTrue();
        // head could finish only because the rest of its output was read and dropped
        assertThat(result.timedOut()).isFalse();
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void outputOfExactlyTheCapIsNotCut() {
        CommandResult result = executor(4, 6).runAll(List.of(new CommandSpec("trafikito_x", "echo 12345"))).get(0);

        assertThat(text(result)).isEqualTo("12345\n");
        assertThat(result.outputCapped()).isFalse();
    }

    @Test
    void theEnvironmentIsFixedAndHoldsNothingOfTheAgent() {
        CommandResult result = runOne("env");

        List<String> lines = text(result).lines().collect(Collectors.toList());
        Set<String> names = lines.stream().map(l -> l.substring(0, l.indexOf('='))).collect(Collectors.toSet());
        // sh itself adds PWD, SHLVL and _; everything else must come from the fixed environment
        assertThat(names).isSubsetOf("LC_ALL", "PATH", "HOME", "USER", "PWD", "SHLVL", "_");
        assertThat(lines).contains("LC_ALL=C", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "HOME=" + System.getProperty("user.home"), "USER=" + System.getProperty("user.name"));
    }

    @Test
    void stdinIsDevNull() {
        CommandResult result = runOne("cat; readlink /proc/$$/fd/0");

        assertThat(text(result)).isEqualTo("/dev/null\n");
        assertThat(result.timedOut()).isFalse();
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void commandsRunInTheVarFolder() throws IOException {
        assertThat(text(runOne("pwd"))).isEqualTo(var.toRealPath() + "\n");
    }

    @Test
    void aCommandThatCannotStartGivesAResultAndTheOthersStillRun() throws IOException {
        Path gone = Files.createDirectory(base.resolve("gone"));
        executor = new CommandExecutor(new ExecutorSettings(Duration.ofSeconds(5), 65536, 2, gone));
        Files.delete(gone);

        List<CommandResult> results = executor.runAll(
                List.of(new CommandSpec("trafikito_a", "echo a"), new CommandSpec("trafikito_b", "echo b")));

        assertThat(results).hasSize(2).allSatisfy(r -> {
            assertThat(text(r)).startsWith("[trafikito-agent: could not start: ").contains(gone.toString())
                    .endsWith("]\n");
            assertThat(r.exitCode()).isEqualTo(-1);
            assertThat(r.timedOut()).isFalse();
        });
    }

    @Test
    void withoutSetsidNothingRunsAndTheResultSaysWhy(@TempDir Path empty) {
        executor = new CommandExecutor(new ExecutorSettings(Duration.ofSeconds(5), 65536, 2, var),
                new ProcessGroups(List.of(empty.resolve("setsid")), ProcessGroups.KILL_PATHS));

        CommandResult result = executor.runAll(List.of(new CommandSpec("trafikito_a", "echo a"))).get(0);

        assertThat(text(result)).startsWith("[trafikito-agent: could not start: no setsid at ")
                .contains(empty.resolve("setsid").toString(), "util-linux");
        assertThat(result.exitCode()).isEqualTo(-1);
    }

    @Test
    void commandThreadsAreNamedDaemons() {
        runOne("true");

        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith("command-"))
                .isNotEmpty().allMatch(Thread::isDaemon);
    }
}
