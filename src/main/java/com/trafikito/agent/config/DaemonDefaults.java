package com.trafikito.agent.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import com.trafikito.agent.host.ProcessUser;
import com.trafikito.agent.logs.LogFileSafety;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Defaults that hold for the daemon ({@code agent run}) alone: the log file in {@code var/}. A config source
 * rather than system properties, so that the owner's {@code etc/agent.properties} (ordinal 260), env vars
 * (300) and {@code -D} (400) still override it: its ordinal 255 is just above {@code application.properties}.
 * {@code cli.AgentMain} marks the process as the daemon before Quarkus reads any configuration.
 * <p>
 * Only where {@code <base-dir>/var} exists: the log manager creates missing folders, and an agent started on
 * a machine without an installation must not leave {@code /opt/trafikito} behind.
 */
public class DaemonDefaults implements ConfigSourceFactory {

    /** Set by {@code cli.AgentMain} for {@code agent run} without {@code --once}. */
    public static final String DAEMON_MARKER = "trafikito.agent.daemon";

    static final int ORDINAL = 255;

    /** Above every source an owner can set: a log file that is not safe to write is never written. */
    static final int SAFETY_ORDINAL = 1000;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean daemon = Boolean.getBoolean(DAEMON_MARKER);
        ConfigValue enabled = context.getValue("quarkus.log.file.enabled");
        boolean asked = enabled != null && "true".equalsIgnoreCase(String.valueOf(enabled.getValue()));
        boolean declined = enabled != null && "false".equalsIgnoreCase(String.valueOf(enabled.getValue()))
                && enabled.getConfigSourceOrdinal() > ORDINAL;
        if (!(daemon || asked) || declined) {
            return List.of();
        }
        ConfigValue baseDir = context.getValue("agent.base-dir");
        Path var = Path.of(baseDir != null && baseDir.getValue() != null ? baseDir.getValue() : "/opt/trafikito")
                .resolve("var");
        if (!asked && !Files.isDirectory(var)) {
            return List.of();
        }
        // Checked before the log manager opens the file (it follows links and creates what is missing).
        Optional<String> problem;
        try {
            problem = LogFileSafety.problem(logFile(context, var), backups(context), ProcessUser.currentUid());
        } catch (IllegalStateException e) {
            problem = Optional.of(e.getMessage());
        }
        if (problem.isPresent()) {
            LogFileSafety.refuseAtStart(problem.get());
            return List.of(new PropertiesConfigSource(Map.of("quarkus.log.file.enabled", "false"),
                    "trafikito-agent: the log file is not safe to write", SAFETY_ORDINAL));
        }
        return List.of(new PropertiesConfigSource(Map.of("quarkus.log.file.enabled", "true"),
                "trafikito-agent daemon defaults", ORDINAL));
    }

    /** The configured path, or the default one in {@code var/} while the value is still an expression. */
    private static Path logFile(ConfigSourceContext context, Path var) {
        ConfigValue path = context.getValue("quarkus.log.file.path");
        String value = path == null ? null : path.getValue();
        return value == null || value.contains("${") ? var.resolve("agent.log") : Path.of(value);
    }

    private static int backups(ConfigSourceContext context) {
        ConfigValue value = context.getValue("quarkus.log.file.rotation.max-backup-index");
        try {
            return value == null || value.getValue() == null ? 4 : Integer.parseInt(value.getValue().strip());
        } catch (NumberFormatException e) {
            return 4;
        }
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
