package com.trafikito.agent.daemon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
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
        AgentProcess daemon = launch("run");

        await().atMost(Duration.ofSeconds(30)).until(() -> FakeApi.count(FakeApi.SAVE_OUTPUT) >= 3);
        List<LoggedRequest> calls = FakeApi.requests(FakeApi.GET_CONFIG);
        for (int i = 1; i < calls.size(); i++) {
            long gap = calls.get(i).getLoggedDate().getTime() - calls.get(i - 1).getLoggedDate().getTime();
            assertThat(gap).as("cycle starts are an interval apart").isGreaterThanOrEqualTo(1900);
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
        assertThat(installation.exists("var/state")).as("no state of the interrupted cycle").isFalse();
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
