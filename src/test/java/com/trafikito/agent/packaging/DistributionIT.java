package com.trafikito.agent.packaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import com.trafikito.agent.host.FileOps;
import com.trafikito.agent.testing.FakeHost;
import com.trafikito.agent.testing.TestCertificates;

/**
 * The distribution archive of {@code ./mvnw package}, unpacked, run on its own jlink runtime with no Java on the
 * PATH but a decoy that fails: every CLI mode, registration and cycles over TLS (an EC certificate that only the
 * test's CA vouches for). A module missing from the runtime fails here, not on a customer's host. Install goes
 * through a fake host (fake systemctl and useradd), so no real user or service is made.
 */
class DistributionIT {

    static final String SERVER_ID = "srv-dist-1";
    static final String API_KEY = "key-dist-0123456789";

    static TestCertificates certs;
    static WireMockServer api;
    static Path dir;
    static Path unpacked;
    static FakeHost host;

    @BeforeAll
    static void unpackAndStartApi() throws Exception {
        Path archive = Path.of(System.getProperty("dist.archive", "target/trafikito-agent-archive-missing.tar.gz"));
        assertThat(archive).as("./mvnw package writes the archive").isRegularFile();
        dir = Files.createTempDirectory("trafikito-dist-");
        exec(dir, List.of("tar", "xzf", archive.toAbsolutePath().toString()));
        try (var top = Files.list(dir)) {
            List<Path> folders = top.toList();
            assertThat(folders).as("one top folder").hasSize(1);
            unpacked = folders.get(0);
        }
        // A java first on the PATH that fails: the launcher must never use a Java of the host.
        Path decoy = dir.resolve("decoy/java");
        Files.createDirectories(decoy.getParent());
        Files.writeString(decoy, "#!/bin/sh\necho 'a Java of the host was used' >&2\nexit 99\n");
        Files.setPosixFilePermissions(decoy, PosixFilePermissions.fromString("rwxr-xr-x"));

        certs = TestCertificates.create();
        api = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").httpDisabled(true)
                .dynamicHttpsPort().keystorePath(certs.serverKeyStore().toString()).keystoreType("PKCS12")
                .keystorePassword(TestCertificates.PASSWORD).keyManagerPassword(TestCertificates.PASSWORD));
        api.start();
        String file = "/v2/agent/get_agent_file";
        api.stubFor(post(urlPathEqualTo(file)).withQueryParam("file", equalTo("trafikito.conf"))
                .willReturn(aResponse().withBody("server_id = " + SERVER_ID + "\napi_key = " + API_KEY + "\n")));
        api.stubFor(post(urlPathEqualTo(file)).withQueryParam("file", equalTo("available_commands.sh"))
                .willReturn(aResponse().withBody("trafikito_uptime=\"uptime\"\ntrafikito_echo=\"echo on the runtime\"\n")));
        api.stubFor(post(urlPathEqualTo("/v2/agent/get_config")).willReturn(aResponse().withBody("tok-1 uptime,echo")));
        api.stubFor(post(urlPathEqualTo("/v2/agent/save_output")).willReturn(aResponse().withBody("OK")));
        api.stubFor(post(urlPathEqualTo("/v2/ping")).willReturn(aResponse().withBody("OK")));
        host = FakeHost.create();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (api != null) {
            api.stop();
        }
        if (host != null) {
            host.delete();
        }
        if (dir != null) {
            FileOps.deleteTree(dir);
        }
    }

    @Test
    void everyCommandRunsOnTheLinkedRuntimeAndACycleGoesOverTls() throws Exception {
        Path base = host.newBaseDir("trafikito");
        Path agent = unpacked.resolve("agent");

        Run version = run(agent, "--version");
        assertThat(version.code).as(version.err).isZero();
        assertThat(version.out).startsWith("trafikito-agent ");

        Run dryRun = run(agent, "run", "--once", "--dry-run");
        assertThat(dryRun.code).as(dryRun.err).isZero();
        assertThat(dryRun.out).contains("*-*-*-*------------ Trafikito command: trafikito_uptime", "load average");

        Run printService = run(agent, "install", "--print-service");
        assertThat(printService.code).as(printService.err).isZero();
        assertThat(printService.out).contains("ExecStart=/opt/trafikito/agent run");

        Run install = run(agent, "install", "--base-dir", base.toString(), "--run-as", "root",
                "--workspace-id", "ws-1", "--server-name", "dist-test", "--yes");
        assertThat(install.code).as(install.err).isZero();
        assertThat(api.findAll(postRequestedFor(urlPathEqualTo("/v2/agent/get_agent_file")))).hasSize(2);
        assertThat(base.resolve("lib/runtime/bin/java")).isExecutable();
        assertThat(base.resolve("lib/runtime/lib/jspawnhelper")).isExecutable();
        assertThat(Files.readString(base.resolve("agent"))).contains("\"$base/lib/runtime/bin/java\"");
        assertTheInstalledRuntimeSharesTheAgentsJdkClasses(base);

        Path installed = base.resolve("agent");
        Run check = run(installed, "check");
        assertThat(check.code).as(check.out + check.err).isZero();
        Run status = run(installed, "status");
        assertThat(status.code).as(status.err).isZero();
        assertThat(status.out).contains(SERVER_ID).contains("Health:       http://127.0.0.1:").contains("/q/health/ready");

        Run once = run(installed, "run", "--once");
        assertThat(once.code).as(once.err).isZero();
        assertThat(api.findAll(postRequestedFor(urlPathEqualTo("/v2/agent/save_output")))).hasSize(1);
        assertThat(api.findAll(postRequestedFor(urlPathEqualTo("/v2/agent/save_output"))).get(0).getBodyAsString())
                .contains("on the runtime");

        Process daemon = start(installed, "run");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> !daemon.isAlive()
                    || api.findAll(postRequestedFor(urlPathEqualTo("/v2/agent/save_output"))).size() >= 2);
            assertThat(daemon.isAlive()).as(read(dir.resolve("daemon.err"))).isTrue();
            daemon.destroy(); // SIGTERM, as systemd stops it
            assertThat(daemon.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(daemon.exitValue()).as(read(dir.resolve("daemon.err"))).isZero();
        } finally {
            daemon.destroyForcibly();
        }

        Run uninstall = run(installed, "uninstall", "--purge", "--yes");
        assertThat(uninstall.code).as(uninstall.err).isZero();
        assertThat(base).doesNotExist();
        for (Run run : List.of(version, dryRun, printService, install, check, status, once, uninstall)) {
            assertThat(run.err).doesNotContain("a Java of the host was used", "Exception");
        }
    }

    /**
     * The runtime's class data sharing archive, made at package time from the agent's own runs, is used where
     * install copied it: {@code -Xshare:on} makes an unusable archive an error instead of a silent fallback.
     */
    private static void assertTheInstalledRuntimeSharesTheAgentsJdkClasses(Path base) throws Exception {
        Process java = new ProcessBuilder(base.resolve("lib/runtime/bin/java").toString(), "-Xshare:on",
                "-Xlog:class+load=info", "-jar", base.resolve("lib/quarkus-app/quarkus-run.jar").toString(), "--version")
                .redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(output).isZero();
        // A JDK class the agent loads that the JDK's default class list does not hold
        assertThat(output).contains("java.net.InetSocketAddress source: shared objects file");
    }

    record Run(int code, String out, String err) {
    }

    /** The agent with no Java on the PATH but the decoy, the fake host's tools, and the test CA to trust. */
    private static Map<String, String> environment() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", dir.resolve("decoy") + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOME", dir.toString());
        env.put("AGENT_API_URL", "https://127.0.0.1:" + api.httpsPort());
        env.put("TRAFIKITO_USER_API_KEY", "uak-dist-0123456789");
        env.put("AGENT_CYCLE_INTERVAL", "2s");
        env.put("AGENT_CYCLE_SPLAY", "false");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(freePort()));
        env.put("QUARKUS_REST_CLIENT_TRUST_STORE", certs.trustStore().toString());
        env.put("QUARKUS_REST_CLIENT_TRUST_STORE_PASSWORD", TestCertificates.PASSWORD);
        env.put("QUARKUS_REST_CLIENT_TRUST_STORE_TYPE", "PKCS12");
        host.settings().forEach((key, value) -> {
            if (!key.equals("agent.install.distribution")) { // the archive's own application and runtime
                env.put(key.toUpperCase().replace('.', '_').replace('-', '_'), value);
            }
        });
        return env;
    }

    private static Run run(Path agent, String... args) throws Exception {
        Process process = start(agent, args);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("agent " + String.join(" ", args) + " ends").isTrue();
        return new Run(process.exitValue(), read(dir.resolve("daemon.out")), read(dir.resolve("daemon.err")));
    }

    private static Process start(Path agent, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(concat(agent.toString(), args)).directory(dir.toFile())
                .redirectOutput(dir.resolve("daemon.out").toFile()).redirectError(dir.resolve("daemon.err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment());
        return builder.start();
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all;
    }

    private static void exec(Path in, List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(in.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
