package com.trafikito.agent.widgets;

import static com.trafikito.agent.testing.FakeApi.ERROR_FEEDBACK;
import static com.trafikito.agent.testing.FakeApi.SAVE_OUTPUT;
import static com.trafikito.agent.testing.FakeApi.requests;
import static com.trafikito.agent.testing.Multipart.field;
import static org.assertj.core.api.Assertions.assertThat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.trafikito.agent.cycle.CycleService;
import com.trafikito.agent.testing.FakeApi;
import com.trafikito.agent.testing.TestInstallation;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** PROTOCOL.md section 4 with the owner's opt-in: over the wire, and never writing the owner's whitelist. */
@QuarkusTest
@TestProfile(WidgetsEnabledTest.WidgetsOn.class)
@WithTestResource(FakeApi.class)
class WidgetsEnabledTest {

    static final String GET_COMMAND = "/v2/widget/get-command";
    static final String INSTALL = "/v2/widget/install";

    public static class WidgetsOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("agent.widgets.install", "true");
        }
    }

    @Inject
    CycleService cycles;

    TestInstallation installation;

    @BeforeEach
    void reset() {
        installation = FakeApi.fresh();
        FakeApi.answer(INSTALL, aResponse().withBody("OK"));
    }

    @Test
    void aValidWidgetIsKeptInVarRunAndInstalled() {
        FakeApi.getConfigAnswers("tok hello 1.0 0 nginx");
        FakeApi.answer(GET_COMMAND, aResponse().withBody("trafikito_nginx_status=\"echo active: 3\"\n"));

        assertThat(cycles.runOnce().exitCode()).isZero();

        assertThat(requests(GET_COMMAND).get(0).getBodyAsString()).isEqualTo("{\"widgetId\":\"nginx\"}");
        LoggedRequest install = requests(INSTALL).get(0);
        assertThat(install.getPart("output").getBody().asString())
                .isEqualTo("*-*-*-*------------ Trafikito command: trafikito_nginx_status\nactive: 3\n");
        assertThat(field(install, "widgetId")).isEqualTo("nginx");
        assertThat(field(install, "cmd")).isEqualTo("trafikito_nginx_status");
        assertThat(field(install, "serverId")).isEqualTo(TestInstallation.SERVER_ID);
        assertThat(field(install, "serverApiKey")).isEqualTo(TestInstallation.API_KEY);
        assertThat(installation.read("var/widget_commands.sh")).isEqualTo("trafikito_nginx_status=\"echo active: 3\"\n");
        assertThat(installation.read("available_commands.sh")).isEqualTo(TestInstallation.WHITELIST);

        FakeApi.getConfigAnswers("tok2 nginx_status");
        assertThat(cycles.runOnce().exitCode()).isZero();
        String payload = requests(SAVE_OUTPUT).get(1).getPart("output").getBody().asString();
        assertThat(payload).startsWith("*-*-*-*------------ Trafikito command: trafikito_nginx_status\nactive: 3\n")
                .endsWith("trafikito_fail=\"echo failing >&2; exit 3\"\ntrafikito_nginx_status=\"echo active: 3\"\n");
    }

    @Test
    void anInvalidWidgetCommandIsError102AndNothingRuns() {
        FakeApi.getConfigAnswers("tok hello 1.0 0 evil");
        FakeApi.answer(GET_COMMAND, aResponse().withBody("trafikito_evil=\"touch /tmp/x\" ; rm -rf /"));

        assertThat(cycles.runOnce().exitCode()).isZero();

        LoggedRequest feedback = requests(ERROR_FEEDBACK).get(0);
        assertThat(field(feedback, "code")).isEqualTo("102");
        assertThat(field(feedback, "message")).isEqualTo("AGENT_INSTALL_WIDGET_FAILED_INVALID_COMMAND");
        assertThat(field(feedback, "details")).contains("evil");
        assertThat(requests(INSTALL)).isEmpty();
        assertThat(installation.exists("var/widget_commands.sh")).isFalse();
    }

    @Test
    void aGoodWidgetBetweenTwoBadOnesDoesNotClearError102WhichIsReportedOnce() {
        FakeApi.getConfigAnswers("tok hello 1.0 0 bad1,good,bad2");
        FakeApi.answer(GET_COMMAND, aResponse().withBody("not a whitelist line"));
        FakeApi.server().stubFor(post(urlEqualTo(GET_COMMAND)).withRequestBody(containing("\"good\""))
                .willReturn(aResponse().withBody("trafikito_good=\"echo good\"")));

        assertThat(cycles.runOnce().exitCode()).isZero();

        assertThat(requests(ERROR_FEEDBACK)).extracting(request -> field(request, "code")).containsExactly("102");
        assertThat(installation.exists("var/error-102")).as("the once-a-minute record stays").isTrue();
        assertThat(requests(INSTALL)).hasSize(1);
    }

    @Test
    void theOwnersLineWinsOverAWidgetOfTheSameName() {
        FakeApi.getConfigAnswers("tok hello 1.0 0 clash");
        FakeApi.answer(GET_COMMAND, aResponse().withBody("trafikito_hello=\"echo from the dashboard\""));

        cycles.runOnce();

        assertThat(requests(INSTALL).get(0).getPart("output").getBody().asString())
                .isEqualTo("*-*-*-*------------ Trafikito command: trafikito_hello\nhello\n");
        FakeApi.getConfigAnswers("tok2 hello");
        cycles.runOnce();
        String payload = requests(SAVE_OUTPUT).get(1).getPart("output").getBody().asString();
        assertThat(payload).startsWith("*-*-*-*------------ Trafikito command: trafikito_hello\nhello\n")
                .doesNotContain("from the dashboard");
    }

    @Test
    void widgetsOfACachedAnswerAreNotInstalledAgain() {
        FakeApi.getConfigAnswers("tok hello 1.0 0 nginx");
        FakeApi.answer(GET_COMMAND, aResponse().withBody("trafikito_nginx_status=\"echo ok\""));
        cycles.runOnce();
        FakeApi.getConfigAnswers("=");
        cycles.runOnce();
        assertThat(requests(GET_COMMAND)).hasSize(1);
    }

    @Test
    void aWidgetFileOthersCouldWriteIsNotRunButTheOwnersWhitelistIs() throws Exception {
        Path marker = installation.baseDir().resolve("pwned");
        Files.setPosixFilePermissions(installation.var(), PosixFilePermissions.fromString("rwxrwxrwx"));
        Path widgets = installation.var().resolve("widget_commands.sh");
        Files.writeString(widgets, "trafikito_pwn=\"touch " + marker + "\"\n");
        Files.setPosixFilePermissions(widgets, PosixFilePermissions.fromString("rw-rw-rw-"));
        FakeApi.getConfigAnswers("tok pwn,hello");

        assertThat(cycles.runOnce().exitCode()).isZero();

        assertThat(marker).doesNotExist();
        String payload = requests(SAVE_OUTPUT).get(0).getPart("output").getBody().asString();
        assertThat(payload).contains("Trafikito command: trafikito_hello\nhello\n")
                .contains("[trafikito-agent: refused: ").doesNotContain("trafikito_pwn=");
        LoggedRequest feedback = requests(ERROR_FEEDBACK).get(0);
        assertThat(field(feedback, "code")).isEqualTo("102");
        assertThat(field(feedback, "details")).contains("widget_commands.sh").contains("writable")
                .contains("widget lines are not used");
    }
}
