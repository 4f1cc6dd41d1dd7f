package com.trafikito.agent.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;

import com.trafikito.agent.state.VarTrust;

/**
 * Whether the log manager may be handed the log file. It opens the file by name, following links, creating it
 * if absent and appending to whatever is there, and on rotation renames the old files and opens a new one the
 * same way. That is safe only in a folder nobody else can write ({@link VarTrust}), at names that hold nothing
 * but the agent's own regular files: a link, a FIFO, another user's file or a hard link to a file elsewhere is
 * refused, and the agent logs to stderr only (journald keeps it).
 */
public final class LogFileSafety {

    private static volatile String refusal;

    private LogFileSafety() {
    }

    /**
     * @param logFile the configured {@code quarkus.log.file.path}
     * @param backups {@code quarkus.log.file.rotation.max-backup-index}: the rotated names {@code .1} to {@code .N}
     * @param uid     the uid the agent runs as
     * @return why the file must not be written, naming the fix; empty when it may
     */
    public static Optional<String> problem(Path logFile, int backups, long uid) {
        Optional<String> folder = folderProblem(logFile, uid);
        if (folder.isPresent()) {
            return folder;
        }
        for (int index = 0; index <= Math.max(0, backups); index++) {
            Path name = index == 0 ? logFile : logFile.resolveSibling(logFile.getFileName() + "." + index);
            Optional<String> file = fileProblem(name, uid);
            if (file.isPresent()) {
                return file;
            }
        }
        return Optional.empty();
    }

    /** The folder alone: cheap enough for every log record (two stat calls). */
    static Optional<String> folderProblem(Path logFile, long uid) {
        Path folder = logFile.toAbsolutePath().getParent();
        return folder == null ? Optional.of(logFile + " has no folder") : VarTrust.problem(folder, uid);
    }

    /** One name: absent, or the agent's own regular file with no other name. */
    static Optional<String> fileProblem(Path file, long uid) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                return Optional.of(file + " is a link: it was planted there; remove it (rm " + file + ")");
            }
            if (!attributes.isRegularFile()) {
                return Optional.of(file + " is not a regular file; remove it");
            }
            Map<String, Object> unix = Files.readAttributes(file, "unix:uid,nlink", LinkOption.NOFOLLOW_LINKS);
            long owner = ((Number) unix.get("uid")).longValue();
            if (owner != uid) {
                return Optional.of(file + " belongs to uid " + owner + ", not to the agent's uid " + uid
                        + "; remove it or chown " + uid + " " + file);
            }
            if (((Number) unix.get("nlink")).intValue() > 1) {
                return Optional.of(file + " has other names (hard links): it may be another file of the host;"
                        + " remove it");
            }
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot check " + file + ": " + e.getMessage());
        }
    }

    /** Why the log file is not written, when it is not (set before the log manager starts, or by the guard). */
    public static Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    static void refuse(String why) {
        refusal = why;
    }

    /** Before the log manager starts: the file handler is turned off, and the reason kept to be logged. */
    public static void refuseAtStart(String why) {
        refusal = why;
    }
}
