package com.trafikito.agent.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.runtime.ImageMode;

/** Which agent install copies: in a native image, the executable that runs; else the configured one or the jar folder. */
class DistributionTest {

    @TempDir
    Path dir;

    @Test
    void aNativeAgentInstallsItsOwnExecutable() throws Exception {
        Path self = executable("trafikito-agent-runner");

        Distribution.Source source = unconfigured().locate(ImageMode.NATIVE_RUN, Optional.of(self.toString()));

        assertThat(source).isEqualTo(new Distribution.Source(true, self, Optional.empty()));
        assertThat(source.describe()).isEqualTo("native executable " + self);
    }

    @Test
    void aNativeAgentThatCannotTellItsExecutableFailsSayingSo() {
        assertThatThrownBy(() -> unconfigured().locate(ImageMode.NATIVE_RUN, Optional.empty()))
                .isInstanceOf(InstallException.class).hasMessageContaining("cannot tell where this native agent's executable is");
    }

    @Test
    void aConfiguredExecutableIsANativeBuildAndWinsOverTheRunningAgent() throws Exception {
        Path other = executable("other-runner");
        Distribution configured = new Distribution(AgentConfigs.withDistribution(
                new AgentConfigs.Settings(Optional.of(other.toString()))));

        assertThat(configured.locate(ImageMode.NATIVE_RUN, Optional.of("/opt/trafikito/agent")))
                .isEqualTo(new Distribution.Source(true, other, Optional.empty()));
        assertThat(configured.locate(ImageMode.JVM, Optional.of("/usr/bin/java")))
                .isEqualTo(new Distribution.Source(true, other, Optional.empty()));
    }

    @Test
    void aConfiguredFileThatIsNotExecutableIsRefused() throws Exception {
        Path file = executable("not-executable");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Distribution configured = new Distribution(AgentConfigs.withDistribution(
                new AgentConfigs.Settings(Optional.of(file.toString()))));

        assertThatThrownBy(() -> configured.locate(ImageMode.JVM, Optional.empty()))
                .isInstanceOf(InstallException.class).hasMessageContaining("neither a quarkus-app folder")
                .hasMessageContaining(file.toString());
    }

    private static Distribution unconfigured() {
        return new Distribution(AgentConfigs.withDistribution(new AgentConfigs.Settings(Optional.empty())));
    }

    private Path executable(String name) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
