package com.trafikito.agent.cycle;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.trafikito.agent.testing.FakeApi.ERROR_FEEDBACK;
import static com.trafikito.agent.testing.FakeApi.GET_CONFIG;
import static com.trafikito.agent.testing.FakeApi.SAVE_OUTPUT;
import static com.trafikito.agent.testing.FakeApi.count;
import static com.trafikito.agent.testing.FakeApi.getConfigAnswers;
import static com.trafikito.agent.testing.FakeApi.requests;
import static com.trafikito.agent.testing.Multipart.field;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.trafikito.agent.testing.FakeApi;
import com.trafikito.agent.testing.LogCapture;
import com.trafikito.agent.testing.TestInstallation;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every answer of PROTOCOL.md's get_config table, asserted on what actually went over the wire. */
@QuarkusTest
@WithTestResource(FakeApi.class)
class CycleOverTheWireTest {

    @Inject
    CycleService cycles;

    TestInstallation installation;

    @BeforeEach
    void reset() {
        installation = FakeApi.fresh();
    }

    @Test
    void normalCycleSendsThePayloadByteForByte() {
        getConfigAnswers("tok-1 hello,two_lines,fail,nope 1.2.3 0\n");

        CycleReport report = cycles.runOnce();

        assertThat(report.exitCode()).as(report.reason()).isZero();
        assertThat(report.outcome()).isEqualTo(CycleOutcome.SAVED);
        LoggedRequest getConfig = requests(GET_CONFIG).get(0);
        assertThat(getConfig.getHeader("Content-Type")).startsWith("application/json");
        assertThat(getConfig.getBodyAsString()).contains("\"serverId\":\"" + TestInstallation.SERVER_ID + "\"")
                .contains("\"serverApiKey\":\"" + TestInstallation.API_KEY + "\"").contains("\"previous\":\"\"");

        LoggedRequest save = requests(SAVE_OUTPUT).get(0);
        Request.Part output = save.getPart("output");
        assertThat(output.getFileName()).isEqualTo("trafikito.tmp");
        assertThat(output.getHeader("Content-Type").firstValue()).isEqualTo("application/octet-stream");
        assertThat(output.getBody().asString()).isEqualTo("""
                *-*-*-*------------ Trafikito command: trafikito_hello
                hello
                *-*-*-*------------ Trafikito command: trafikito_two_lines
                a
                b
                *-*-*-*------------ Trafikito command: trafikito_fail
                failing
                *-*-*-*------------ Trafikito command: trafikito_nope
                [trafikito-agent: refused: this name is not in available_commands.sh, nothing was run]
                *-*-*-*------------ Available commands:
                trafikito_hello="echo hello"
                trafikito_two_lines="printf 'a\\nb'"
                trafikito_fail="echo failing >&2; exit 3"
                """);
        assertThat(field(save, "serverId")).isEqualTo(TestInstallation.SERVER_ID);
        assertThat(field(save, "serverApiKey")).isEqualTo(TestInstallation.API_KEY);
        assertThat(field(save, "callToken")).isEqualTo("tok-1");
        assertThat(field(save, "timeTookLastTime")).matches("\\d+");
        // A text field is a plain form field: no file name (a server would file it under uploads), UTF-8 text.
        Request.Part serverId = save.getPart("serverId");
        assertThat(serverId.getHeader("Content-Disposition").firstValue()).isEqualTo("form-data; name=\"serverId\"");
        assertThat(serverId.getHeader("Content-Type").firstValue()).isEqualTo("text/plain; charset=UTF-8");
        assertThat(installation.read("var/last_config.tmp")).isEqualTo("tok-1 hello,two_lines,fail,nope 1.2.3 0");
        assertThat(count(ERROR_FEEDBACK)).isZero();
    }

    @Test
    void nextGetConfigSendsThePreviousTokenExactly() {
        getConfigAnswers("-tok.2:x hello");
        cycles.runOnce();
        cycles.runOnce();
        assertThat(requests(GET_CONFIG).get(1).getBodyAsString()).contains("\"previous\":\"-tok.2:x\"");
    }

    @Test
    void legacyCsvAnswerRunsItsCommands() {
        getConfigAnswers("tok-csv,hello,fail");
        assertThat(cycles.runOnce().exitCode()).isZero();
        String payload = requests(SAVE_OUTPUT).get(0).getPart("output").getBody().asString();
        assertThat(payload).startsWith("*-*-*-*------------ Trafikito command: trafikito_hello\nhello\n"
                + "*-*-*-*------------ Trafikito command: trafikito_fail\nfailing\n");
        assertThat(field(requests(SAVE_OUTPUT).get(0), "callToken")).isEqualTo("tok-csv");
    }

