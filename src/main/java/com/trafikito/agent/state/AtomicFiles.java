package com.trafikito.agent.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see the old content or the new, never half of it: a temp file in the
 * same folder, fsync, then rename. A full disk fails the write and leaves the old file as it was.
 */
public final class AtomicFiles {

    /** Secrets and state: readable by the agent's user only. */
    public static final String OWNER_ONLY = "rw-------";
    /** The whitelist and the owner's settings: readable by all, writable by the owner. */
    public static final String OWNER_WRITABLE = "rw-r--r--";


    private AtomicFiles() {
    }

    /**
     * Creates the file's folder when its parent exists ({@code var/} of an installation), but never a whole
     * tree: an agent run on a machine without an installation must not leave {@code /opt/trafikito} behind.
     */
    public static void ensureFolder(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new NoSuchFileException(dir.toString(), null, "its folder does not exist");
        }
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    public static void write(Path target, String text, String permissions) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8), permissions);
    }

    public static void write(Path target, byte[] content, String permissions) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        ensureFolder(dir);
        Path temp = null;
        try {
            // Created and written through one descriptor (O_CREAT|O_EXCL|O_NOFOLLOW, a random name): nothing
            // planted in the folder is ever opened. The rename then replaces whatever is at the target's name,
            // a link included, and never writes through it.
            FileChannel channel = null;
            for (int attempt = 0; channel == null; attempt++) {
                temp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
                try {
                    channel = FileChannel.open(temp, Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(
                                    PosixFilePermissions.fromString(permissions)));
                } catch (FileAlreadyExistsException e) {
                    temp = null;
                    if (attempt >= 10) {
                        throw e;
                    }
                }
            }
            try (FileChannel open = channel) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    open.write(buffer);
                }
                open.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
