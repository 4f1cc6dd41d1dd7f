package com.trafikito.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.trafikito.agent.testing.AgentProcess;
import com.trafikito.agent.testing.Strace;

/**
 * The programs each command is started through, as strace sees the packaged agent's execs: on Java 17 the JVM's
 * child runs {@code setsid}, which runs {@code sh}, and the JDK's spawn helper is not run at all; on Temurin 25,
 * where that mechanism is deprecated, the JDK's own default stays and no deprecation notice is printed.
 */
class LaunchMechanismIT extends PackagedAgent {

    static final Pattern EXEC = Pattern.compile("^\\d+\\s+execve\\(\"([^\"]+)\".* = 0$");

    @Test
    void onJava17EachCommandIsSetsidThenShWithoutTheSpawnHelper() throws IOException {
        assumeTrue(Runtime.version().feature() <= 24, "the tests run on Java " + Runtime.version().feature());
        List<String> execs = execsOfOneCommand(Path.of(System.getProperty("java.home")));

        assertThat(execs).noneMatch(path -> path.endsWith("/jspawnhelper"));
        assertThat(execs).filteredOn(path -> path.endsWith("/setsid")).hasSize(1);
        assertThat(execs).filteredOn(path -> path.equals("/bin/sh")).hasSize(1);
    }

    @Test
    void onJava25TheJdksDefaultStaysAndNothingIsPrinted() throws IOException {
        Path home = Path.of(NonAsciiCommandLineIT.TEMURIN_25);
        assumeTrue(Files.isExecutable(home.resolve("bin/java")), "no Java runtime at " + home);

        List<String> execs = execsOfOneCommand(home);

        assertThat(execs).filteredOn(path -> path.endsWith("/jspawnhelper")).hasSize(1);
        assertThat(execs).filteredOn(path -> path.endsWith("/setsid")).hasSize(1);
    }

    /** The programs run (successful execs, the JVM's own first) by `run --once --dry-run` of one command. */
    private List<String> execsOfOneCommand(Path javaHome) throws IOException {
        Strace.assumeUsable();
        installation.writeWhitelist("trafikito_hello=\"echo hello\"\n");
        Path trace = Files.createTempFile("execs-", ".trace");
        try {
            AgentProcess dryRun = AgentProcess.in(installation).javaHome(javaHome)
                    .under(Strace.PATH.toString(), "-f", "-qq", "-e", "trace=execve", "-o", trace.toString())
                    .run("run", "--once", "--dry-run");
            assertThat(dryRun.exitCode()).as(dryRun::stderr).isZero();
            assertThat(dryRun.stdout()).contains("hello");
            assertThat(dryRun.stderr()).doesNotContain("VFORK", "deprecated");
            return Files.readAllLines(trace).stream().map(EXEC::matcher).filter(Matcher::matches)
                    .map(m -> m.group(1)).toList();
        } finally {
            Files.deleteIfExists(trace);
        }
    }
}
