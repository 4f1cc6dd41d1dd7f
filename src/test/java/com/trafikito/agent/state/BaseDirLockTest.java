package com.trafikito.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseDirLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondHolderIsRefusedWithTheFirstOnesPid() throws Exception {
        Path lockFile = dir.resolve("var/lock");
        try (BaseDirLock first = BaseDirLock.acquire(lockFile)) {
            assertThat(Files.readString(lockFile).strip()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
            assertThatThrownBy(() -> BaseDirLock.acquire(lockFile)).isInstanceOf(BaseDirLock.LockHeld.class)
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
        try (BaseDirLock again = BaseDirLock.acquire(lockFile)) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void aLeftoverLockFileOfADeadProcessDoesNotBlock() throws Exception {
        Path lockFile = dir.resolve("var/lock");
        Files.createDirectories(lockFile.getParent());
        Files.writeString(lockFile, "999999\n");
        try (BaseDirLock lock = BaseDirLock.acquire(lockFile)) {
            assertThat(lock).isNotNull();
        }
    }
}
