package com.trafikito.agent.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * strace, for the tests that read the packaged agent's system calls. They run where strace is installed and may
 * trace (`.ci/run` installs it); a sandbox that denies ptrace skips them, saying so, instead of failing them.
 */
public final class Strace {

    public static final Path PATH = Path.of("/usr/bin/strace");

    private static Boolean usable;

    private Strace() {
    }

    /** Skips the calling test unless strace is installed and can trace a child here. */
    public static synchronized void assumeUsable() {
        if (usable == null) {
            usable = Files.isExecutable(PATH) && tracesTrue();
        }
        assumeTrue(usable, "strace is not installed at " + PATH + " or cannot trace here (ptrace denied)");
    }

    private static boolean tracesTrue() {
        try {
            Process probe = new ProcessBuilder(PATH.toString(), "-f", "-qq", "-o", "/dev/null", "/bin/true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
