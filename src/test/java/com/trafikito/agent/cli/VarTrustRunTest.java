package com.trafikito.agent.cli;

import static com.trafikito.agent.testing.FakeApi.SAVE_OUTPUT;
import static com.trafikito.agent.testing.FakeApi.count;
import static com.trafikito.agent.testing.FakeApi.getConfigAnswers;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.trafikito.agent.testing.FakeApi;
import com.trafikito.agent.testing.FakeApiForLaunches;
import com.trafikito.agent.testing.Modes;
import com.trafikito.agent.testing.TestInstallation;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * Whole cycles as root with links planted at every name the agent writes in var/ (pointing at files outside the
 * base dir), in a trusted var/ and in var/ folders others can write: no file outside the base dir changes, and
 * the cycle's output is still sent.
 */
@QuarkusMainTest
@ExtendWith(FakeApiForLaunches.class)
class VarTrustRunTest {

    /** Every name the agent writes in var/ (the lock is on var/ itself and writes no file). */
    private static final List<String> NAMES = List.of("state", "last_config.tmp", "STOP", "error-100", "error-101",
            "widget_commands.sh", "lock", "agent.log", "agent.log.1", "agent.log.4");

    TestInstallation installation;
    Path outside;

    @BeforeEach
    void plant() throws Exception {
        installation = FakeApi.installation();
        // An invalid whitelist line makes the cycle report (and record) error 100.
        installation.writeWhitelist(TestInstallation.WHITELIST + "not a valid line\n");
        outside = Files.createTempDirectory("trafikito-outside-");
        for (String name : NAMES) {
            if (name.equals("STOP")) {
                // Anything at var/STOP, a link too, stops the agent before it calls the API (HostileFilesCommandTest):
                // it then never writes STOP, so there is no write through a link there to try.
                continue;
            }
            Path target = Files.writeString(outside.resolve(name), "root's " + name + "\n");
            Files.createSymbolicLink(installation.var().resolve(name), target);
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        Modes.chmod(installation.var(), "0755");
        Modes.chown(installation.var(), "0:0");
        try (Stream<Path> files = Files.list(outside)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(outside);
    }

    @Test
    void inATrustedVarEachPlantedLinkIsReplacedAndNothingOutsideChanges(QuarkusMainLauncher launcher) throws Exception {
        Map<String, String> before = contents(outside);
        getConfigAnswers("tok hello");
        LaunchResult result = launcher.launch("run", "--once");
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        getConfigAnswers("STOP server removed");
        assertThat(launcher.launch("run", "--once").exitCode()).isEqualTo(3);

        assertThat(contents(outside)).isEqualTo(before);
        for (String name : List.of("state", "last_config.tmp", "STOP", "error-100")) {
            assertThat(Files.isRegularFile(installation.var().resolve(name), LinkOption.NOFOLLOW_LINKS)).as(name).isTrue();
        }
    }

    @Test
    void inAVarOthersCanWriteNothingIsWrittenAndTheCycleStillSends(QuarkusMainLauncher launcher)
            throws Exception {
        for (String mode : new String[] { "0777", "1777", "0770" }) {
            FakeApi.reset();
            Modes.chmod(installation.var(), mode);
            Modes.chown(installation.var(), "0".equals(mode) ? "0:0" : "0:65534");
            Map<String, String> before = contents(installation.baseDir());
            Map<String, String> outsideBefore = contents(outside);
            getConfigAnswers("tok hello");

            LaunchResult result = launcher.launch("run", "--once");

            assertThat(result.exitCode()).as(mode + ": " + result.getErrorOutput()).isZero();
            assertThat(count(SAVE_OUTPUT)).as(mode).isEqualTo(1);
            assertThat(contents(installation.baseDir())).as(mode).isEqualTo(before);
            assertThat(contents(outside)).as(mode).isEqualTo(outsideBefore);
        }
    }

    @Test
    void checkNamesTheProblemAndItsFix(QuarkusMainLauncher launcher) {
        Modes.chmod(installation.var(), "1777");
        LaunchResult result = launcher.launch("check");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getOutput()).contains(installation.var() + " (rwxrwxrwx) is writable by every user")
                .contains("chmod go-w").contains("cycles still run");
    }

    /** Each path with its kind and content (links by target, not followed). */
    private static Map<String, String> contents(Path dir) throws Exception {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.toList()) {
                String value = Files.isSymbolicLink(path) ? "-> " + Files.readSymbolicLink(path)
                        : Files.isDirectory(path) ? "dir" : "file " + Files.readString(path);
                all.put(dir.relativize(path).toString(), value);
            }
        }
        return all;
    }
}
