package com.trafikito.agent.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import com.trafikito.agent.commands.LaunchMechanism;
import com.trafikito.agent.cycle.CycleOutcome;
import com.trafikito.agent.health.HealthPortFallback;
import com.trafikito.agent.state.BaseDirLock;

import io.quarkus.picocli.runtime.PicocliRunner;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import com.trafikito.agent.config.DaemonDefaults;

/**
 * Boots Quarkus for every command, but keeps the HTTP server (health, metrics) for the daemon alone, and for
 * the daemon unless {@code agent.http.enabled} is false: {@code agent run --once}, {@code check} or
 * {@code --version} must work beside a running daemon without fighting for its port. The daemon takes the base dir lock before booting ({@link EarlyLock}).
 */
@QuarkusMain
public final class AgentMain {

    private static final String HTTP_ENABLED = "quarkus.http.host-enabled";

    private AgentMain() {
    }

    public static void main(String... args) {
        LaunchMechanism.prefer(); // before anything starts a process
        boolean daemon = isDaemon(args);
        if (daemon) {
            try {
                EarlyLock.acquire();
            } catch (BaseDirLock.LockHeld e) {
                System.err.println("agent run: " + e.getMessage());
                System.exit(CycleOutcome.UNUSABLE.exitCode());
                return;
            }
            System.setProperty(DaemonDefaults.DAEMON_MARKER, "true"); // the log file in var/: DaemonDefaults
        }
        boolean portProbed = false;
        boolean httpOffHere = false;
        if (System.getProperty(HTTP_ENABLED) == null) {
            if (daemon) {
                Properties owner = HealthPortProbe.ownerSettings(EarlyLock.baseDir());
                boolean served = HealthPortProbe.served(owner);
                // Empty: the daemon's port is free, or not wanted (agent.http.enabled). Else cycles run without
                // the HTTP server, and HealthPortFallback says so and binds the port when it can.
                Optional<String> taken = served ? HealthPortProbe.taken(owner) : Optional.empty();
                System.setProperty(HealthPortFallback.TAKEN_MARKER, taken.orElse(""));
                httpOffHere = !served || taken.isPresent();
                portProbed = true;
            } else {
                httpOffHere = true;
            }
        }
        if (httpOffHere) {
            System.setProperty(HTTP_ENABLED, "false");
        }
        try {
            Quarkus.run(PicocliRunner.class, args);
        } finally {
            // Only reached where Quarkus returns instead of exiting (tests): leave the JVM as it was.
            if (httpOffHere) {
                System.clearProperty(HTTP_ENABLED);
            }
            if (daemon) {
                System.clearProperty(DaemonDefaults.DAEMON_MARKER);
            }
            if (portProbed) {
                System.clearProperty(HealthPortFallback.TAKEN_MARKER);
            }
        }
    }

    /** {@code agent run} without {@code --once}, {@code --dry-run} or help. */
    static boolean isDaemon(String... args) {
        List<String> list = Arrays.asList(args);
        return !list.isEmpty() && "run".equals(list.get(0)) && list.stream().noneMatch(
                arg -> arg.equals("--once") || arg.equals("--dry-run") || arg.equals("-h") || arg.equals("--help"));
    }
}
