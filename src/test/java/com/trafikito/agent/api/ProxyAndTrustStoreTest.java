package com.trafikito.agent.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.trafikito.agent.testing.ConnectProxy;
import com.trafikito.agent.testing.TestCertificates;
import com.trafikito.agent.testing.TestInstallation;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * An HTTPS proxy and a custom CA through Quarkus' own {@code quarkus.rest-client.*} keys (README, Proxy and
 * trust store): {@code agent run --once} against an HTTPS API on loopback whose certificate only the test's CA
 * vouches for, through a CONNECT proxy on loopback.
 */
@QuarkusMainTest
class ProxyAndTrustStoreTest {

    static TestCertificates certs;
    static WireMockServer api;
    static TestInstallation installation;
    ConnectProxy proxy;
    final Map<String, String> settings = new LinkedHashMap<>();

    @BeforeAll
    static void startApi() {
        certs = TestCertificates.create();
        api = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").httpDisabled(true)
                .dynamicHttpsPort().keystorePath(certs.serverKeyStore().toString()).keystoreType("PKCS12")
                .keystorePassword(TestCertificates.PASSWORD).keyManagerPassword(TestCertificates.PASSWORD));
        api.start();
        installation = TestInstallation.create();
    }

    @AfterAll
    static void stopApi() {
        api.stop();
        installation.delete();
    }

    @BeforeEach
    void setUp() throws Exception {
        api.resetAll();
        api.stubFor(post(urlPathEqualTo("/v2/agent/get_config")).willReturn(aResponse().withBody("tok hello")));
        api.stubFor(post(urlPathEqualTo("/v2/agent/save_output")).willReturn(aResponse().withBody("OK")));
        installation.reset();
        proxy = new ConnectProxy();
        settings.put("agent.api.url", "https://127.0.0.1:" + api.httpsPort());
        settings.put("agent.base-dir", installation.baseDir().toString());
        settings.put("agent.api.connect-timeout", "5s");
        settings.put("agent.api.read-timeout", "5s");
    }

    @AfterEach
    void tearDown() throws Exception {
        settings.keySet().forEach(System::clearProperty);
        proxy.close();
    }

    @Test
    void throughAnHttpsProxyWithACustomTrustStore(QuarkusMainLauncher launcher) {
        settings.put("quarkus.rest-client.proxy-address", "127.0.0.1:" + proxy.port());
        trustStoreKeys();
        LaunchResult result = launch(launcher);
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(proxy.requestLines()).contains("CONNECT 127.0.0.1:" + api.httpsPort() + " HTTP/1.1");
        assertThat(api.findAll(postRequestedFor(urlPathEqualTo("/v2/agent/save_output")))).hasSize(1);
    }

    @Test
    void theTrustStoreWithoutAProxyGoesDirect(QuarkusMainLauncher launcher) {
        trustStoreKeys();
        LaunchResult result = launch(launcher);
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(proxy.requestLines()).isEmpty();
    }

    @Test
    void aPemCaFileThroughANamedTlsConfiguration(QuarkusMainLauncher launcher) {
        settings.put("quarkus.tls.corporate.trust-store.pem.certs", certs.caPem().toString());
        settings.put("quarkus.rest-client.tls-configuration-name", "corporate");
        settings.put("quarkus.rest-client.proxy-address", "127.0.0.1:" + proxy.port());
        LaunchResult result = launch(launcher);
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(proxy.requestLines()).isNotEmpty()
                .allMatch(line -> line.equals("CONNECT 127.0.0.1:" + api.httpsPort() + " HTTP/1.1"));
        assertThat(api.findAll(postRequestedFor(urlPathEqualTo("/v2/agent/save_output")))).hasSize(1);
    }

    @Test
    void aTrustStoreThatCannotBeLoadedFailsNamingTheKeyAndSendsNothing(QuarkusMainLauncher launcher) {
        settings.put("quarkus.rest-client.trust-store", installation.baseDir().resolve("missing.p12").toString());
        LaunchResult result = launch(launcher);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.getErrorOutput()).contains("quarkus.rest-client.trust-store").contains("missing.p12");
        assertThat(api.getAllServeEvents()).isEmpty();
    }

    @Test
    void withoutTheCaTheApiIsNotTrustedAndNothingIsSent(QuarkusMainLauncher launcher) {
        settings.put("quarkus.rest-client.proxy-address", "127.0.0.1:" + proxy.port());
        LaunchResult result = launch(launcher);
        assertThat(result.exitCode()).as("the API could not be reached").isEqualTo(4);
        assertThat(result.getErrorOutput()).containsIgnoringCase("certificat");
        assertThat(api.getAllServeEvents()).isEmpty();
    }

    private void trustStoreKeys() {
        settings.put("quarkus.rest-client.trust-store", certs.trustStore().toString());
        settings.put("quarkus.rest-client.trust-store-password", TestCertificates.PASSWORD);
        settings.put("quarkus.rest-client.trust-store-type", "PKCS12");
    }

    private LaunchResult launch(QuarkusMainLauncher launcher) {
        settings.forEach(System::setProperty);
        return launcher.launch("run", "--once");
    }
}
