package com.trafikito.agent.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The agent's own uid, read without native helpers ({@code com.sun.security.auth.module.UnixSystem} does
 * not suit a native image): Linux only, which is where the agent runs.
 */
public final class ProcessUser {

    private ProcessUser() {
    }

    /**
     * The real uid from {@code /proc/self/status}, else the owner of {@code /proc/self}.
     *
     * @throws IllegalStateException when neither can be read: the whitelist's owner cannot be checked
     */
    public static long currentUid() {
        try {
            OptionalLong uid = parseStatusUid(Files.readString(Path.of("/proc/self/status"), StandardCharsets.ISO_8859_1));
            if (uid.isPresent()) {
                return uid.getAsLong();
            }
        } catch (IOException | RuntimeException e) {
            // fall through to /proc/self
        }
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot tell the agent's own uid: /proc/self is not readable", e);
        }
    }

    /** The first (real) uid of the {@code Uid:} line of a {@code /proc/<pid>/status} text. */
    static OptionalLong parseStatusUid(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] fields = line.substring(4).trim().split("\\s+");
                if (!fields[0].isEmpty() && fields[0].chars().allMatch(c -> c >= '0' && c <= '9') && fields[0].length() <= 10) {
                    return OptionalLong.of(Long.parseLong(fields[0]));
                }
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }
}
