package com.trafikito.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the daemon reads of {@code etc/agent.properties} before it boots, to decide on its HTTP port. */
class HealthPortProbeTest {

    @TempDir
    Path baseDir;

    @Test
    void readsTheOwnersSwitch() throws Exception {
        Files.createDirectories(baseDir.resolve("etc"));
        Files.writeString(baseDir.resolve("etc/agent.properties"), "agent.http.enabled=false\n");

        assertThat(HealthPortProbe.served(HealthPortProbe.ownerSettings(baseDir))).isFalse();
    }

    @Test
    void aFifoAtTheOwnersSettingsDoesNotHoldTheDaemonBeforeItBoots() throws Exception {
        Files.createDirectories(baseDir.resolve("etc"));
        Process mkfifo = new ProcessBuilder("mkfifo", baseDir.resolve("etc/agent.properties").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();

        // Before, the probe opened the file as a stream and blocked until a writer came; the bound only says
        // "hung", it is no speed target.
        boolean served = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> HealthPortProbe.served(HealthPortProbe.ownerSettings(baseDir)));

        assertThat(served).isTrue(); // no settings from it here; the config source refuses it at boot, naming it
    }
}
