package com.trafikito.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessUserTest {

    @Test
    void readsTheRealUidOfTheStatusText() {
        String status = "Name:\tjava\nUmask:\t0022\nState:\tS (sleeping)\nUid:\t1000\t1001\t1002\t1003\nGid:\t5\t5\t5\t5\n";

        assertThat(ProcessUser.parseStatusUid(status)).hasValue(1000);
        assertThat(ProcessUser.parseStatusUid("Name:\tx\n")).isEmpty();
        assertThat(ProcessUser.parseStatusUid("Uid:\tabc\n")).isEmpty();
    }

    @Test
    void currentUidOwnsTheFilesThisProcessCreates(@TempDir Path dir) throws Exception {
        Path file = Files.createFile(dir.resolve("mine"));

        assertThat(ProcessUser.currentUid()).isEqualTo(((Number) Files.getAttribute(file, "unix:uid")).longValue());
    }
}
