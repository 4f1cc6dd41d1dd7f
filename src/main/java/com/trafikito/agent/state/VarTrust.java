package com.trafikito.agent.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The rule for the folders the agent writes in ({@code var/}, and the log file's folder), as sshd's for
 * {@code ~/.ssh}: owned by the agent's user or root, and writable by neither group nor others. Whoever else
 * can write such a folder can plant a link or a FIFO at a name the agent writes, and an agent that runs as root
 * would then append or rename onto any file of the host. The sticky bit does not help: it only limits
 * deleting and renaming others' entries, never creating new ones.
 */
public final class VarTrust {

    private VarTrust() {
    }

    /**
     * @param dir the folder; a link at {@code dir} itself is followed (only the base dir's writers can place one)
     * @param uid the uid the agent runs as (or will run as, for {@code status} and {@code install})
     * @return why the agent must not write in {@code dir}, with the fix; empty when it may, or when {@code dir}
     *         does not exist (the agent then creates it itself, as its own)
     */
    public static Optional<String> problem(Path dir, long uid) {
        try {
            PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class);
            long owner = ((Number) Files.getAttribute(dir, "unix:uid")).longValue();
            if (!attributes.isDirectory()) {
                return Optional.of(dir + " is not a folder");
            }
            return problem(dir, owner, attributes.permissions(), uid);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // fail closed: a folder whose owner or mode cannot be read is not trusted either
            return Optional.of("cannot check " + dir + ": " + e.getMessage());
        }
    }

    /** The rule on plain values, testable without other users. */
    static Optional<String> problem(Path dir, long owner, Set<PosixFilePermission> perms, long uid) {
        String mode = PosixFilePermissions.toString(perms);
        String who = uid == 0 ? "root" : "uid " + uid;
        if (perms.contains(PosixFilePermission.OTHERS_WRITE) || perms.contains(PosixFilePermission.GROUP_WRITE)) {
            String by = perms.contains(PosixFilePermission.OTHERS_WRITE) ? "every user" : "its group";
            return Optional.of(dir + " (" + mode + ") is writable by " + by + ": anyone there could plant a link"
                    + " the agent would write through; fix: chmod go-w " + dir);
        }
        if (owner != 0 && owner != uid) {
            return Optional.of(dir + " is owned by uid " + owner + ", neither root nor the agent's " + who
                    + ": that user could plant a link the agent would write through; fix: chown " + uid + " " + dir
                    + " (or run the agent as that user)");
        }
        return Optional.empty();
    }
}
