package com.trafikito.agent.cli;

import static com.trafikito.agent.testing.FakeApi.ERROR_FEEDBACK;
import static com.trafikito.agent.testing.FakeApi.GET_CONFIG;
import static com.trafikito.agent.testing.FakeApi.SAVE_OUTPUT;
import static com.trafikito.agent.testing.FakeApi.count;
import static com.trafikito.agent.testing.FakeApi.getConfigAnswers;
import static com.trafikito.agent.testing.FakeApi.requests;
import static com.trafikito.agent.testing.Multipart.field;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import com.trafikito.agent.testing.FakeApi;
import com.trafikito.agent.testing.FakeApiForLaunches;
import com.trafikito.agent.testing.LogCapture;
import com.trafikito.agent.testing.TestInstallation;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * What a whitelisted command (they run in {@code var/}) or another local user can leave where the agent reads:
 * huge files, FIFOs, symlinks to {@code /dev/zero}, directories, loops. {@code run --once}, {@code status} and
 * {@code check} neither hang, nor fill the heap, nor crash: each says what the file is and carries on. (The
 * timeout fails a hanging read instead of hanging the build.)
 */
@QuarkusMainTest
@ExtendWith(FakeApiForLaunches.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileFilesCommandTest {

    TestInstallation installation;

    @BeforeEach
    void installation() {
        installation = FakeApi.installation();
    }

    @Test
    void aHugeStateFileIsIgnoredWithAWarningByRunAndStatus(QuarkusMainLauncher launcher) throws IOException {
        try (RandomAccessFile state = new RandomAccessFile(installation.var().resolve("state").toFile(), "rw")) {
            state.setLength(100L * 1024 * 1024);
        }
        getConfigAnswers("tok hello");

        try (LogCapture log = LogCapture.start()) {
            LaunchResult run = launcher.launch("run", "--once");
            assertThat(run.exitCode()).as(run.getErrorOutput()).isZero();
            assertThat(log.text()).contains("var/state is over 65536 bytes");
        }

        LaunchResult status = launcher.launch("status", "--base-dir", installation.baseDir().toString());
        assertThat(status.exitCode()).as(status.getErrorOutput()).isZero();
    }

    @Test
    void aFifoAtStopNeitherHangsRunNorStatus(QuarkusMainLauncher launcher) throws Exception {
        mkfifo(installation.var().resolve("STOP"));

        try (LogCapture log = LogCapture.start()) {
            LaunchResult run = launcher.launch("run", "--once");
            assertThat(run.exitCode()).isEqualTo(3);
            assertThat(log.text()).contains("var/STOP is a FIFO (named pipe), not a regular file");
        }
        assertThat(count(GET_CONFIG)).isZero();

        LaunchResult status = launcher.launch("status", "--base-dir", installation.baseDir().toString());
        assertThat(status.exitCode()).as(status.getErrorOutput()).isZero();
        assertThat(status.getOutput()).contains("\"STOP\": the API removed this server");
    }

    @Test
    void errorRecordsThatAreSymlinksToDevZeroDoNotStopTheCycle(QuarkusMainLauncher launcher) throws IOException {
        Files.createSymbolicLink(installation.var().resolve("error-100"), Path.of("/dev/zero"));
        installation.writeWhitelist(TestInstallation.WHITELIST + "an invalid line\n");
        getConfigAnswers("tok hello");

        try (LogCapture log = LogCapture.start()) {
            LaunchResult run = launcher.launch("run", "--once");

            assertThat(run.exitCode()).as(run.getErrorOutput()).isZero();
            assertThat(log.text()).contains("var/error-100 is a symlink (not followed)");
        }
        assertThat(field(requests(ERROR_FEEDBACK).get(0), "code")).isEqualTo("100");
    }

    @Test
    void aCachedAnswerThatCannotBeReadIsLoggedOnceWithWhy(QuarkusMainLauncher launcher) throws IOException {
        Files.createDirectory(installation.var().resolve("last_config.tmp"));
        getConfigAnswers("=");

        try (LogCapture log = LogCapture.start()) {
            LaunchResult run = launcher.launch("run", "--once");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(log.lines()).filteredOn(line -> line.contains("ignoring the cached answer: "))
                    .singleElement().asString().contains("var/last_config.tmp is a directory, not a file");
        }
        assertThat(field(requests(ERROR_FEEDBACK).get(0), "code")).isEqualTo("105");
    }

    @Test
    void aConfigThatIsAFifoOrASymlinkToDevZeroIsRefusedWithExit2(QuarkusMainLauncher launcher) throws Exception {
        Files.delete(installation.config());
        mkfifo(installation.config());

        LaunchResult fifo = launcher.launch("run", "--once");
        assertThat(fifo.exitCode()).isEqualTo(2);
        assertThat(fifo.getErrorOutput()).contains("trafikito.cfg is a FIFO (named pipe), not a regular file");

        Files.delete(installation.config());
        Files.createSymbolicLink(installation.config(), Path.of("/dev/zero"));
        LaunchResult zero = launcher.launch("run", "--once");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.getErrorOutput()).contains("(-> /dev/zero) is a character device");
        assertThat(count(GET_CONFIG)).isZero();
    }

    @Test
    void aCommentAfterAConfigValueIsNotPartOfIt(QuarkusMainLauncher launcher) {
        installation.writeConfig("export SERVER_ID=\"S1\" # my server\nexport API_KEY='k 1'   \n");
        getConfigAnswers("tok hello");

        LaunchResult run = launcher.launch("run", "--once");

        assertThat(run.exitCode()).as(run.getErrorOutput()).isZero();
        assertThat(requests(GET_CONFIG).get(0).getBodyAsString()).contains("\"serverId\":\"S1\"")
                .contains("\"k 1\"");
        assertThat(field(requests(SAVE_OUTPUT).get(0), "serverId")).isEqualTo("S1");
    }

    @Test
    void aConfigValueOnlyAShellCouldReadIsRefusedWithItsLineAndNeverSent(QuarkusMainLauncher launcher) {
        installation.writeConfig("# cfg\nexport SERVER_ID=\"$(hostname)\"\nexport API_KEY=\"secret-value\"\n");

        LaunchResult run = launcher.launch("run", "--once");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.getErrorOutput()).contains("trafikito.cfg: line 2: the value of SERVER_ID uses $ or a backtick")
                .doesNotContain("secret-value");
        assertThat(count(GET_CONFIG)).isZero();
    }

    @Test
    void checkSaysAWhitelistSymlinkLoopIsALoopNotAMissingFile(QuarkusMainLauncher launcher) throws IOException {
        Files.delete(installation.whitelist());
        Path other = installation.baseDir().resolve("other.sh");
        Files.createSymbolicLink(installation.whitelist(), other);
        Files.createSymbolicLink(other, installation.whitelist());

        LaunchResult check = launcher.launch("check");

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.getOutput()).contains("available_commands.sh is a symlink loop (too many levels of symbolic"
                + " links)").doesNotContain("does not exist");
    }

    @Test
    void aWidgetFileInAWorldWritableVarIsRefusedByCheck(QuarkusMainLauncher launcher) throws IOException {
        Files.setPosixFilePermissions(installation.var(), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(installation.var().resolve("widget_commands.sh"), "trafikito_pwn=\"id\"\n");
        System.setProperty("agent.widgets.install", "true");
        try {
            LaunchResult check = launcher.launch("check");

            assertThat(check.exitCode()).isEqualTo(1);
            assertThat(check.getOutput()).contains("widget_commands.sh").contains("directory is group-writable")
                    .contains("widget lines are not used (error 102)");

            LaunchResult status = launcher.launch("status", "--base-dir", installation.baseDir().toString());
            assertThat(status.getOutput()).contains("Widgets:      REFUSED, widget lines are not used (error 102): ")
                    .contains("widget_commands.sh");
        } finally {
            System.clearProperty("agent.widgets.install");
        }
    }

    @Test
    void theApiKeyCanComeFromAFileNamedByAgentApiKeyFile(QuarkusMainLauncher launcher) throws IOException {
        installation.writeConfig("export SERVER_ID=\"S1\"\n");
        Path keyFile = installation.baseDir().resolve("etc/api-key");
        Files.writeString(keyFile, "k-from-a-file\n");
        getConfigAnswers("tok hello");
        System.setProperty("agent.api-key-file", keyFile.toString());
        try {
            LaunchResult run = launcher.launch("run", "--once");

            assertThat(run.exitCode()).as(run.getErrorOutput()).isZero();
            assertThat(requests(GET_CONFIG).get(0).getBodyAsString()).contains("\"serverApiKey\":\"k-from-a-file\"");
        } finally {
            System.clearProperty("agent.api-key-file");
        }
    }

    private static void mkfifo(Path path) throws Exception {
        assertThat(new ProcessBuilder("mkfifo", path.toString()).start().waitFor()).isZero();
    }
}
