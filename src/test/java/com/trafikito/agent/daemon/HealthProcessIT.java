package com.trafikito.agent.daemon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.http.Fault;
import com.trafikito.agent.testing.AgentProcess;
import com.trafikito.agent.testing.FakeApi;
import com.trafikito.agent.testing.TestInstallation;

/**
 * Health semantics of DESIGN.md on the packaged daemon, over its HTTP port: what the kubelet's probes see (the
 * container images set {@code AGENT_HTTP_ENABLED=true}, as {@link AgentProcess} does, and it is the default);
 * and an owner's {@code agent.http.enabled=false}, which serves no port at all.
 */
class HealthProcessIT extends PackagedAgent {

    @Test
    void withoutAUsableConfigNotReadyWithTheReasonButLiveAndReadyOnceFixedWithoutARestart() throws Exception {
        Files.delete(installation.config());
        FakeApi.getConfigAnswers("tok hello");
        AgentProcess daemon = daemon();
        await().ignoreExceptions().atMost(Duration.ofSeconds(30))
                .until(() -> daemon.get("/q/health/ready").statusCode() == 503);
        assertThat(daemon.get("/q/health/ready").body()).contains("trafikito.cfg").contains("\"DOWN\"");
        assertThat(daemon.get("/q/health/live").statusCode()).isEqualTo(200);

        installation.writeConfig("export SERVER_ID=\"" + TestInstallation.SERVER_ID + "\"\nexport API_KEY=\""
                + TestInstallation.API_KEY + "\"\n");
        await().ignoreExceptions().atMost(Duration.ofSeconds(15))
                .until(() -> daemon.get("/q/health/ready").statusCode() == 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> FakeApi.count(FakeApi.SAVE_OUTPUT) > 0);
    }

    @Test
    void anApiOutageMakesItNotReadyAfterThreeCyclesButNeverNotLive() throws Exception {
        FakeApi.answer(FakeApi.GET_CONFIG, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        AgentProcess daemon = daemon();
        await().ignoreExceptions().atMost(Duration.ofSeconds(30))
                .until(() -> daemon.get("/q/health/ready").statusCode() == 503);
        assertThat(FakeApi.count(FakeApi.GET_CONFIG)).isGreaterThanOrEqualTo(3);
        assertThat(daemon.get("/q/health/ready").body()).contains("3 cycles in a row");
        assertThat(daemon.get("/q/health/live").statusCode()).isEqualTo(200);
        assertThat(daemon.get("/q/health/live").body()).contains("\"UP\"");
    }

    @Test
    void sigtermStopsTheDaemonWithinSecondsEvenWhileACommandRuns() {
        // The shell writes its pid, then becomes the sleeper (exec keeps the pid).
        installation.writeWhitelist("trafikito_slow=\"echo $$ > started; exec sleep 300\"\n");
        FakeApi.getConfigAnswers("tok slow");
        AgentProcess daemon = daemon();
        await().atMost(Duration.ofSeconds(30)).until(() -> installation.exists("var/started")
                && installation.read("var/started").endsWith("\n"));
        long pid = Long.parseLong(installation.read("var/started").strip());
        ProcessHandle sleeper = ProcessHandle.of(pid).orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> sleeper.info().commandLine().orElse("").contains("sleep"));

        long before = System.nanoTime();
        daemon.terminate();
        assertThat(daemon.waitFor(5)).as("stopped within 5 s of SIGTERM").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
        assertThat(daemon.exitCode()).isIn(0, 143);
        await().atMost(Duration.ofSeconds(5)).until(() -> !sleeper.isAlive());
    }

    @Test
    void aTakenHealthPortDoesNotStopMonitoringAndIsBoundOnceFree() throws Exception {
        FakeApi.getConfigAnswers("tok hello");
        AgentProcess daemon;
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.setReuseAddress(true);
            squatter.bind(new InetSocketAddress("127.0.0.1", 0));
            daemon = AgentProcess.in(installation).env("QUARKUS_HTTP_PORT", Integer.toString(squatter.getLocalPort()))
                    .start("run");
            started.add(daemon);

            await().atMost(Duration.ofSeconds(30)).until(() -> FakeApi.count(FakeApi.SAVE_OUTPUT) >= 2);
            assertThat(daemon.process().isAlive()).isTrue();
            assertThat(daemon.stderr()).contains("health port 127.0.0.1:" + squatter.getLocalPort() + " is taken");
            assertThat(installation.read("var/health-port")).contains("is taken");
        }

        await().ignoreExceptions().atMost(Duration.ofSeconds(30))
                .until(() -> daemon.get("/q/health/live").statusCode() == 200);
        assertThat(daemon.get("/q/health/ready").body()).contains("\"UP\"");
        assertThat(daemon.get("/q/metrics").body()).contains("agent_cycles_total");
        await().atMost(Duration.ofSeconds(5)).until(() -> !installation.exists("var/health-port"));
    }

    @Test
    void anOwnerWhoTurnsHttpOffGetsNoPortYetCyclesRunAndTheDefaultServesHealthAndMetrics() throws Exception {
        FakeApi.getConfigAnswers("tok hello");
        // The owner's switch in etc/agent.properties (what the service reads)
        Files.writeString(installation.baseDir().resolve("etc/agent.properties"), "agent.http.enabled=false\n");
        AgentProcess service = AgentProcess.in(installation).env("AGENT_HTTP_ENABLED", null).start("run");
        started.add(service);
        await().atMost(Duration.ofSeconds(30)).until(() -> FakeApi.count(FakeApi.SAVE_OUTPUT) >= 2);
        assertThat(listeningSockets(service.process().pid())).as("listening sockets of the agent").isEmpty();
        service.close();
        started.remove(service);

        // Nothing set: the default
        Files.deleteIfExists(installation.baseDir().resolve("etc/agent.properties"));
        AgentProcess enabled = AgentProcess.in(installation).env("AGENT_HTTP_ENABLED", null).start("run");
        started.add(enabled);
        await().ignoreExceptions().atMost(Duration.ofSeconds(30))
                .until(() -> enabled.get("/q/health/ready").statusCode() == 200);
        assertThat(enabled.get("/q/health/live").body()).contains("\"UP\"");
        await().atMost(Duration.ofSeconds(30)).until(() -> enabled.get("/q/metrics").body().contains("agent_cycles_total"));
        assertThat(listeningSockets(enabled.process().pid())).hasSize(1);
    }

    /** The inodes of the TCP sockets in LISTEN state that the process holds open. */
    private static Set<String> listeningSockets(long pid) throws IOException {
        Set<String> listening = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) { // after the header
                String[] fields = line.strip().split("\\s+");
                if (fields[3].equals("0A")) { // TCP_LISTEN
                    listening.add("socket:[" + fields[9] + "]");
                }
            }
        }
        Set<String> held = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (listening.contains(target)) {
                        held.add(target);
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return held;
    }

    private AgentProcess daemon() {
        AgentProcess process = AgentProcess.in(installation).start("run");
        started.add(process);
        return process;
    }
}
