package com.trafikito.agent.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.trafikito.agent.testing.FakeApi.GET_CONFIG;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.trafikito.agent.testing.FakeApi;
import com.trafikito.agent.testing.FakeApiForLaunches;
import com.trafikito.agent.testing.TestInstallation;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** {@code agent run --once} against an API that is down, hanging, wrongly addressed or behind the wrong protocol. */
@QuarkusMainTest
@ExtendWith(FakeApiForLaunches.class)
class FaultCommandTest {

    private static final String URL = "agent.api.url";
    private String fakeApiUrl;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    TestInstallation installation;

    @BeforeEach
    void remember() {
        installation = FakeApi.installation();
        fakeApiUrl = System.getProperty(URL);
    }

    @AfterEach
    void close() throws Exception {
        System.setProperty(URL, fakeApiUrl);
        System.clearProperty("agent.api.allow-insecure");
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void connectionRefusedEndsWithExit4WellWithinTheBudget(QuarkusMainLauncher launcher) throws IOException {
        System.setProperty(URL, "http://127.0.0.1:" + closedPort());
        long start = System.nanoTime();
        LaunchResult result = launcher.launch("run", "--once");
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.getErrorOutput()).contains("get_config").contains("Connection refused");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(40));
    }

    @Test
    void anApiThatAcceptsButNeverAnswersEndsWithExit4WithinTheBudget(QuarkusMainLauncher launcher)
            throws IOException {
        ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        toClose.add(silent);
        Thread acceptor = new Thread(() -> acceptAndHold(silent), "silent-api");
        acceptor.setDaemon(true);
        acceptor.start();
        System.setProperty(URL, "http://127.0.0.1:" + silent.getLocalPort());

        long start = System.nanoTime();
        LaunchResult result = launcher.launch("run", "--once");
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(40));
    }

    @Test
    void tlsToAPlainHttpPortIsAnUnreachableApi(QuarkusMainLauncher launcher) {
        System.setProperty(URL, fakeApiUrl.replace("http://", "https://"));
        FakeApi.getConfigAnswers("tok hello");
        LaunchResult result = launcher.launch("run", "--once");
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(FakeApi.count(FakeApi.SAVE_OUTPUT)).isZero();
    }

    @Test
    void plainHttpToAnotherHostIsRefusedBeforeAnyNetworkCall(QuarkusMainLauncher launcher) {
        System.setProperty(URL, "http://api.example.invalid");
        LaunchResult result = launcher.launch("run", "--once");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("https://").contains("agent.api.allow-insecure");
    }

    @Test
    void aDownEdgeFailsOverToTheNextThatAnswersPing(QuarkusMainLauncher launcher) throws IOException {
        System.setProperty(URL, "http://127.0.0.1:" + closedPort() + "," + fakeApiUrl);
        FakeApi.getConfigAnswers("tok hello");
        LaunchResult result = launcher.launch("run", "--once");
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(FakeApi.count(FakeApi.PING)).isEqualTo(1);
        assertThat(FakeApi.count(GET_CONFIG)).isEqualTo(1);
    }

    @Test
    void aConfigWritableByOthersIsRefused(QuarkusMainLauncher launcher) throws IOException {
        Files.setPosixFilePermissions(installation.config(), PosixFilePermissions.fromString("rw-rw----"));
        LaunchResult result = launcher.launch("run", "--once");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains(installation.config().toString()).contains("writable");
        assertThat(FakeApi.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void aConfigOthersCanReadGetsAWarningButRuns(QuarkusMainLauncher launcher) throws IOException {
        Files.setPosixFilePermissions(installation.config(), PosixFilePermissions.fromString("rw-r--r--"));
        FakeApi.getConfigAnswers("tok hello");
        LaunchResult result = launcher.launch("run", "--once");
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput() + result.getErrorOutput()).contains("readable by other users");

        LaunchResult check = launcher.launch("check");
        assertThat(check.getOutput()).contains("readable by other users").contains("chmod 600");
    }

    @Test
    void anUnwritableVarStillRunsAndSends(QuarkusMainLauncher launcher) throws IOException {
        // var/ as a plain file: nothing can be created under it, as on a read-only or full disk.
        try (var files = Files.list(installation.var())) {
            for (var f : (Iterable<java.nio.file.Path>) files::iterator) {
                Files.delete(f);
            }
        }
        Files.delete(installation.var());
        Files.writeString(installation.var(), "not a folder");
        FakeApi.getConfigAnswers("tok hello");

        LaunchResult result = launcher.launch("run", "--once");

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(FakeApi.count(FakeApi.SAVE_OUTPUT)).isEqualTo(1);
        assertThat(result.getOutput() + result.getErrorOutput()).contains("without the base dir lock");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void acceptAndHold(ServerSocket server) {
        List<Socket> held = new ArrayList<>();
        try {
            while (!server.isClosed()) {
                Socket s = server.accept();
                held.add(s);
                InputStream in = s.getInputStream();
                in.readNBytes(in.available());
            }
        } catch (IOException e) {
            // closed by the test
        } finally {
            held.forEach(s -> {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing
                }
            });
        }
    }
}
