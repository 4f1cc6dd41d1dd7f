package com.trafikito.agent.testing;

import java.io.IOException;
import java.nio.file.Path;

/** Modes Java's {@code PosixFilePermission} cannot express (the sticky bit), and owners, set with the tools. */
public final class Modes {

    private Modes() {
    }

    /** {@code chmod MODE path}, e.g. {@code 1777}. */
    public static void chmod(Path path, String mode) {
        run("chmod", mode, path.toString());
    }

    /** {@code chown -h OWNER path} (never follows a link), e.g. {@code 65534:65534}. */
    public static void chown(Path path, String owner) {
        run("chown", "-h", owner, path.toString());
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
