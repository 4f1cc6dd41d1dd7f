package com.trafikito.agent.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.jboss.logging.Logger;

import com.trafikito.agent.host.ProcessUser;

/**
 * One agent per base dir, held by a lock on the {@code var/} folder itself rather than on a file in it:
 * <ul>
 * <li>it writes nothing, so it holds with {@code var/} read-only, full, or one the agent does not trust (where it
 * writes no file at all), and nothing can fail once it is taken;</li>
 * <li>a read lock on a folder needs nothing but a descriptor opened for reading, and nobody can take a write lock
 * on a folder; so every agent takes the read lock and then asks the kernel ({@code /proc/locks}) who else holds
 * one: any other holder that is root, the agent's user or the owner of {@code var/} is another agent, and the
 * newcomer gives way. A lock of any other user (anyone who can read {@code var/} can take one) is ignored, so
 * that no other user can hold the agent off;</li>
 * <li>the holder named in the refusal is the one the kernel reports, not a pid read from a file.</li>
 * </ul>
 * Two agents started in the very same instant may both give way (each sees the other); they never both run.
 * The kernel drops the lock when the process dies, even by {@code kill -9}. POSIX also drops it when this process
 * closes <em>any</em> descriptor of {@code var/} (a directory listing of it), so each cycle calls
 * {@link #verifyCurrent()}, which takes it again when it was dropped.
 */
