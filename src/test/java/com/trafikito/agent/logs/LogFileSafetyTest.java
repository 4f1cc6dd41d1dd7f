package com.trafikito.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.trafikito.agent.testing.Modes;

/**
 * The log file is handed to the log manager (which follows links and creates what is missing) only when its
 * folder is trusted and every name it may open or rename is the agent's own regular file; the guard says no
 * to each record once that stops being true.
 */
class LogFileSafetyTest {

    private static final long ROOT = 0;

    @TempDir
    Path temp;

    private Path var;
    private Path log;
    private Path precious;

    @BeforeEach
    void folders() throws Exception {
        var = Files.createDirectory(temp.resolve("var"));
        log = var.resolve("agent.log");
        precious = Files.writeString(Files.createDirectory(temp.resolve("etc")).resolve("crontab"), "root's\n");
    }

    @AfterEach
    void forget() {
        LogFileSafety.refuse(null);
    }

    @Test
    void aCleanFolderAndTheAgentsOwnFilesAreSafe() throws Exception {
        assertThat(LogFileSafety.problem(log, 4, ROOT)).isEmpty();
        Files.writeString(log, "old lines\n");
        Files.writeString(var.resolve("agent.log.1"), "older lines\n");
        assertThat(LogFileSafety.problem(log, 4, ROOT)).isEmpty();
    }

    @Test
    void aLinkAtTheFileOrAnyRotatedNameIsRefused() throws Exception {
        for (String name : new String[] { "agent.log", "agent.log.1", "agent.log.4" }) {
            Path link = Files.createSymbolicLink(var.resolve(name), precious);
            assertThat(LogFileSafety.problem(log, 4, ROOT)).as(name).hasValueSatisfying(problem -> assertThat(problem)
                    .contains(link + " is a link").contains("rm " + link));
            Files.delete(link);
        }
        Files.createSymbolicLink(var.resolve("agent.log.5"), precious);
        assertThat(LogFileSafety.problem(log, 4, ROOT)).as("beyond max-backup-index").isEmpty();
    }

    @Test
    void aFifoAnotherUsersFileAndAHardLinkAreRefused() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", log.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        assertThat(LogFileSafety.problem(log, 4, ROOT)).hasValueSatisfying(p -> assertThat(p).contains("not a regular file"));
        Files.delete(log);

        Files.writeString(log, "x");
        Modes.chown(log, "65534:65534");
        assertThat(LogFileSafety.problem(log, 4, ROOT)).hasValueSatisfying(p -> assertThat(p).contains("belongs to uid 65534"));
        Files.delete(log);

        Files.createLink(log, precious); // a hard link keeps the owner (root) of the file it names
        assertThat(LogFileSafety.problem(log, 4, ROOT)).hasValueSatisfying(p -> assertThat(p).contains("hard links"));
    }

    @Test
    void anUntrustedFolderIsRefusedWhateverItHolds() throws Exception {
        for (String mode : new String[] { "0777", "1777" }) {
            Modes.chmod(var, mode);
            assertThat(LogFileSafety.problem(log, 4, ROOT)).as(mode).hasValueSatisfying(
                    problem -> assertThat(problem).contains("chmod go-w"));
        }
        Modes.chmod(var, "0770");
        Modes.chown(var, "0:65534");
        assertThat(LogFileSafety.problem(log, 4, ROOT)).isPresent();
    }

    @Test
    void theGuardStopsEveryRecordOnceTheFolderOrTheNameTurnsUnsafeAndSaysWhy() throws Exception {
        LogFileGuard guard = new LogFileGuard(log.toString()); // judged as the current user: root
        LogRecord record = new LogRecord(Level.INFO, "cycle ok");
        Files.writeString(log, "");
        assertThat(guard.isLoggable(record)).isTrue();
        assertThat(LogFileSafety.refusal()).isEmpty();

        Modes.chmod(var, "1777");
        assertThat(guard.isLoggable(record)).isFalse();
        assertThat(LogFileSafety.refusal()).hasValueSatisfying(p -> assertThat(p).contains("chmod go-w"));
        Modes.chmod(var, "0700");
        assertThat(guard.isLoggable(record)).isTrue();
        assertThat(LogFileSafety.refusal()).isEmpty();

        Files.delete(log);
        Files.createSymbolicLink(log, precious); // what the log manager would open at its next rotation
        assertThat(guard.isLoggable(record)).isFalse();
        assertThat(precious).hasContent("root's");
    }
}
