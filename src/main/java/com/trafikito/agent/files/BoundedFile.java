package com.trafikito.agent.files;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * Every read of a file of an installation ({@code var/*}, {@code etc/*}, the whitelists) goes through here: the
 * file must be a regular file (a FIFO would block the reader forever, {@code /dev/zero} would never end, a huge
 * file would fill the heap), it is opened with {@code O_NOFOLLOW} unless its contract follows symlinks, and at
 * most the bound is read. Anything else is a {@link Read.Invalid} whose reason names the file and says what it
 * is, for the caller to warn about and carry on.
 * <p>
 * The type is checked before the file is opened (Java cannot open with {@code O_NONBLOCK}); a file swapped for a
 * FIFO in between could still block, which takes write access to the folder and winning that race.
 */
public final class BoundedFile {

    /** The bound of the agent's small files unless their contract says otherwise. */
    public static final int DEFAULT_MAX_BYTES = 64 * 1024;

    /** How an unreadable file's reason ends, as the OS says it. */
    public static final String PERMISSION_DENIED = "Permission denied";

    /** Whether the file's contract follows symlinks (a Kubernetes ConfigMap mounts files as symlinks). */
    public enum Links {
        FOLLOW, NOFOLLOW
    }

    /** What reading a file gave. */
    public sealed interface Read {
    }

    /** The whole file, at most the bound. */
    public record Content(byte[] bytes) implements Read {
    }

    /** No such file (a dangling symlink is {@link Invalid}: something is there). */
    public record Missing() implements Read {
    }

    /** @param reason a sentence that starts with the file's path and says what is wrong with it */
    public record Invalid(String reason) implements Read {
    }

    private BoundedFile() {
    }

    public static Read read(Path file, int maxBytes, Links links) {
        Path target = file;
        try {
            if (links == Links.FOLLOW) {
                try {
                    target = file.toRealPath();
                } catch (NoSuchFileException e) {
                    return Files.isSymbolicLink(file) ? new Invalid(file + " is a symlink to a missing file")
                            : new Missing();
                }
            }
            BasicFileAttributes attributes = Files.readAttributes(target, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            String notRegular = notRegular(target, attributes);
            if (notRegular != null) {
                return invalid(file, target, notRegular);
            }
            if (attributes.size() > maxBytes) {
                return invalid(file, target, "is over " + maxBytes + " bytes (" + attributes.size() + ")");
            }
            byte[] bytes = readAtMost(target, maxBytes + 1);
            if (bytes.length > maxBytes) { // it grew after the size check
                return invalid(file, target, "is over " + maxBytes + " bytes");
            }
            return new Content(bytes);
        } catch (NoSuchFileException e) {
            return new Missing();
        } catch (AccessDeniedException e) {
            return invalid(file, target, "is unreadable: " + PERMISSION_DENIED);
        } catch (NotDirectoryException e) {
            return new Missing();
        } catch (FileSystemException e) {
            if ("Not a directory".equals(e.getReason())) { // ENOTDIR: a part of the path is a file, so nothing is here
                return new Missing();
            }
            if (isLoop(e)) {
                return invalid(file, target, links == Links.FOLLOW ? "is a symlink loop (too many levels of symbolic"
                        + " links)" : "is a symlink (not followed)");
            }
            return invalid(file, target, "is unreadable: " + (e.getReason() != null ? e.getReason() : e.toString()));
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return invalid(file, target, "is unreadable: " + e);
        }
    }

    private static String notRegular(Path target, BasicFileAttributes attributes) {
        if (attributes.isRegularFile()) {
            return null;
        }
        if (attributes.isSymbolicLink()) {
            return "is a symlink (not followed)";
        }
        if (attributes.isDirectory()) {
            return "is a directory, not a file";
        }
        return "is " + kind(target) + ", not a regular file";
    }

    /** What a file that is neither a regular file, a directory nor a symlink is, from its mode's type bits. */
    private static String kind(Path target) {
        try {
            int mode = ((Number) Files.getAttribute(target, "unix:mode", LinkOption.NOFOLLOW_LINKS)).intValue();
            switch (mode & 0170000) {
                case 0010000:
                    return "a FIFO (named pipe)";
                case 0020000:
                    return "a character device";
                case 0060000:
                    return "a block device";
                case 0140000:
                    return "a socket";
                default:
                    return "a special file";
            }
        } catch (IOException | RuntimeException e) {
            return "a special file";
        }
    }

    private static byte[] readAtMost(Path target, int limit) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(target,
                Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            return Channels.newInputStream(channel).readNBytes(limit);
        }
    }

    private static boolean isLoop(FileSystemException e) {
        String reason = e.getReason();
        return reason != null && reason.contains("symbolic links");
    }

    private static Read invalid(Path file, Path target, String problem) {
        String where = target.equals(file) || target.equals(file.toAbsolutePath()) ? file.toString()
                : file + " (-> " + target + ")";
        return new Invalid(where + " " + problem);
    }
}