public final class BaseDirLock implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BaseDirLock.class);

    /** Folders locked by this process: a second lock here would be granted by the kernel, so it is refused here. */
    private static final Set<Object> HELD_HERE = new HashSet<>();
    private static volatile BaseDirLock current;

    private final Path dir;
    private final Object key;
    private final long uid;
    private final FileChannel channel;
    private volatile FileLock lock;
    private volatile String unverified;

    private BaseDirLock(Path dir, Object key, long uid, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.key = key;
        this.uid = uid;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of the base dir whose {@code var/} is {@code varDir} (created when missing and its parent
     * exists). Call once, before anything of the daemon starts (the health port included); {@link #close()} at
     * the end.
     *
     * @throws LockHeld    when another agent holds it; its message names the holder as the kernel reports it
     * @throws IOException when {@code var/} cannot be created or opened: the agent then runs without the lock
     */
    public static BaseDirLock acquire(Path varDir) throws IOException, LockHeld {
        return acquire(varDir, ProcessUser.currentUid());
    }

    static BaseDirLock acquire(Path varDir, long uid) throws IOException, LockHeld {
        AtomicFiles.ensureFolder(varDir);
        Path dir = varDir.toAbsolutePath();
        Object key = Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
        synchronized (HELD_HERE) {
            if (!HELD_HERE.add(key)) {
                // Never open (and so close) a second descriptor of var/: closing it would drop the first lock.
                throw new LockHeld(dir, "this very process, pid " + ProcessHandle.current().pid());
            }
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir, StandardOpenOption.READ);
            BaseDirLock taken = new BaseDirLock(dir, key, uid, channel, null);
            taken.take();
            current = taken;
            return taken;
        } catch (IOException | LockHeld | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            synchronized (HELD_HERE) {
                HELD_HERE.remove(key);
            }
            throw e;
        }
    }

    /** Takes the read lock, then gives way to any other agent the kernel shows holding one. */
    private void take() throws IOException, LockHeld {
        FileLock taken;
        try {
            taken = channel.tryLock(0, Long.MAX_VALUE, true);
        } catch (OverlappingFileLockException e) {
            // Another class loader of this JVM holds it (tests embed the agent): as busy as another process.
            throw new LockHeld(dir, "this very process, pid " + ProcessHandle.current().pid());
        }
        if (taken == null) {
            throw new LockHeld(dir, "a process that holds a write lock on it");
        }
        lock = taken;
        Optional<Long> other;
        try {
            other = otherAgent();
        } catch (IOException e) {
            unverified = "cannot tell whether another agent holds " + dir + " (" + e.getMessage() + ")";
            LOG.warn(unverified + "; going on");
            return;
        }
        if (other.isPresent()) {
            taken.release();
            lock = null;
            throw new LockHeld(dir, ProcLocks.describe(other.get()));
        }
    }

    /** The first pid other than this process holding a lock on {@code dir} whose user counts (see the class). */
    private Optional<Long> otherAgent() throws IOException {
        long inode = ((Number) Files.getAttribute(dir, "unix:ino")).longValue();
        long owner = ((Number) Files.getAttribute(dir, "unix:uid")).longValue();
        long self = ProcessHandle.current().pid();
        List<ProcLocks.Entry> entries = ProcLocks.read();
        Optional<String> file = entries.stream().filter(e -> e.pid() == self && sameInode(e, inode))
                .map(ProcLocks.Entry::file).findFirst();
        if (file.isEmpty()) {
            throw new IOException("/proc/locks does not show this process's own lock");
        }
        for (ProcLocks.Entry entry : entries) {
            if (entry.pid() == self || !entry.file().equals(file.get())) {
                continue;
            }
            OptionalLong holder = ProcLocks.uidOf(entry.pid());
            if (holder.isPresent() && (holder.getAsLong() == 0 || holder.getAsLong() == uid
                    || holder.getAsLong() == owner)) {
                return Optional.of(entry.pid());
            }
            LOG.warnf("ignoring the lock that %s holds on %s: only root, the agent's user and the owner of the"
                    + " folder can hold the base dir", ProcLocks.describe(entry.pid()), dir);
        }
        return Optional.empty();
    }

    private static boolean sameInode(ProcLocks.Entry entry, long inode) {
        OptionalLong entryInode = ProcLocks.inode(entry);
        return entryInode.isPresent() && entryInode.getAsLong() == inode;
    }

    /** The folder the lock is on. */
    public Path target() {
        return dir;
    }

    /** Why the lock could not be checked against other holders, when it could not. */
    public Optional<String> unverified() {
        return Optional.ofNullable(unverified);
    }

    /**
     * Whether the kernel still shows this process's lock; takes it again when it was dropped (see the class).
     *
     * @return the problem, when the lock is not held as it should be
     */
    public synchronized Optional<String> verify() {
        if (lock == null) {
            return Optional.of("the base dir lock is not held");
        }
        try {
            long inode = ((Number) Files.getAttribute(dir, "unix:ino")).longValue();
            long self = ProcessHandle.current().pid();
            boolean shown = ProcLocks.read().stream().anyMatch(e -> e.pid() == self && sameInode(e, inode));
            if (shown) {
                return Optional.empty();
            }
            LOG.warnf("the kernel dropped this agent's lock on %s (a descriptor of it was closed); taking it again", dir);
            lock.release();
            take();
            return Optional.empty();
        } catch (LockHeld e) {
            String problem = "while this agent's lock was dropped, " + e.getMessage();
            LOG.error(problem);
            return Optional.of(problem);
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot verify the base dir lock: " + e.getMessage());
        }
    }

    /** {@link #verify()} of the lock this process holds, if any (called each cycle). */
    public static Optional<String> verifyCurrent() {
        BaseDirLock held = current;
        return held == null ? Optional.empty() : held.verify();
    }

    @Override
    public synchronized void close() throws IOException {
        if (current == this) {
            current = null;
        }
        try {
            if (lock != null) {
                lock.release();
                lock = null;
            }
        } finally {
            channel.close();
            synchronized (HELD_HERE) {
                HELD_HERE.remove(key);
            }
        }
    }

    /** Another agent runs on this base dir. */
    public static final class LockHeld extends Exception {
        public LockHeld(Path dir, String holder) {
            super("another agent runs on this base dir (" + dir + " is locked by " + holder + ")");
        }
    }
}
