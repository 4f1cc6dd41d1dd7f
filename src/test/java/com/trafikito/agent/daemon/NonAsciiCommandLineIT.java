package com.trafikito.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.trafikito.agent.testing.AgentProcess;

/**
 * A command line with bytes outside ASCII reaches {@code sh} byte for byte, on Java 17 and on Java 18+ (whose
 * ProcessBuilder encodes arguments with {@code sun.jnu.encoding}: ASCII under the C locale of a service, so
 * {@code é} became {@code ?}). The packaged agent runs under each runtime with {@code LC_ALL=C}.
 */
class NonAsciiCommandLineIT extends PackagedAgent {

    /** The build machines have a Temurin 25 beside the default Java 17. */
    static final String TEMURIN_25 = "/usr/lib/jvm/temurin-25-jdk-amd64";

    @ParameterizedTest
    @ValueSource(strings = { "", TEMURIN_25 })
    void theCommandLineReachesTheShellByteExact(String home) {
        Path javaHome = Path.of(home.isEmpty() ? System.getProperty("java.home") : home);
        assumeTrue(Files.isExecutable(javaHome.resolve("bin/java")), "no Java runtime at " + javaHome);
        installation.writeWhitelist("trafikito_bytes=\"printf '%s' 'é ü \\ \\0101 ✓' | od -An -tx1\"\n");

        AgentProcess dryRun = AgentProcess.in(installation).javaHome(javaHome).env("LC_ALL", "C").env("LANG", "C")
                .run("run", "--once", "--dry-run");

        assertThat(dryRun.exitCode()).as(dryRun::stderr).isZero();
        // é, space, ü, space, backslash, space, backslash 0 1 0 1, space, the check mark
        assertThat(dryRun.stdout().replaceAll("\\s+", " ")).contains(
                " c3 a9 20 c3 bc 20 5c 20 5c 30 31 30 31 20 e2 9c 93 ");
    }
}