    @Test
    void sameAsLastTimeReusesTheCachedAnswer() {
        getConfigAnswers("tok-7 hello 1.0 0");
        cycles.runOnce();
        getConfigAnswers("=");
        CycleReport report = cycles.runOnce();

        assertThat(report.exitCode()).isZero();
        assertThat(requests(GET_CONFIG).get(1).getBodyAsString()).contains("\"previous\":\"tok-7\"");
        LoggedRequest second = requests(SAVE_OUTPUT).get(1);
        assertThat(field(second, "callToken")).isEqualTo("tok-7");
        assertThat(second.getPart("output").getBody().asString()).startsWith(
                "*-*-*-*------------ Trafikito command: trafikito_hello\nhello\n");
    }

    @Test
    void sameAsLastTimeWithoutCacheIsError105AndNoSave() {
        getConfigAnswers("=");
        CycleReport report = cycles.runOnce();

        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(count(SAVE_OUTPUT)).isZero();
        LoggedRequest feedback = requests(ERROR_FEEDBACK).get(0);
        assertThat(field(feedback, "code")).isEqualTo("105");
        assertThat(field(feedback, "message")).isEqualTo("AGENT_INVALID_CYCLE_DATA");
    }

    @Test
    void stopWritesTheStopFileAndNoFurtherCallIsMade() {
        getConfigAnswers("STOP server removed");
        CycleReport report = cycles.runOnce();

        assertThat(report.exitCode()).isEqualTo(3);
        assertThat(report.outcome()).isEqualTo(CycleOutcome.STOPPED);
        assertThat(installation.read("var/STOP")).contains("STOP server removed");
        assertThat(count(SAVE_OUTPUT)).isZero();

        FakeApi.server().resetRequests();
        assertThat(cycles.runOnce().exitCode()).isEqualTo(3);
        assertThat(FakeApi.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void deletingTheStopFileResumes() throws Exception {
        getConfigAnswers("STOP");
        cycles.runOnce();
        Files.delete(installation.var().resolve("STOP"));
        getConfigAnswers("tok hello");
        assertThat(cycles.runOnce().exitCode()).isZero();
    }

    @Test
    void errorJsonIsReportedAs104OnceAMinuteAndSkipsTheCycle() {
        String error = "{\"error\":{\"code\":\"#6d5jyjytjh\",\"message\":\"SEND_DATA_ONCE_PER_MINUTE_OR_YOU_WILL_BE_BLOCKED\"},\"data\":null}";
        getConfigAnswers(error);

        assertThat(cycles.runOnce().exitCode()).isEqualTo(1);
        assertThat(cycles.runOnce().exitCode()).isEqualTo(1);

        assertThat(count(SAVE_OUTPUT)).isZero();
        assertThat(requests(ERROR_FEEDBACK)).hasSize(1);
        LoggedRequest feedback = requests(ERROR_FEEDBACK).get(0);
        assertThat(field(feedback, "code")).isEqualTo("104");
        assertThat(field(feedback, "message")).isEqualTo("SEND_DATA_ONCE_PER_MINUTE_OR_YOU_WILL_BE_BLOCKED");
        assertThat(field(feedback, "details")).isEqualTo(error);
        assertThat(field(feedback, "serverApiKey")).isEqualTo(TestInstallation.API_KEY);
        assertThat(installation.exists("var/error-104")).isTrue();
    }

    @Test
    void errorRecordIsClearedWhenTheConditionIsGone() {
        getConfigAnswers("{\"error\":\"blocked\"}");
        cycles.runOnce();
        assertThat(installation.exists("var/error-104")).isTrue();

        getConfigAnswers("tok hello");
        cycles.runOnce();
        assertThat(installation.exists("var/error-104")).isFalse();

        getConfigAnswers("{\"error\":\"blocked\"}");
        cycles.runOnce();
        assertThat(requests(ERROR_FEEDBACK)).hasSize(2);
        assertThat(field(requests(ERROR_FEEDBACK).get(1), "message")).isEqualTo("\"blocked\"");
    }

    @Test
    void aNormalAnswerContainingTheWordErrorIsANormalAnswer() {
        getConfigAnswers("error-token hello,error_count");
        assertThat(cycles.runOnce().exitCode()).isZero();
        assertThat(field(requests(SAVE_OUTPUT).get(0), "callToken")).isEqualTo("error-token");
        assertThat(count(ERROR_FEEDBACK)).isZero();
    }

    @Test
    void garbageIsError105WithTheRawAnswer() {
        getConfigAnswers("<html>oops</html> a b c d e f");
        assertThat(cycles.runOnce().exitCode()).isEqualTo(1);
        assertThat(count(SAVE_OUTPUT)).isZero();
        LoggedRequest feedback = requests(ERROR_FEEDBACK).get(0);
        assertThat(field(feedback, "code")).isEqualTo("105");
        assertThat(field(feedback, "details")).isEqualTo("<html>oops</html> a b c d e f");
    }

    @Test
    void apiTextIsSentAsPlainFieldsNeverAsFileReferences() {
        getConfigAnswers("{\"error\":{\"message\":\"@/etc/passwd;type=text/plain\"}}");
        cycles.runOnce();
        LoggedRequest feedback = requests(ERROR_FEEDBACK).get(0);
        assertThat(field(feedback, "message")).isEqualTo("@/etc/passwd;type=text/plain");
        assertThat(feedback.getBodyAsString()).doesNotContain("root:x:0:0");
    }

    @Test
    void emptyAnswerSkipsTheCycleSilently() {
        getConfigAnswers("  \r\n");
        CycleReport report = cycles.runOnce();
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.outcome()).isEqualTo(CycleOutcome.SKIPPED);
        assertThat(count(SAVE_OUTPUT)).isZero();
        assertThat(count(ERROR_FEEDBACK)).isZero();
    }

    @Test
    void http500IsAFailedCallNotAnAnswer() {
        FakeApi.answer(GET_CONFIG, aResponse().withStatus(500).withBody("tok hello"));
        CycleReport report = cycles.runOnce();
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(count(SAVE_OUTPUT)).isZero();
        assertThat(count(ERROR_FEEDBACK)).isZero();
    }

    @Test
    void anAnswerSlowerThanTheReadTimeoutIsUnreachable() {
        FakeApi.answer(GET_CONFIG, aResponse().withBody("tok hello").withFixedDelay(4000));
        CycleReport report = cycles.runOnce();
        assertThat(report.exitCode()).as(report.reason()).isEqualTo(4);
        assertThat(count(SAVE_OUTPUT)).isZero();
    }

    @Test
    void aBrokenConnectionIsUnreachable() {
        FakeApi.answer(GET_CONFIG, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        assertThat(cycles.runOnce().exitCode()).isEqualTo(4);
    }

    @Test
    void aTenMegabyteAnswerIsRefusedAsError105() {
        FakeApi.answer(GET_CONFIG, aResponse().withBody(new byte[10 * 1024 * 1024]));
        CycleReport report = cycles.runOnce();
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(count(SAVE_OUTPUT)).isZero();
        LoggedRequest feedback = requests(ERROR_FEEDBACK).get(0);
        assertThat(field(feedback, "code")).isEqualTo("105");
        assertThat(field(feedback, "details")).contains("larger than 65536 bytes");
        assertThat(installation.exists("var/last_config.tmp")).isFalse();
    }

    @Test
    void saveOutputNotOkIsError101WithTheAnswerAndIsNotResent() {
        getConfigAnswers("tok hello");
        FakeApi.answer(SAVE_OUTPUT, aResponse().withBody("BLOCKED: too often"));
        CycleReport report = cycles.runOnce();

        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(count(SAVE_OUTPUT)).isEqualTo(1);
        LoggedRequest feedback = requests(ERROR_FEEDBACK).get(0);
        assertThat(field(feedback, "code")).isEqualTo("101");
        assertThat(field(feedback, "message")).isEqualTo("AGENT_SAVE_RESULT_FAILED");
        assertThat(field(feedback, "details")).isEqualTo("BLOCKED: too often");
    }

    @Test
    void widgetsAreRefusedAndReportedWhileDisabled() {
        getConfigAnswers("tok hello 1.0 0 nginx_status,redis");
        assertThat(cycles.runOnce().exitCode()).isZero();
        LoggedRequest feedback = requests(ERROR_FEEDBACK).get(0);
        assertThat(field(feedback, "code")).isEqualTo("102");
        assertThat(field(feedback, "message")).isEqualTo("AGENT_WIDGET_INSTALL_DISABLED");
        assertThat(field(feedback, "details")).contains("nginx_status,redis");
        assertThat(FakeApi.server().getAllServeEvents()).noneMatch(
                e -> e.getRequest().getUrl().contains("/widget/"));
    }

    @Test
    void hostileNamesNeverReachAShell() {
        Path marker = installation.baseDir().resolve("pwned");
        installation.writeWhitelist("trafikito_hello=\"echo hello\"\n");
        String m = marker.toString();
        getConfigAnswers("tok hello,;touch${IFS}" + m + ",$(touch${IFS}" + m + "),`touch${IFS}" + m
                + "`,../../bin/touch,h\u00e9llo,hello;touch");

        assertThat(cycles.runOnce().exitCode()).isZero();

        assertThat(marker).doesNotExist();
        String payload = requests(SAVE_OUTPUT).get(0).getPart("output").getBody().asString();
        assertThat(payload).contains("Trafikito command: trafikito_$(touch${IFS}" + m + ")\n"
                + "[trafikito-agent: refused: the name has a character outside [A-Za-z0-9_], nothing was run]\n");
        assertThat(payload).contains("Trafikito command: trafikito_../../bin/touch\n[trafikito-agent: refused");
        assertThat(payload.split("\\[trafikito-agent: refused")).hasSize(7);
    }

    @Test
    void invalidWhitelistLinesAreReportedAs100WhileValidOnesRun() {
        installation.writeWhitelist("trafikito_hello=\"echo hello\"\ntrafikito_bad = \"x\"\n# ok\nrm -rf /\n");
        getConfigAnswers("tok hello");

        assertThat(cycles.runOnce().exitCode()).isZero();

        LoggedRequest feedback = requests(ERROR_FEEDBACK).get(0);
        assertThat(field(feedback, "code")).isEqualTo("100");
        assertThat(field(feedback, "message")).isEqualTo("AGENT_INVALID_COMMANDS");
        assertThat(field(feedback, "details")).isEqualTo("line 2: trafikito_bad = \"x\"\nline 4: rm -rf /");
        assertThat(requests(SAVE_OUTPUT).get(0).getPart("output").getBody().asString())
                .endsWith("*-*-*-*------------ Available commands:\ntrafikito_hello=\"echo hello\"\n");
    }

    @Test
    void aGroupWritableWhitelistIsRefusedBeforeGetConfig() throws Exception {
        Files.setPosixFilePermissions(installation.whitelist(),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--"));
        CycleReport report = cycles.runOnce();

        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(count(GET_CONFIG)).isZero();
        assertThat(field(requests(ERROR_FEEDBACK).get(0), "code")).isEqualTo("100");
    }

    @Test
    void aMissingConfigKeyIsUnusableAndNamesTheFileAndKey() {
        installation.writeConfig("export SERVER_ID=\"abc\"\n");
        CycleReport report = cycles.runOnce();
        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.reason()).contains(installation.config().toString()).contains("API_KEY")
                .doesNotContain(TestInstallation.API_KEY);
        assertThat(FakeApi.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void theOlderKeyValueConfigFormWorks() {
        installation.writeConfig("server_id = srv-old\napi_key = key-old-format-123\n");
        getConfigAnswers("tok hello");
        assertThat(cycles.runOnce().exitCode()).isZero();
        assertThat(field(requests(SAVE_OUTPUT).get(0), "serverId")).isEqualTo("srv-old");
    }

    @Test
    void aHostileErrorMessageReachesTheLogAsOneBoundedLineWithItsEscapesShown() {
        String forged = "2026-12-02 06:00:00,000 INFO  [c.t.a.c.CycleService] cycle ok in 1 ms: output saved";
        String message = "denied\n" + forged + "\n\u001b[31mred\u001b[0m" + "x".repeat(50 * 1024);
        FakeApi.answer(GET_CONFIG, com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                .withBody("{\"error\":{\"code\":\"#x1\",\"message\":\"" + message.replace("\n", "\\n")
                        .replace("\u001b", "\\u001b") + "\"},\"data\":null}"));

        try (LogCapture log = LogCapture.start()) {
            cycles.runOnce();

            assertThat(log.lines()).isNotEmpty().allSatisfy(line -> assertThat(line)
                    .doesNotContain("\n", "\r", "\u001b").hasSizeLessThan(1200));
            assertThat(log.text()).contains("denied\\n2026-12-02 06:00:00,000 INFO", "\\x1b[31mred", "more bytes)");
        }
        assertThat(field(requests(ERROR_FEEDBACK).get(0), "code")).isEqualTo("104");
    }
}
