package com.trafikito.agent.daemon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.trafikito.agent.testing.AgentProcess;
import com.trafikito.agent.testing.FakeApi;

/**
 * The packaged agent as an operator runs it: {@code java -jar ... run} as a real process against the fake
 * API, with its HTTP health port, stopped by SIGTERM.
 */
class DaemonProcessIT extends PackagedAgent {

    @Test
    void cyclesOnScheduleAnswersHealthAndStopsCleanlyOnSigterm() throws Exception {
        FakeApi.getConfigAnswers("tok hello");
        AgentProcess daemon = AgentProcess.in(installation)
                .jvmArg("-Dquarkus.log.category.\"com.trafikito.agent.cycle.CycleJob\".level=DEBUG").start("run");
        started.add(daemon);

        await().atMost(Duration.ofSeconds(30)).until(() -> FakeApi.count(FakeApi.SAVE_OUTPUT) >= 3);
        // What the design promises is about the agent's starts, from its own record; when the requests reach
        // the API depends on the load of the machine as well.
        List<long[]> starts = plannedAndRealStarts(daemon.stderr());
        assertThat(starts).as(daemon::stderr).hasSizeGreaterThanOrEqualTo(3);
        for (int i = 0; i < starts.size(); i++) {
            assertThat(starts.get(i)[0]).as("cycle %d starts no earlier than planned", i)
                    .isGreaterThanOrEqualTo(starts.get(i)[1]);
            if (i > 0) {
                assertThat(starts.get(i)[1] - starts.get(i - 1)[0]).as("planned one interval after the last start")
                        .isEqualTo(2000);
            }
        }
        assertThat(daemon.get("/q/health/ready").statusCode()).isEqualTo(200);
        assertThat(daemon.get("/q/health/live").body()).contains("\"UP\"");

        AgentProcess once = launch("run", "--once");
        assertThat(once.waitFor(30)).isTrue();
        assertThat(once.exitCode()).as("a second agent on the same base dir").isEqualTo(2);
        AgentProcess version = launch("--version");
        assertThat(version.waitFor(30)).isTrue();
        assertThat(version.exitCode()).as("--version beside the daemon (no port clash)").isZero();

        long before = System.nanoTime();
        daemon.terminate();
        assertThat(daemon.waitFor(10)).as(() -> "stops within seconds of SIGTERM; its stderr:\n" + daemon.stderr())
                .isTrue();
        assertThat(daemon.exitCode()).as("a clean stop").isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aStoppedDaemonIsNotReadyAndResumesWhenTheStopFileIsDeleted() throws Exception {
        FakeApi.getConfigAnswers("STOP server removed");
        AgentProcess daemon = launch("run");
        await().atMost(Duration.ofSeconds(30)).until(() -> installation.exists("var/STOP"));
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> daemon.get("/q/health/ready").statusCode() == 503);
        assertThat(daemon.get("/q/health/ready").body()).contains("server removed");
        int callsWhileStopped = FakeApi.count(FakeApi.GET_CONFIG);

        FakeApi.getConfigAnswers("tok hello");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> FakeApi.count(FakeApi.GET_CONFIG) == callsWhileStopped);
        Files.delete(installation.var().resolve("STOP"));
        await().atMost(Duration.ofSeconds(15)).until(() -> FakeApi.count(FakeApi.SAVE_OUTPUT) >= 1);
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> daemon.get("/q/health/ready").statusCode() == 200);
        daemon.terminate();
        assertThat(daemon.waitFor(10)).isTrue();
    }

    @Test
    void sigtermDuringACycleKillsItsCommandsAndSendsAndRecordsNothing() throws Exception {
        Path pidFile = installation.var().resolve("slow.pid");
        installation.writeWhitelist("trafikito_slow=\"sleep 120 & echo $! > " + pidFile + "; wait\"\n");
        FakeApi.getConfigAnswers("tok slow");
        AgentProcess daemon = launch("run");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);
        long sleeper = Long.parseLong(Files.readString(pidFile).strip());

        daemon.terminate();

        assertThat(daemon.waitFor(10)).as(() -> "stops within seconds of SIGTERM; its stderr:\n" + daemon.stderr())
                .isTrue();
        assertThat(daemon.exitCode()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> !isAlive(sleeper));
        assertThat(FakeApi.count(FakeApi.SAVE_OUTPUT)).isZero();
        assertThat(daemon.stderr()).as("an ordinary stop logs no error").doesNotContain(" ERROR ")
                .doesNotContain("Exception");
        assertThat(installation.exists("var/state")).as("no state of the interrupted cycle").isFalse();
    }

    @Test
    void sigtermDuringGetConfigSendsNothingMoreAndStopsPromptly() {
        FakeApi.answer(FakeApi.GET_CONFIG, aResponse().withBody("tok hello").withFixedDelay(8000));
        AgentProcess daemon = launch("run");
        await().atMost(Duration.ofSeconds(30)).until(() -> FakeApi.count(FakeApi.GET_CONFIG) >= 1);

        long before = System.nanoTime();
        daemon.terminate();

        assertThat(daemon.waitFor(10)).as(daemon::stderr).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(6));
        assertThat(daemon.exitCode()).isZero();
        assertThat(FakeApi.count(FakeApi.GET_CONFIG)).as("no retry").isEqualTo(1);
        assertThat(FakeApi.count(FakeApi.SAVE_OUTPUT)).isZero();
        assertThat(daemon.stderr()).as("an ordinary stop logs no error").doesNotContain(" ERROR ")
                .doesNotContain("Exception");
    }

    @Test
    void aSecondDaemonOnTheSameBaseDirIsRefusedBeforeItTouchesThePort() throws Exception {
        FakeApi.getConfigAnswers("tok hello");
        AgentProcess first = launch("run");
        await().ignoreExceptions().atMost(Duration.ofSeconds(30))
                .until(() -> first.get("/q/health/live").statusCode() == 200);

        // The same port as the first: a refusal after binding would say "Port ... in use", not the lock's words.
        AgentProcess second = AgentProcess.in(installation).env("QUARKUS_HTTP_PORT", Integer.toString(first.port()))
                .start("run");
        started.add(second);

        assertThat(second.waitFor(30)).isTrue();
        assertThat(second.exitCode()).isEqualTo(2);
        assertThat(second.stderr()).contains("another agent runs on this base dir").doesNotContain("in use");
    }

    @Test
    void aDaemonKilledWithSigkillLeavesNoLockBehind() throws Exception {
        FakeApi.getConfigAnswers("tok hello");
        AgentProcess daemon = launch("run");
        await().atMost(Duration.ofSeconds(30)).until(() -> FakeApi.count(FakeApi.SAVE_OUTPUT) >= 1);
        daemon.process().destroyForcibly(); // SIGKILL
        assertThat(daemon.waitFor(10)).isTrue();
        // The lock is the kernel's, on var/ itself: no file is left to clean up (or to trust).
        assertThat(installation.exists("var/lock")).isFalse();

        AgentProcess once = launch("run", "--once");
        assertThat(once.waitFor(30)).isTrue();
        assertThat(once.exitCode()).as("a restart after kill -9 is not blocked").isZero();
    }

    /** Each cycle's real and planned start in monotonic ms, from CycleJob's debug lines. */
    private static List<long[]> plannedAndRealStarts(String log) {
        Matcher m = Pattern.compile("cycle start at (\\d+) ms, planned for (\\d+) ms").matcher(log);
        List<long[]> starts = new ArrayList<>();
        while (m.find()) {
            starts.add(new long[] { Long.parseLong(m.group(1)), Long.parseLong(m.group(2)) });
        }
        return starts;
    }

    @Test
    void sighupIsLoggedAndIgnoredEvenWhileACommandRuns() throws Exception {
        assumeInherited("HUP", 1);
        Path pidFile = installation.var().resolve("slow.pid");
        installation.writeWhitelist("trafikito_slow=\"echo $$ > " + pidFile + "; sleep 2; echo done\"\n");
        FakeApi.getConfigAnswers("tok slow");
        AgentProcess daemon = launch("run");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);

        signal("HUP", daemon.process().pid());

        await().atMost(Duration.ofSeconds(15)).until(() -> FakeApi.count(FakeApi.SAVE_OUTPUT) >= 1);
        assertThat(daemon.process().isAlive()).as(daemon::stderr).isTrue();
        assertThat(FakeApi.requests(FakeApi.SAVE_OUTPUT).get(0).getPart("output").getBody().asString())
                .contains("done\n");
        assertThat(daemon.stderr()).contains("SIGHUP: nothing to reload");
        daemon.terminate();
        assertThat(daemon.waitFor(10)).isTrue();
        assertThat(daemon.exitCode()).isZero();
    }

    @Test
    void sigintDuringACommandStopsLikeSigterm() throws Exception {
        assumeInherited("INT", 2);
        Path pidFile = installation.var().resolve("slow.pid");
        installation.writeWhitelist("trafikito_slow=\"echo $$ > " + pidFile + "; sleep 120\"\n");
        FakeApi.getConfigAnswers("tok slow");
        AgentProcess daemon = launch("run");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);

        signal("INT", daemon.process().pid());

        assertThat(daemon.waitFor(10)).as(daemon::stderr).isTrue();
        assertThat(daemon.exitCode()).isZero();
        assertThat(FakeApi.count(FakeApi.SAVE_OUTPUT)).isZero();
        assertThat(daemon.stderr()).doesNotContain(" ERROR ").doesNotContain("Exception");
    }

    /**
     * A signal ignored when a process starts stays ignored across exec, and the JVM leaves a shutdown signal it
     * finds ignored alone: a build started under nohup (HUP) or as a background job of a script (INT) hands
     * that to the agent it launches, as to any program. The agent's handling is then not what is tested.
     */
    private static void assumeInherited(String name, int number) throws Exception {
        long ignored = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                ignored = Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
            }
        }
        Assumptions.assumeTrue((ignored & (1L << (number - 1))) == 0, "this build runs with SIG" + name
                + " ignored (started under nohup or in the background), so the agent it launches inherits that");
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    private static boolean isAlive(long pid) {
        // A zombie has no cmdline; PID 1 of some sandboxes does not reap them.
        return ProcessHandle.of(pid).map(p -> p.isAlive() && p.info().command().isPresent()).orElse(false);
    }

    private AgentProcess launch(String... args) {
        AgentProcess process = AgentProcess.in(installation).start(args);
        started.add(process);
        return process;
    }
}
