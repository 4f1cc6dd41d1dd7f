package com.trafikito.agent.daemon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.trafikito.agent.testing.FakeApi;
import com.trafikito.agent.testing.TestInstallation;

/**
 * The packaged agent as an operator runs it: {@code java -jar ... run} as a real process against the fake
 * API, with its HTTP health port, stopped by SIGTERM.
 */
class DaemonProcessIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private TestInstallation installation;
    private int healthPort;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        FakeApi.startForLaunches();
        FakeApi.reset();
        installation = FakeApi.installation();
        try (ServerSocket socket = new ServerSocket(0)) {
            healthPort = socket.getLocalPort();
        }
    }

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
        FakeApi.stopForLaunches();
    }

    @Test
    void cyclesOnScheduleAnswersHealthAndStopsCleanlyOnSigterm() throws Exception {
        FakeApi.getConfigAnswers("tok hello");
        Process daemon = launch("run");

        await().atMost(Duration.ofSeconds(30)).until(() -> FakeApi.count(FakeApi.SAVE_OUTPUT) >= 3);
        List<LoggedRequest> calls = FakeApi.requests(FakeApi.GET_CONFIG);
        for (int i = 1; i < calls.size(); i++) {
            long gap = calls.get(i).getLoggedDate().getTime() - calls.get(i - 1).getLoggedDate().getTime();
            assertThat(gap).as("cycle starts are an interval apart").isGreaterThanOrEqualTo(1900);
        }
        assertThat(get("/q/health/ready").statusCode()).isEqualTo(200);
        assertThat(get("/q/health/live").body()).contains("\"UP\"");

        Process once = launch("run", "--once");
        assertThat(once.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(once.exitValue()).as("a second agent on the same base dir").isEqualTo(2);
        Process version = launch("--version");
        assertThat(version.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(version.exitValue()).as("--version beside the daemon (no port clash)").isZero();

        long before = System.nanoTime();
        daemon.destroy(); // SIGTERM
        assertThat(daemon.waitFor(10, TimeUnit.SECONDS)).as("stops within seconds of SIGTERM").isTrue();
        assertThat(daemon.exitValue()).as("a clean stop").isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aStoppedDaemonIsNotReadyAndResumesWhenTheStopFileIsDeleted() throws Exception {
        FakeApi.getConfigAnswers("STOP server removed");
        Process daemon = launch("run");
        await().atMost(Duration.ofSeconds(30)).until(() -> installation.exists("var/STOP"));
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> get("/q/health/ready").statusCode() == 503);
        assertThat(get("/q/health/ready").body()).contains("server removed");
        int callsWhileStopped = FakeApi.count(FakeApi.GET_CONFIG);

        FakeApi.getConfigAnswers("tok hello");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> FakeApi.count(FakeApi.GET_CONFIG) == callsWhileStopped);
        Files.delete(installation.var().resolve("STOP"));
        await().atMost(Duration.ofSeconds(15)).until(() -> FakeApi.count(FakeApi.SAVE_OUTPUT) >= 1);
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> get("/q/health/ready").statusCode() == 200);
        daemon.destroy();
        assertThat(daemon.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void sigtermDuringACycleKillsItsCommandsAndSendsAndRecordsNothing() throws Exception {
        Path pidFile = installation.var().resolve("slow.pid");
        installation.writeWhitelist("trafikito_slow=\"sleep 120 & echo $! > " + pidFile + "; wait\"\n");
        FakeApi.getConfigAnswers("tok slow");
        Process daemon = launch("run");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);
        long sleeper = Long.parseLong(Files.readString(pidFile).strip());

        daemon.destroy();

        assertThat(daemon.waitFor(10, TimeUnit.SECONDS)).as("stops within seconds of SIGTERM").isTrue();
        assertThat(daemon.exitValue()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> !isAlive(sleeper));
        assertThat(FakeApi.count(FakeApi.SAVE_OUTPUT)).isZero();
        assertThat(installation.exists("var/state")).as("no state of the interrupted cycle").isFalse();
    }

    @Test
    void aDaemonKilledWithSigkillLeavesNoLockBehind() throws Exception {
        FakeApi.getConfigAnswers("tok hello");
        Process daemon = launch("run");
        await().atMost(Duration.ofSeconds(30)).until(() -> FakeApi.count(FakeApi.SAVE_OUTPUT) >= 1);
        daemon.destroyForcibly(); // SIGKILL
        assertThat(daemon.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(installation.exists("var/lock")).isTrue();

        Process once = launch("run", "--once");
        assertThat(once.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(once.exitValue()).as("a restart after kill -9 is not blocked").isZero();
    }

    private static boolean isAlive(long pid) {
        // A zombie has no cmdline; PID 1 of some sandboxes does not reap them.
        return ProcessHandle.of(pid).map(p -> p.isAlive() && p.info().command().isPresent()).orElse(false);
    }

    private Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(File.createTempFile("agent-", ".log"));
        Map<String, String> env = builder.environment();
        env.put("AGENT_BASE_DIR", installation.baseDir().toString());
        env.put("AGENT_API_URL", System.getProperty("agent.api.url"));
        env.put("AGENT_CYCLE_INTERVAL", "2s");
        env.put("AGENT_CYCLE_SPLAY", "false");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(healthPort));
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
