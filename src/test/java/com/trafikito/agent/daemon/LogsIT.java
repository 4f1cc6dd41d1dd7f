package com.trafikito.agent.daemon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import com.trafikito.agent.testing.AgentProcess;
import com.trafikito.agent.testing.FakeApi;
import com.trafikito.agent.testing.Modes;
import com.trafikito.agent.testing.TestInstallation;

/**
 * Logs of the packaged agent as a real process: the api key is never in them on any path, the daemon's file
 * in {@code var/} rotates by size, JSON when asked, nothing but stderr for one-shot commands.
 */
class LogsIT extends PackagedAgent {

    private static final String DEBUG = "-Dquarkus.log.category.\"com.trafikito\".level=DEBUG";

    @Test
    void theApiKeyIsNeverInTheOutputOfACycleWhateverHappens() {
        StringBuilder everything = new StringBuilder();
        installation.writeWhitelist(TestInstallation.WHITELIST + "not a valid line\n"); // error 100
        FakeApi.getConfigAnswers("tok hello,fail,not_listed,bad-name v9 0 widget_a"); // 102
        FakeApi.answer(FakeApi.SAVE_OUTPUT, aResponse().withBody("NOT OK")); // 101
        everything.append(once(1));
        FakeApi.getConfigAnswers("{\"error\":{\"code\":\"#1\",\"message\":\"NOPE\"},\"data\":null}"); // 104
        everything.append(once(1));
        FakeApi.getConfigAnswers("not/a/token"); // 105
        everything.append(once(1));
        FakeApi.answer(FakeApi.GET_CONFIG, aResponse().withStatus(500).withBody("oops"));
        everything.append(once(1));
        FakeApi.answer(FakeApi.GET_CONFIG, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        everything.append(once(4));
        FakeApi.getConfigAnswers("STOP server removed");
        everything.append(once(3));
        installation.reset();
        installation.writeConfig("export SERVER_ID=\"srv\"\nexport API_KEY=\"" + TestInstallation.API_KEY
                + "\"\nmalformed line " + TestInstallation.API_KEY + "\n");
        installation.write("available_commands.sh", "trafikito_x=\"true\"\n"); // mode 0600 is fine; now 0666:
        installation.whitelist().toFile().setWritable(true, false);
        everything.append(once(2));

        assertThat(everything).as("the logs were searched").contains("DEBUG").contains("error 100")
                .contains("error 101").contains("error 102").contains("error 104").contains("error 105")
                .contains("HTTP 500").contains("STOP");
        assertThat(everything.toString()).doesNotContain(TestInstallation.API_KEY);
    }

    @Test
    void theDaemonLogsToItsFileInVarRotatedBySizeAndNeverTheKey() {
        AgentProcess daemon = launch(AgentProcess.in(installation).jvmArg(DEBUG)
                .env("QUARKUS_LOG_FILE_ROTATION_MAX_FILE_SIZE", "2K")
                .env("QUARKUS_LOG_FILE_ROTATION_MAX_BACKUP_INDEX", "1"));
        FakeApi.getConfigAnswers("{\"error\":{\"code\":\"#1\",\"message\":\"NOPE\"},\"data\":null}");
        await().atMost(Duration.ofSeconds(30)).until(() -> FakeApi.count(FakeApi.GET_CONFIG) >= 2);
        FakeApi.getConfigAnswers("tok hello");
        await().atMost(Duration.ofSeconds(60)).until(() -> installation.exists("var/agent.log.1")
                && installation.read("var/agent.log").contains("cycle ok"));
        await().atMost(Duration.ofSeconds(30)).until(() -> FakeApi.count(FakeApi.GET_CONFIG) >= 12);
        daemon.terminate();
        assertThat(daemon.waitFor(10)).isTrue();

        String file = installation.read("var/agent.log") + installation.read("var/agent.log.1");
        assertThat(file).contains("cycle ok").contains("DEBUG");
        // The first cycles' lines may have rotated out of the two 2K files by now; stderr has every line.
        assertThat(daemon.stderr()).contains("error 104");
        assertThat(installation.exists("var/agent.log.2")).as("max-backup-index 1").isFalse();
        assertThat(file + daemon.stdout() + daemon.stderr()).doesNotContain(TestInstallation.API_KEY);
    }

    @Test
    void theLogFileCanBeTurnedOffAsInAContainer() {
        FakeApi.getConfigAnswers("tok hello");
        AgentProcess daemon = launch(AgentProcess.in(installation).env("QUARKUS_LOG_FILE_ENABLED", "false"));
        await().atMost(Duration.ofSeconds(30)).until(() -> FakeApi.count(FakeApi.SAVE_OUTPUT) >= 1);
        daemon.terminate();
        assertThat(daemon.waitFor(10)).isTrue();
        assertThat(daemon.stderr()).contains("cycle ok");
        assertThat(installation.exists("var/agent.log")).isFalse();
    }

    @Test
    void aLinkPlantedAtAgentLogIsNeverWrittenThroughAndTheDaemonSaysWhy() throws Exception {
        Path outside = Files.createTempDirectory("trafikito-outside-");
        Path crontab = Files.writeString(outside.resolve("crontab"), "root's crontab\n");
        Files.createSymbolicLink(installation.var().resolve("agent.log"), crontab);
        FakeApi.getConfigAnswers("tok hello");
        AgentProcess daemon = launch(AgentProcess.in(installation));
        await().atMost(Duration.ofSeconds(30)).until(() -> FakeApi.count(FakeApi.SAVE_OUTPUT) >= 1);
        daemon.terminate();
        assertThat(daemon.waitFor(10)).isTrue();
        assertThat(crontab).hasContent("root's crontab");
        assertThat(daemon.stderr()).contains("cycle ok").contains("not writing the log file: "
                + installation.var().resolve("agent.log") + " is a link").contains("logging to stderr only");
        Files.delete(installation.var().resolve("agent.log"));
        Files.delete(crontab);
        Files.delete(outside);
    }

    @Test
    void inAVarOthersCanWriteTheDaemonWritesNothingSendsAndNamesTheFix() throws Exception {
        Modes.chmod(installation.var(), "1777");
        try {
            FakeApi.getConfigAnswers("tok hello");
            AgentProcess daemon = launch(AgentProcess.in(installation));
            await().atMost(Duration.ofSeconds(30)).until(() -> FakeApi.count(FakeApi.SAVE_OUTPUT) >= 1);
            daemon.terminate();
            assertThat(daemon.waitFor(10)).isTrue();
            assertThat(daemon.stderr()).contains("writing nothing in " + installation.var())
                    .contains("chmod go-w " + installation.var());
            try (var files = Files.list(installation.var())) {
                assertThat(files).isEmpty();
            }
        } finally {
            Modes.chmod(installation.var(), "0755");
        }
    }

    @Test
    void jsonLinesWhenAskedAndNoLogFileForOneShotCommands() throws Exception {
        FakeApi.getConfigAnswers("tok hello");
        AgentProcess once = AgentProcess.in(installation).env("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true")
                .run("run", "--once");
        started.add(once);
        assertThat(once.exitCode()).as(once.stderr()).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> records = new ArrayList<>();
        for (String line : once.stderr().split("\n")) {
            if (!line.isBlank()) {
                records.add(json.readTree(line)); // throws on any line that is not JSON
            }
        }
        assertThat(records).anySatisfy(record -> {
            assertThat(record.get("level").asText()).isEqualTo("INFO");
            assertThat(record.get("message").asText()).startsWith("cycle ok");
        });
        assertThat(once.stdout()).isEmpty();
        assertThat(installation.exists("var/agent.log")).as("one-shot commands write no log file").isFalse();
    }

    @Test
    void humanReadableByDefault() {
        FakeApi.getConfigAnswers("tok hello");
        AgentProcess once = AgentProcess.in(installation).run("run", "--once");
        started.add(once);
        assertThat(once.stderr()).containsPattern("(?m)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} INFO  \\[c\\.t\\.a\\.c\\.CycleService\\] cycle ok");
    }

    private String once(int expectedExit) {
        AgentProcess once = AgentProcess.in(installation).jvmArg(DEBUG).run("run", "--once");
        started.add(once);
        assertThat(once.exitCode()).as(once.stderr()).isEqualTo(expectedExit);
        return once.stdout() + once.stderr();
    }

    private AgentProcess launch(AgentProcess.Builder builder) {
        AgentProcess process = builder.start("run");
        started.add(process);
        return process;
    }
}
