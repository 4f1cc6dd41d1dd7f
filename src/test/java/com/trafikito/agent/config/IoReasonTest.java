package com.trafikito.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import org.junit.jupiter.api.Test;

/** The reason of a file error without the path the JDK puts in its message. */
class IoReasonTest {

    @Test
    void saysWhyNotWhere() {
        assertThat(IoReason.of(new AccessDeniedException("/opt/trafikito/etc/trafikito.cfg"))).isEqualTo("Permission denied");
        assertThat(IoReason.of(new NoSuchFileException("/x"))).isEqualTo("No such file or directory");
        assertThat(IoReason.of(new FileSystemException("/x", null, "Read-only file system"))).isEqualTo("Read-only file system");
        assertThat(IoReason.of(new FileSystemException("/x"))).isEqualTo("FileSystemException");
        assertThat(IoReason.of(new IOException("No space left on device"))).isEqualTo("No space left on device");
    }
}
