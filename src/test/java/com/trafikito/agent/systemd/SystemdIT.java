package com.trafikito.agent.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The system test (src/systemtest/systemtest.sh): the archive of {@code ./mvnw package} installed and run under
 * a real systemd in a booted container. It needs root, Linux, debootstrap and systemd-nspawn; where it cannot
 * run it says why, loudly, and is skipped, unless {@code -Dsystemtest.required=true} (.ci/run), which turns the
 * skip into a failure. {@code -Dsystemtest.skip=true} leaves it out during other development.
 */
class SystemdIT {

    static final Path SCRIPT = Path.of("src/systemtest/systemtest.sh");
    static final int SKIPPED = 77;

    @Test
    void theAgentOfTheArchiveUnderARealSystemd() throws Exception {
        boolean required = Boolean.getBoolean("systemtest.required");
        if (Boolean.getBoolean("systemtest.skip")) {
            skipped("-Dsystemtest.skip=true", required);
        }
        Path archive = Path.of(System.getProperty("dist.archive", "target/archive-missing.tar.gz"));
        assertThat(archive).as("./mvnw package writes the archive").isRegularFile();

        Process process = new ProcessBuilder(SCRIPT.toString(), archive.toString()).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println("systemtest: " + line); // progress in the build's log as it happens
                output.append(line).append('\n');
            }
        }
        if (!process.waitFor(20, TimeUnit.MINUTES)) {
            process.destroy(); // SIGTERM: the script's trap powers the container off
            fail("the system test did not end within 20 minutes:\n" + output);
        }
        if (process.exitValue() == SKIPPED) {
            skipped(output.toString().lines().filter(l -> l.startsWith("SKIP")).findFirst().orElse(output.toString()),
                    required);
        }
        assertThat(process.exitValue()).as("the system test failed:\n" + output).isZero();
        assertThat(output).contains("9 passed, 0 failed");
    }

    private static void skipped(String why, boolean required) {
        String message = "SYSTEM TEST SKIPPED (the agent under a real systemd did not run): " + why;
        System.err.println("\n*** " + message + " ***\n");
        if (required) {
            fail(message + "; systemtest.required=true (.ci/run) does not allow that");
        }
        Assumptions.abort(message);
    }
}
