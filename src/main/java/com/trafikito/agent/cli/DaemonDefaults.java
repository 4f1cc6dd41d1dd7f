package com.trafikito.agent.cli;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Defaults that hold for the daemon ({@code agent run}) alone: the log file in {@code var/}. A config source
 * rather than system properties, so that the owner's {@code etc/agent.properties} (ordinal 260), env vars
 * (300) and {@code -D} (400) still override it: its ordinal 255 is just above {@code application.properties}.
 * {@link AgentMain} marks the process as the daemon before Quarkus reads any configuration.
 */
public class DaemonDefaults implements ConfigSource {

    /** Set by {@link AgentMain} for {@code agent run} without {@code --once}. */
    static final String DAEMON_MARKER = "trafikito.agent.daemon";

    static final int ORDINAL = 255;

    private static final Map<String, String> VALUES = Map.of("quarkus.log.file.enabled", "true");

    @Override
    public Set<String> getPropertyNames() {
        return isDaemon() ? VALUES.keySet() : Set.of();
    }

    @Override
    public String getValue(String propertyName) {
        return isDaemon() ? VALUES.get(propertyName) : null;
    }

    @Override
    public String getName() {
        return "trafikito-agent daemon defaults";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    private static boolean isDaemon() {
        return Boolean.getBoolean(DAEMON_MARKER);
    }
}
