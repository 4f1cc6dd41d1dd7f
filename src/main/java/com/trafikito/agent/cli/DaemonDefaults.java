package com.trafikito.agent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Defaults that hold for the daemon ({@code agent run}) alone: the log file in {@code var/}. A config source
 * rather than system properties, so that the owner's {@code etc/agent.properties} (ordinal 260), env vars
 * (300) and {@code -D} (400) still override it: its ordinal 255 is just above {@code application.properties}.
 * {@link AgentMain} marks the process as the daemon before Quarkus reads any configuration.
 * <p>
 * Only where {@code <base-dir>/var} exists: the log manager creates missing folders, and an agent started on
 * a machine without an installation must not leave {@code /opt/trafikito} behind.
 */
public class DaemonDefaults implements ConfigSourceFactory {

    /** Set by {@link AgentMain} for {@code agent run} without {@code --once}. */
    static final String DAEMON_MARKER = "trafikito.agent.daemon";

    static final int ORDINAL = 255;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!Boolean.getBoolean(DAEMON_MARKER)) {
            return List.of();
        }
        ConfigValue baseDir = context.getValue("agent.base-dir");
        Path var = Path.of(baseDir != null && baseDir.getValue() != null ? baseDir.getValue() : "/opt/trafikito")
                .resolve("var");
        if (!Files.isDirectory(var)) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of("quarkus.log.file.enabled", "true"),
                "trafikito-agent daemon defaults", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
