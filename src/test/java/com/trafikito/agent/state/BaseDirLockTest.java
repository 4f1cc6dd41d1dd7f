package com.trafikito.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.trafikito.agent.host.ProcessUser;
import com.trafikito.agent.testing.Modes;

class BaseDirLockTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final long NOBODY = 65534;

    @TempDir
    Path base;

    private final List<Process> holders = new ArrayList<>();

    @AfterEach
    void stopHolders() {
        holders.forEach(Process::destroyForcibly);
    }

    @Test
    void aSecondAgentInThisProcessIsRefusedAndTheFirstKeepsItsLock() throws Exception {
        Path var = base.resolve("var");
        try (BaseDirLock first = BaseDirLock.acquire(var)) {
            assertThatThrownBy(() -> BaseDirLock.acquire(var)).isInstanceOf(BaseDirLock.LockHeld.class)
                    .hasMessageContaining("another agent runs on this base dir")
                    .hasMessageContaining("this very process, pid " + ProcessHandle.current().pid());
            assertThat(first.verify()).isEmpty();
            assertThat(ownLockShown(var)).isTrue();
        }
        assertThat(ownLockShown(var)).isFalse();
        try (BaseDirLock again = BaseDirLock.acquire(var)) {
            assertThat(again.target()).isEqualTo(var);
        }
    }

    @Test
    void anotherAgentIsNamedByThePidTheKernelReports() throws Exception {
        Path var = Files.createDirectories(base.resolve("var"));
        Process other = holdReadLock(var, false);
        assertThatThrownBy(() -> BaseDirLock.acquire(var)).isInstanceOf(BaseDirLock.LockHeld.class)
                .hasMessageContaining("is locked by pid " + other.pid() + " (user root, uid 0: " + PYTHON);
        assertThat(ownLockShown(var)).as("the refused attempt leaves no lock behind").isFalse();
        other.destroyForcibly().waitFor();
        try (BaseDirLock lock = BaseDirLock.acquire(var)) {
            assertThat(lock.unverified()).isEmpty();
        }
    }

    @Test
    void anotherUserWhoCanReadVarCannotHoldTheAgentOff() throws Exception {
        assumeTrue(Files.isExecutable(SETPRIV), "setpriv (util-linux) runs the holder as nobody");
        assumeTrue(ProcessUser.currentUid() == 0, "runs as root, like the agent of a takeover");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path var = Files.createDirectories(base.resolve("var"));
        Files.setPosixFilePermissions(var, PosixFilePermissions.fromString("rwxr-xr-x")); // a shell agent's var/
        Process stranger = holdReadLock(var, true);
        assertThat(ProcLocks.uidOf(stranger.pid())).hasValue(NOBODY);
        try (BaseDirLock lock = BaseDirLock.acquire(var)) {
            assertThat(ownLockShown(var)).isTrue();
        }
    }

    @Test
    void theLockWritesNothingSoAReadOnlyFullOrUntrustedVarStillHoldsIt() throws Exception {
        Path var = Files.createDirectories(base.resolve("var"));
        Modes.chmod(var, "1777"); // untrusted: the agent writes no file in it, the lock included
        try (BaseDirLock lock = BaseDirLock.acquire(var)) {
            assertThatThrownBy(() -> BaseDirLock.acquire(var)).isInstanceOf(BaseDirLock.LockHeld.class);
            assertThat(lock.verify()).isEmpty();
        }
        try (var files = Files.list(var)) { // listed once released: listing var/ drops a lock on it (see verify)
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aLockTheKernelDroppedIsTakenAgainAtTheNextVerify() throws Exception {
        Path var = Files.createDirectories(base.resolve("var"));
        try (BaseDirLock lock = BaseDirLock.acquire(var)) {
            try (var listing = Files.newDirectoryStream(var)) {
                listing.forEach(path -> { });
            } // closing any descriptor of var/ drops this process's POSIX locks on it
            assertThat(ownLockShown(var)).as("POSIX: the close dropped it").isFalse();
            assertThat(lock.verify()).isEmpty();
            assertThat(ownLockShown(var)).isTrue();
        }
    }

    @Test
    void theKernelsTableIsParsedWithoutWaiters() {
        List<ProcLocks.Entry> entries = ProcLocks.parse("""
                1: POSIX  ADVISORY  READ 12302 fe:00:2148573 0 EOF
                1: -> POSIX  ADVISORY  WRITE 12400 fe:00:2148573 0 EOF
                2: FLOCK  ADVISORY  WRITE 12302 fe:00:2154510 0 EOF
                3: OFDLCK ADVISORY  READ -1 00:05:77 0 EOF
                garbage
                """);
        assertThat(entries).containsExactly(
                new ProcLocks.Entry("POSIX", "READ", 12302, "fe:00:2148573"),
                new ProcLocks.Entry("FLOCK", "WRITE", 12302, "fe:00:2154510"),
                new ProcLocks.Entry("OFDLCK", "READ", -1, "00:05:77"));
        assertThat(ProcLocks.inode(entries.get(0))).hasValue(2148573);
    }

    /** A process that opens {@code dir} read-only and holds a POSIX read lock on it until it is killed. */
    private Process holdReadLock(Path dir, boolean asNobody) throws IOException {
        assumeTrue(Files.isExecutable(PYTHON), "python3 takes the lock from another process");
        List<String> command = new ArrayList<>();
        if (asNobody) {
            command.addAll(List.of(SETPRIV.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        command.addAll(List.of(PYTHON.toString(), "-c", "import fcntl, os, sys, time\n"
                + "fd = os.open(sys.argv[1], os.O_RDONLY)\n"
                + "fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)\n"
                + "print('locked', flush=True)\n"
                + "time.sleep(600)\n", dir.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        holders.add(process);
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertThat(line).as("the holder took its lock").isEqualTo("locked");
        return process;
    }

    private static boolean ownLockShown(Path dir) throws IOException {
        long inode = ((Number) Files.getAttribute(dir, "unix:ino")).longValue();
        long self = ProcessHandle.current().pid();
        return ProcLocks.read().stream().anyMatch(e -> e.pid() == self && ProcLocks.inode(e).orElse(-1) == inode);
    }
}
