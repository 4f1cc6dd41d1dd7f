package com.trafikito.agent.whitelist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.trafikito.agent.host.ProcessUser;

/**
 * The whitelist as docker/kubernetes/daemonset.yaml provides it: a ConfigMap volume, laid out as the kubelet
 * lays it out (a world-writable mount point, a timestamped data directory, {@code ..data} and the file as
 * symlinks), reached from {@code <base-dir>/available_commands.sh} through one more symlink. The permission
 * check of PROTOCOL.md follows the symlinks and checks the real file and its directory.
 */
class ConfigMapWhitelistTest {

    private static final String V1 = "trafikito_uptime=\"uptime\"\n";
    private static final String V2 = "trafikito_uptime=\"uptime\"\ntrafikito_df_h=\"df -h\"\n";

    @TempDir
    Path tmp;
    Path mount;
    Path baseDirLink;
    long uid;

    @BeforeEach
    void setUp() throws IOException {
        uid = ProcessUser.currentUid();
        mount = Files.createDirectory(tmp.resolve("whitelist"));
        Files.setPosixFilePermissions(mount, PosixFilePermissions.fromString("rwxrwxrwx")); // as the kubelet's
        Path data = dataDir("..2026_01_01_00_00_00.000000001", V1, "rw-r--r--");
        Files.createSymbolicLink(mount.resolve("..data"), data.getFileName());
        Files.createSymbolicLink(mount.resolve("available_commands.sh"), Path.of("..data/available_commands.sh"));
        Path baseDir = Files.createDirectory(tmp.resolve("base"));
        Files.setPosixFilePermissions(baseDir, PosixFilePermissions.fromString("rwx------"));
        baseDirLink = Files.createSymbolicLink(baseDir.resolve("available_commands.sh"),
                mount.resolve("available_commands.sh"));
    }

    @Test
    void theConfigMapLayoutIsAccepted() {
        WhitelistLoad load = WhitelistFile.load(baseDirLink, uid);
        assertThat(load).isInstanceOf(WhitelistLoad.Loaded.class);
        assertThat(((WhitelistLoad.Loaded) load).whitelist().find("trafikito_uptime")).isPresent();
    }

    @Test
    void anEditedConfigMapIsReadAtTheNextLoad() throws IOException {
        // the kubelet writes a new data directory and swaps ..data to it atomically
        Path next = dataDir("..2026_01_02_00_00_00.000000002", V2, "rw-r--r--");
        Path swap = Files.createSymbolicLink(mount.resolve("..data_tmp"), next.getFileName());
        Files.move(swap, mount.resolve("..data"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        WhitelistLoad load = WhitelistFile.load(baseDirLink, uid);
        assertThat(((WhitelistLoad.Loaded) load).whitelist().find("trafikito_df_h")).isPresent();
    }

    @Test
    void aDataDirectoryOthersCanWriteIsRefused() throws IOException {
        Files.setPosixFilePermissions(mount.resolve("..2026_01_01_00_00_00.000000001"),
                PosixFilePermissions.fromString("rwxrwxr-x"));
        assertThat(WhitelistFile.load(baseDirLink, uid)).isInstanceOfSatisfying(WhitelistLoad.Refused.class,
                refused -> assertThat(refused.reason()).contains("directory is group-writable"));
    }

    @Test
    void aDefaultModeThatLetsOthersWriteIsRefused() throws IOException {
        // a ConfigMap volume with defaultMode: 0666
        Files.setPosixFilePermissions(mount.resolve("..2026_01_01_00_00_00.000000001/available_commands.sh"),
                PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(WhitelistFile.load(baseDirLink, uid)).isInstanceOfSatisfying(WhitelistLoad.Refused.class,
                refused -> assertThat(refused.reason()).contains("file is group-writable"));
    }

    private Path dataDir(String name, String content, String fileMode) throws IOException {
        Path data = Files.createDirectory(mount.resolve(name));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = Files.writeString(data.resolve("available_commands.sh"), content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(fileMode));
        return data;
    }
}
