package com.trafikito.agent.cli;

import static com.trafikito.agent.cli.InstallTesting.mode;
import static com.trafikito.agent.cli.InstallTesting.read;
import static com.trafikito.agent.cli.InstallTesting.shellAgentBaseDir;
import static com.trafikito.agent.cli.InstallTesting.uid;
import static com.trafikito.agent.cli.InstallTesting.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.trafikito.agent.testing.Modes;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * Install leaves var/ 0700 and the service user's (a takeover found it 0755), and neither install nor
 * {@code uninstall --purge} follows a link inside the base dir when it chowns, chmods or deletes.
 */
@QuarkusMainTest
class InstallVarTest extends OnFakeHost {

    static final String CFG = InstallTakeoverTest.CFG; // RUNAS nobody

    Path outside;

    @BeforeEach
    void rootFiles() throws Exception {
        outside = Files.createTempDirectory("trafikito-root-files-");
        write(outside.resolve("crontab"), "root's crontab\n", "rw-r--r--");
        Files.createDirectory(outside.resolve("etc"));
    }

    @AfterEach
    void removeRootFiles() throws Exception {
        try (Stream<Path> walk = Files.walk(outside)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void aTakeoverMakesVarPrivateToTheServiceUserAndFollowsNoLinkInIt(QuarkusMainLauncher launcher) throws Exception {
        shellAgentBaseDir(base, "trafikito.cfg", CFG, "rw-r--r--");
        Modes.chmod(base.resolve("var"), "0777");
        Files.createSymbolicLink(base.resolve("var/agent.log"), outside.resolve("crontab"));
        Files.createSymbolicLink(base.resolve("var/etc"), outside.resolve("etc"));
        Map<String, String> before = snapshot(outside);

        LaunchResult result = launcher.launch("install", "--base-dir", base.toString(), "--yes");

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(mode(base.resolve("var"))).isEqualTo("rwx------");
        assertThat(uid(base.resolve("var"))).isEqualTo(host.nobodyUid());
        assertThat(uid(base.resolve("var/trafikito.tmp"))).isEqualTo(host.nobodyUid());
        assertThat(result.getErrorOutput()).contains("set " + base.resolve("var") + " from rwxrwxrwx to rwx------");
        assertThat(snapshot(outside)).as("files the links point at").isEqualTo(before);
        assertThat(Files.isSymbolicLink(base.resolve("var/agent.log"))).isTrue();
    }

    @Test
    void aWhitelistThatIsALinkIsLeftAloneAndSaid(QuarkusMainLauncher launcher) throws Exception {
        shellAgentBaseDir(base, "trafikito.cfg", CFG, "rw-r--r--");
        Path target = outside.resolve("available_commands.sh");
        Files.move(base.resolve("available_commands.sh"), target);
        Modes.chmod(target, "0666");
        Files.createSymbolicLink(base.resolve("available_commands.sh"), target);

        LaunchResult result = launcher.launch("install", "--base-dir", base.toString(), "--yes");

        assertThat(result.getErrorOutput()).contains("left " + base.resolve("available_commands.sh") + " alone: it is a link");
        assertThat(mode(target)).as("never changed through the link").isEqualTo("rw-rw-rw-");
    }

    @Test
    void aFreshInstallSaysVarIsPrivate(QuarkusMainLauncher launcher) {
        InstallTesting.apiAnswers(InstallTesting.REGISTERED);
        LaunchResult result = launcher.launch(InstallTesting.installArgs(base));
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(mode(base.resolve("var"))).isEqualTo("rwx------");
        assertThat(uid(base.resolve("var"))).isEqualTo(host.newUid());
        assertThat(result.getErrorOutput()).contains("var/ (0700, owned by the service user trafikito");
    }

    @Test
    void purgeRemovesTheLinksNotWhatTheyPointAt(QuarkusMainLauncher launcher) throws Exception {
        shellAgentBaseDir(base, "trafikito.cfg", CFG, "rw-r--r--");
        Files.createSymbolicLink(base.resolve("var/agent.log"), outside.resolve("crontab"));
        Files.createSymbolicLink(base.resolve("var/etc"), outside.resolve("etc"));
        Files.createSymbolicLink(base.resolve("lib/root"), outside);
        Map<String, String> before = snapshot(outside);

        LaunchResult result = launcher.launch("uninstall", "--purge", "--yes", "--base-dir", base.toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(base).doesNotExist();
        assertThat(snapshot(outside)).isEqualTo(before);
        assertThat(read(outside.resolve("crontab"))).isEqualTo("root's crontab\n");
    }

    private static Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.toList()) {
                all.put(dir.relativize(path).toString(), mode(path) + " " + uid(path)
                        + (Files.isRegularFile(path) ? " " + read(path) : ""));
            }
        }
        return all;
    }
}
