package com.trafikito.agent.cycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.trafikito.agent.host.ProcessUser;
import com.trafikito.agent.state.VarDir;
import com.trafikito.agent.testing.Modes;
import com.trafikito.agent.whitelist.WhitelistEntry;
import com.trafikito.agent.whitelist.WhitelistLoad;
import com.trafikito.agent.whitelist.WhitelistParser;

/** var/widget_commands.sh on its own: read like the owner's whitelist, written atomically through VarDir. */
class WidgetStoreTest {

    @TempDir
    Path temp;

    private Path var;
    private Path file;
    private WidgetStore store;

    @BeforeEach
    void store() throws Exception {
        var = Files.createDirectory(temp.resolve("var"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        file = var.resolve("widget_commands.sh");
        long uid = ProcessUser.currentUid();
        store = new WidgetStore(file, new VarDir(var, uid), uid);
    }

    private static WhitelistEntry widget(String line) {
        return WhitelistParser.parseEntry(line).orElseThrow();
    }

    private List<String> names() throws Exception {
        try (Stream<Path> files = Files.list(var)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void aMissingFileHasNoLinesAndNoProblem() {
        assertThat(store.load()).isInstanceOfSatisfying(WhitelistLoad.Loaded.class,
                loaded -> assertThat(loaded.whitelist().entries()).isEmpty());
        assertThat(store.problem()).isEmpty();
    }

    @Test
    void aWidgetLineIsAddedAndALineOfTheSameNameReplacedInOneAtomicOwnerOnlyWrite() throws Exception {
        assertThat(store.keep(widget("trafikito_a=\"echo a\""))).isInstanceOf(WhitelistLoad.Loaded.class);
        assertThat(store.keep(widget("trafikito_b=\"echo b\""))).isInstanceOf(WhitelistLoad.Loaded.class);
        assertThat(store.keep(widget("trafikito_a=\"echo a2\""))).isInstanceOf(WhitelistLoad.Loaded.class);

        assertThat(Files.readString(file)).isEqualTo("trafikito_b=\"echo b\"\ntrafikito_a=\"echo a2\"\n");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(names()).containsExactly("widget_commands.sh"); // no temp file left behind
        assertThat(store.load()).isInstanceOfSatisfying(WhitelistLoad.Loaded.class, loaded -> assertThat(
                loaded.whitelist().entries()).extracting(WhitelistEntry::commandLine).containsExactly("echo b", "echo a2"));
    }

    @Test
    void aLinkPlantedAtTheFilesNameIsReplacedNeverWrittenThrough() throws Exception {
        Path precious = Files.writeString(Files.createDirectory(temp.resolve("outside")).resolve("precious"),
                "trafikito_x=\"true\"\n");
        Files.setPosixFilePermissions(precious, PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(file, precious);

        assertThat(store.keep(widget("trafikito_w=\"true\""))).isInstanceOf(WhitelistLoad.Loaded.class);

        assertThat(Files.readString(precious)).isEqualTo("trafikito_x=\"true\"\n");
        assertThat(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void aFileOthersCanWriteIsRefusedAsAWholeAndLeftAsItIs() throws Exception {
        String planted = "trafikito_planted=\"id\"\n";
        Files.writeString(file, planted);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--rw-"));

        assertThat(store.load()).isInstanceOfSatisfying(WhitelistLoad.Refused.class,
                refused -> assertThat(refused.reason()).contains(file.toString(), "world-writable"));
        assertThat(store.problem()).hasValueSatisfying(problem -> assertThat(problem).contains("world-writable"));
        assertThat(store.keep(widget("trafikito_w=\"true\""))).isInstanceOfSatisfying(WhitelistLoad.Refused.class,
                refused -> assertThat(refused.reason()).contains("world-writable"));
        assertThat(Files.readString(file)).isEqualTo(planted);
    }

    @Test
    void aGroupWritableFileIsRefusedForAgentStatusToo() throws Exception {
        Files.writeString(file, "trafikito_w=\"true\"\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));

        assertThat(WidgetStore.problem(file, ProcessUser.currentUid()))
                .hasValueSatisfying(problem -> assertThat(problem).contains("group-writable"));
    }

    @Test
    void aFileOwnedByAnotherUserIsRefused() throws Exception {
        assumeThat(ProcessUser.currentUid()).as("only root can give a file away").isZero();
        Files.writeString(file, "trafikito_w=\"true\"\n");
        Modes.chown(file, "4242:4242");
        // The agent's user is not root here: the file must be its own.
        WidgetStore asAgent = new WidgetStore(file, new VarDir(var, 1000), 1000);

        assertThat(asAgent.problem()).hasValueSatisfying(problem -> assertThat(problem).contains("uid 4242"));
    }

    @Test
    void inAVarOthersCanWriteNothingIsWritten() throws Exception {
        Modes.chmod(var, "0777");

        assertThatThrownBy(() -> store.keep(widget("trafikito_w=\"true\""))).isInstanceOf(VarDir.Untrusted.class);
        assertThat(Files.exists(file, LinkOption.NOFOLLOW_LINKS)).isFalse();
    }
}
