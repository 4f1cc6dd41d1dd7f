package com.trafikito.agent.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The monitoring API as a real HTTP server on loopback (WireMock), recording every request, plus a temporary
 * base dir. Tests drive it through the static helpers; one instance runs per Quarkus application start.
 */
public class FakeApi implements QuarkusTestResourceLifecycleManager {

    public static final String GET_CONFIG = "/v2/agent/get_config";
    public static final String SAVE_OUTPUT = "/v2/agent/save_output";
    public static final String ERROR_FEEDBACK = "/v2/agent/error_feedback";
    public static final String PING = "/v2/ping";

    private static volatile WireMockServer server;
    private static volatile TestInstallation installation;

    @Override
    public Map<String, String> start() {
        return startServer();
    }

    /**
     * For {@code @QuarkusMainTest} classes, whose applications start per launch: the server is started once
     * from {@code @BeforeAll} and its settings reach each launch as system properties.
     */
    public static void startForLaunches() {
        startServer().forEach(System::setProperty);
    }

    public static void stopForLaunches() {
        settingKeys().forEach(System::clearProperty);
        new FakeApi().stop();
    }

    private static java.util.Set<String> settingKeys() {
        return java.util.Set.of("agent.api.url", "agent.base-dir", "agent.api.connect-timeout",
                "agent.api.read-timeout", "agent.commands.timeout", "agent.cycle.splay");
    }

    private static Map<String, String> startServer() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        installation = TestInstallation.create();
        return Map.of(
                "agent.api.url", "http://127.0.0.1:" + server.port(),
                "agent.base-dir", installation.baseDir().toString(),
                "agent.api.connect-timeout", "2s",
                "agent.api.read-timeout", "2s",
                "agent.commands.timeout", "5s",
                "agent.cycle.splay", "false");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
        if (installation != null) {
            installation.delete();
        }
    }

    public static WireMockServer server() {
        return server;
    }

    public static TestInstallation installation() {
        return installation;
    }

    /** Forgets stubs and recorded requests; save_output and error_feedback answer OK unless told otherwise. */
    public static void reset() {
        server.resetAll();
        answer(SAVE_OUTPUT, aResponse().withBody("OK"));
        answer(ERROR_FEEDBACK, aResponse().withBody("OK"));
        answer(PING, aResponse().withBody("OK"));
    }

    /** A clean slate for the next test: {@link #reset()} and a freshly laid out installation. */
    public static TestInstallation fresh() {
        reset();
        return installation.reset();
    }

    public static void answer(String path, ResponseDefinitionBuilder response) {
        server.stubFor(post(urlPathEqualTo(path)).willReturn(response));
    }

    public static void getConfigAnswers(String body) {
        answer(GET_CONFIG, aResponse().withBody(body));
    }

    public static List<LoggedRequest> requests(String path) {
        return server.findAll(postRequestedFor(urlPathEqualTo(path)));
    }

    public static int count(String path) {
        return requests(path).size();
    }
}
