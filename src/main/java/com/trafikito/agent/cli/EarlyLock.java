package com.trafikito.agent.cli;

import java.io.IOException;
import java.nio.file.Path;

import com.trafikito.agent.config.AgentPaths;
import com.trafikito.agent.state.BaseDirLock;

/**
 * The daemon's base dir lock, taken before Quarkus boots: a second {@code agent run} on the same base dir is
 * refused (exit 2, the lock's message) before it touches the health port or writes a log line of its own.
 * {@code agent.base-dir} is read where it can be set before boot: {@code -D} or {@code AGENT_BASE_DIR}
 * ({@code etc/agent.properties} lives inside the base dir, so it cannot name it).
 */
final class EarlyLock {

    private static BaseDirLock held;
    private static Path heldDir;

    private EarlyLock() {
    }

    /**
     * @throws BaseDirLock.LockHeld when another agent holds it; a {@code var/} that cannot be created or opened
     *                              is left to {@link RunCommand}, which runs without the lock and says so
     */
    static synchronized void acquire() throws BaseDirLock.LockHeld {
        heldDir = new AgentPaths(baseDir()).varDir();
        try {
            held = BaseDirLock.acquire(heldDir);
        } catch (IOException e) {
            held = null;
        }
    }

    /**
     * The lock taken before boot, handed over once when it is the lock of {@code varDir} (the base dir of
     * the booted configuration); null when none was taken or it was another folder's, which is then released.
     */
    static synchronized BaseDirLock take(Path varDir) {
        BaseDirLock lock = held;
        held = null;
        if (lock != null && !varDir.equals(heldDir)) {
            try {
                lock.close();
            } catch (IOException e) {
                // released with the process at the latest
            }
            return null;
        }
        return lock;
    }

    static Path baseDir() {
        String property = System.getProperty("agent.base-dir");
        String env = System.getenv("AGENT_BASE_DIR");
        return Path.of(property != null ? property : env != null && !env.isBlank() ? env : "/opt/trafikito");
    }
}
