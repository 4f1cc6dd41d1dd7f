package com.trafikito.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.trafikito.agent.config.AgentPaths;
import com.trafikito.agent.testing.Modes;

/**
 * Every file the agent writes in var/, with a link planted at its name by someone who could write var/ earlier:
 * the write replaces the link and never writes through it, and in an untrusted var/ nothing is written at all.
 */
class VarWritesTest {

    private static final long ROOT = 0;

    @TempDir
    Path temp;

    private AgentPaths paths;
    private Path outside;
    private VarDir var;

    @BeforeEach
    void installation() throws Exception {
        paths = new AgentPaths(Files.createDirectory(temp.resolve("base")));
        Files.createDirectory(paths.varDir());
        outside = Files.createDirectory(temp.resolve("outside"));
        var = new VarDir(paths.varDir(), ROOT);
    }

    private List<Path> written() {
        return List.of(paths.stateFile(), paths.lastConfig(), paths.stopFile(), paths.errorRecord(100),
                paths.widgetCommands());
    }

    /** Each write path of the agent, as the classes that own the files do it. */
    private void writeEverything() throws Exception {
        StateStore store = new StateStore(paths, new ObjectMapper(), var);
        assertThat(store.save(new StateSnapshot(1, 2, "ok", "saved", 1, 2, "v1", 0))).isEmpty();
        CycleFiles files = new CycleFiles(paths, var);
        files.writeCachedAnswer("tok hello");
        files.writeStop("STOP removed");
        var.write(paths.errorRecord(100), "1700000000"); // ErrorFeedback's record
        var.write(paths.widgetCommands(), "trafikito_w=\"true\"\n"); // WidgetInstaller's file
    }

    @Test
    void aLinkToAnExistingFileIsReplacedNeverWrittenThrough() throws Exception {
        for (Path file : written()) {
            Files.createSymbolicLink(file, Files.writeString(outside.resolve(file.getFileName() + ".precious"),
                    "root's file\n"));
        }
        Map<String, String> before = snapshot(outside);
        writeEverything();
        assertThat(snapshot(outside)).isEqualTo(before);
        for (Path file : written()) {
            assertThat(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).as(file.toString()).isTrue();
            assertThat(Files.getPosixFilePermissions(file)).as(file.toString())
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        assertThat(Files.readString(paths.stopFile())).isEqualTo("STOP removed\n");
    }

    @Test
    void aDanglingLinkCreatesNothingOutside() throws Exception {
        for (Path file : written()) {
            Files.createSymbolicLink(file, outside.resolve(file.getFileName() + ".new"));
        }
        writeEverything();
        try (Stream<Path> left = Files.list(outside)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void inAnUntrustedVarNothingIsWrittenAndNothingOutsideChanges() throws Exception {
        for (String mode : new String[] { "0777", "1777", "0770 group", "other owner" }) {
            switch (mode) {
                case "0770 group" -> {
                    Modes.chown(paths.varDir(), "0:65534");
                    Modes.chmod(paths.varDir(), "0770");
                }
                case "other owner" -> {
                    Modes.chown(paths.varDir(), "65534:65534");
                    Modes.chmod(paths.varDir(), "0755");
                }
                default -> Modes.chmod(paths.varDir(), mode);
            }
            Path target = Files.writeString(outside.resolve("precious"), "root's file\n");
            Files.createSymbolicLink(paths.stateFile(), target);
            Map<String, String> before = snapshot(temp);

            assertThat(var.check()).as(mode).isPresent();
            StateStore store = new StateStore(paths, new ObjectMapper(), var);
            assertThat(store.save(StateSnapshot.empty())).as(mode).hasValueSatisfying(
                    problem -> assertThat(problem).contains("not written"));
            CycleFiles files = new CycleFiles(paths, var);
            files.writeCachedAnswer("tok hello"); // said once by VarDir, not an error of the cycle
            assertThatThrownBy(() -> files.writeStop("STOP")).isInstanceOf(VarDir.Untrusted.class);
            assertThatThrownBy(() -> var.write(paths.errorRecord(100), "1")).isInstanceOf(VarDir.Untrusted.class);
            assertThatThrownBy(() -> var.delete(paths.stateFile())).isInstanceOf(VarDir.Untrusted.class);

            assertThat(snapshot(temp)).as(mode).isEqualTo(before);
            Files.delete(paths.stateFile());
            Modes.chown(paths.varDir(), "0:0");
        }
    }

    @Test
    void theVerdictIsCheckedAtEachWriteSoAFixTakesEffectAtOnce() throws Exception {
        Modes.chmod(paths.varDir(), "0777");
        assertThatThrownBy(() -> var.write(paths.stopFile(), "STOP")).isInstanceOf(VarDir.Untrusted.class);
        assertThat(var.lastProblem()).isPresent();
        Modes.chmod(paths.varDir(), "0700");
        var.write(paths.stopFile(), "STOP");
        assertThat(var.lastProblem()).isEmpty();
        assertThat(paths.stopFile()).hasContent("STOP");
    }

    @Test
    void onlyFilesOfVarAreWrittenThroughIt() {
        assertThatThrownBy(() -> var.write(outside.resolve("x"), "x")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Every path under {@code dir} with its kind and content (links by target), to compare before and after. */
    private static Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.toList()) {
                String value = Files.isSymbolicLink(path) ? "-> " + Files.readSymbolicLink(path)
                        : Files.isDirectory(path) ? "dir " + Files.getPosixFilePermissions(path)
                                : "file " + Files.readString(path);
                all.put(dir.relativize(path).toString(), value);
            }
        }
        return all;
    }
}
