package com.trafikito.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesWithTheGivenModeAndLeavesNoTempFile() throws IOException {
        Path file = dir.resolve("etc/trafikito.cfg");
        AtomicFiles.write(file, "export API_KEY=\"k\"\n", AtomicFiles.OWNER_ONLY);
        AtomicFiles.write(file, "export API_KEY=\"k2\"\n", AtomicFiles.OWNER_ONLY);

        assertThat(Files.readString(file)).isEqualTo("export API_KEY=\"k2\"\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aFailedWriteLeavesTheOldContent() throws IOException {
        Path file = dir.resolve("state");
        AtomicFiles.write(file, "old", AtomicFiles.OWNER_ONLY);
        Files.createDirectories(dir.resolve("blocked"));
        // The target is a non-empty directory: the rename fails after the temp file was written.
        Files.writeString(dir.resolve("blocked/x"), "x");
        assertThatThrownBy(() -> AtomicFiles.write(dir.resolve("blocked"), "new", AtomicFiles.OWNER_ONLY))
                .isInstanceOf(IOException.class);
        assertThat(Files.readString(file)).isEqualTo("old");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("state", "blocked");
        }
    }
}
