package com.trafikito.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    @TempDir
    Path dir;

    @Test
    void rollBackUndoesInReverseOrderAndGoesOnPastAFailingStep() {
        List<String> undone = new ArrayList<>();
        Journal journal = new Journal();
        journal.done("first", () -> undone.add("first"));
        journal.done("second", () -> {
            throw new IllegalStateException("stuck");
        });
        journal.done("third", () -> undone.add("third"));
        journal.onSuccess("cleanup", () -> undone.add("cleanup"));

        List<String> failures = journal.rollBack();

        assertThat(undone).containsExactly("third", "first");
        assertThat(failures).containsExactly("could not undo: second (stuck)");
    }

    @Test
    void commitRunsTheCleanupsAndForgetsTheUndo() {
        List<String> ran = new ArrayList<>();
        Journal journal = new Journal();
        journal.done("change", () -> ran.add("undo"));
        journal.onSuccess("cleanup", () -> ran.add("cleanup"));

        assertThat(journal.commit()).isEmpty();
        assertThat(journal.rollBack()).isEmpty();
        assertThat(ran).containsExactly("cleanup");
    }

    @Test
    void fileWritesAreUndoneToTheOldContentModeOrAbsence() throws Exception {
        Path existing = dir.resolve("etc/existing.cfg");
        Files.createDirectories(existing.getParent());
        Files.writeString(existing, "old\n");
        Files.setPosixFilePermissions(existing, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--"));
        Path created = dir.resolve("new/dir/file");
        Journal journal = new Journal();

        FileOps.write(journal, existing, "new\n", "rw-------", null);
        FileOps.mkdir(journal, created.getParent(), "rwxr-xr-x", null);
        FileOps.write(journal, created, "x", "rw-r--r--", null);
        assertThat(Files.readString(existing)).isEqualTo("new\n");
        assertThat(FileOps.permissions(existing)).isEqualTo("rw-------");

        assertThat(journal.rollBack()).isEmpty();
        assertThat(Files.readString(existing)).isEqualTo("old\n");
        assertThat(FileOps.permissions(existing)).isEqualTo("rw-rw-r--");
        assertThat(dir.resolve("new")).doesNotExist();
    }
}
