package com.trafikito.agent.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One agent per base dir: an OS lock on {@code var/lock}. The kernel drops it when the process dies, even by
 * {@code kill -9}, so a stale lock never blocks a restart. The file holds the holder's pid for the message.
 */
public final class BaseDirLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private BaseDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws LockHeld when another process holds the lock; IOException when the file cannot be opened */
    public static BaseDirLock acquire(Path lockFile) throws IOException, LockHeld {
        AtomicFiles.ensureFolder(lockFile.getParent());
        // No TRUNCATE on open: the holder's pid must survive a refused attempt.
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // Held by this very JVM (an embedded run): just as busy as when another process holds it.
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = readHolder(channel);
            channel.close();
            throw new LockHeld(lockFile, holder);
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        return new BaseDirLock(channel, lock);
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** Another agent runs on this base dir. */
    public static final class LockHeld extends Exception {
        public LockHeld(Path lockFile, String holderPid) {
            super("another agent runs on this base dir (" + lockFile + " is locked"
                    + (holderPid.isEmpty() ? "" : " by pid " + holderPid) + ")");
        }
    }
}
