package com.trafikito.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.trafikito.agent.testing.AgentProcess;
import com.trafikito.agent.testing.FakeApi;
import com.trafikito.agent.testing.Multipart;
import com.trafikito.agent.testing.Strace;
import com.trafikito.agent.testing.TestInstallation;

/**
 * The agent creates files only in its base directory, never in {@code java.io.tmpdir}: a full, read-only or hostile
 * {@code /tmp} (root's agent beside other users) does not stop it, and no secret lands there. Before, Vert.x made its
 * file cache directory there at start (a tmpdir it could not write failed the start), and each form field of every
 * API call, the API key too, was written to a temporary file there for the length of the request.
 */
class TmpDirIT extends PackagedAgent {

    /** A file or directory made by a successful call: an open with O_CREAT, mkdir, a rename's or link's target. */
    static final Pattern MADE = Pattern.compile(
            "^\\d+\\s+(?:openat\\([^,]+, \"([^\"]+)\", [^)]*O_CREAT|open\\(\"([^\"]+)\", [^)]*O_CREAT"
                    + "|creat\\(\"([^\"]+)\"|mkdirat\\([^,]+, \"([^\"]+)\"|mkdir\\(\"([^\"]+)\""
                    + "|rename(?:at2?)?\\(.*, \"([^\"]+)\"(?:, \\w+)?\\)|(?:sym)?link(?:at)?\\(.*, \"([^\"]+)\"\\)).* = \\d+.*$");

    @Test
    void aCycleCreatesNoFileOutsideTheBaseDirectory() throws IOException {
        Strace.assumeUsable();
        Path trace = Files.createTempFile("files-", ".trace");
        try {
            FakeApi.getConfigAnswers("tok hello");
            AgentProcess once = AgentProcess.in(installation).under(Strace.PATH.toString(), "-f", "-qq",
                    "-e", "trace=open,openat,creat,mkdir,mkdirat,rename,renameat,renameat2,link,linkat,symlink,symlinkat",
                    "-o", trace.toString()).run("run", "--once");

            assertThat(once.exitCode()).as(once::stderr).isZero();
            assertThat(FakeApi.count(FakeApi.SAVE_OUTPUT)).isEqualTo(1);
            List<String> made = made(trace);
            assertThat(made).as("made while running (strace)").isNotEmpty();
            assertThat(made).as("files and directories made outside %s", installation.baseDir())
                    .allMatch(path -> path.startsWith(installation.baseDir().toString() + "/"));
        } finally {
            Files.deleteIfExists(trace);
        }
    }

    @Test
    void aDaemonThatCannotWriteToItsTmpDirStartsAndSavesEveryField(@TempDir Path dir) throws Exception {
        Path tmpDir = notADirectory(dir);
        FakeApi.getConfigAnswers("tok hello");
        AgentProcess daemon = AgentProcess.in(installation).jvmArg("-Djava.io.tmpdir=" + tmpDir).start("run");
        started.add(daemon);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> FakeApi.count(FakeApi.SAVE_OUTPUT) >= 2 || !daemon.process().isAlive());

        assertThat(daemon.process().isAlive()).as(daemon::stderr).isTrue();
        LoggedRequest save = FakeApi.requests(FakeApi.SAVE_OUTPUT).get(1);
        assertThat(Multipart.field(save, "serverApiKey")).isEqualTo(TestInstallation.API_KEY);
        assertThat(Multipart.field(save, "callToken")).isEqualTo("tok");
        assertThat(Multipart.field(save, "output")).contains("hello");
        assertThat(daemon.get("/q/health/ready").statusCode()).isEqualTo(200);
        assertThat(daemon.stderr()).doesNotContain("ERROR");
    }

    @Test
    void errorFeedbackNeedsNoTmpDirEither(@TempDir Path dir) throws IOException {
        Path tmpDir = notADirectory(dir);
        FakeApi.getConfigAnswers("tok hello");
        installation.writeWhitelist("trafikito_hello=\"echo hello\"\nrm -rf /\n");

        AgentProcess once = AgentProcess.in(installation).jvmArg("-Djava.io.tmpdir=" + tmpDir).run("run", "--once");

        assertThat(once.exitCode()).as(once::stderr).isZero();
        LoggedRequest feedback = FakeApi.requests(FakeApi.ERROR_FEEDBACK).get(0);
        assertThat(Multipart.field(feedback, "code")).isEqualTo("100");
        assertThat(Multipart.field(feedback, "serverApiKey")).isEqualTo(TestInstallation.API_KEY);
        assertThat(FakeApi.count(FakeApi.SAVE_OUTPUT)).isEqualTo(1);
    }

    private static List<String> made(Path trace) throws IOException {
        return Files.readAllLines(trace).stream().map(MADE::matcher).filter(Matcher::matches)
                .map(m -> IntStream.rangeClosed(1, m.groupCount()).mapToObj(m::group)
                        .filter(Objects::nonNull).findFirst().orElseThrow())
                .filter(path -> !path.equals("/dev/null")) // opened with O_CREAT for output that is discarded
                .toList();
    }

    private static Path notADirectory(Path dir) throws IOException {
        return Files.writeString(dir.resolve("tmp"), "a regular file: nothing can be made under it\n");
    }
}
