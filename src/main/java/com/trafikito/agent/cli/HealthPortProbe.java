package com.trafikito.agent.cli;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

import com.trafikito.agent.files.BoundedFile;

/**
 * Whether the daemon serves health and metrics, and whether their port is free, asked before Quarkus boots: Quarkus ends the whole application when its
 * HTTP server cannot bind, and a taken port must not stop monitoring. The port and host are read where they
 * can be set: {@code -D}, the environment, {@code <base-dir>/etc/agent.properties}, else the defaults of
 * {@code application.properties}.
 */
final class HealthPortProbe {

    static final int DEFAULT_PORT = 9730;
    private static final Set<String> TRUE = Set.of("true", "1", "yes", "y", "on");
    static final String DEFAULT_HOST = "127.0.0.1";

    private HealthPortProbe() {
    }

    /** {@code agent.http.enabled}: whether the daemon serves health and metrics at all (on by default). */
    static boolean served(Properties owner) {
        String value = setting("agent.http.enabled", "AGENT_HTTP_ENABLED", owner, "true");
        return TRUE.contains(value.strip().toLowerCase(Locale.ROOT)); // as the config's boolean converter reads it
    }

    /** {@code host:port} of the health server when something else holds it, else empty. */
    static Optional<String> taken(Properties owner) {
        String host = setting("quarkus.http.host", "QUARKUS_HTTP_HOST", owner, DEFAULT_HOST);
        int port;
        try {
            port = Integer.parseInt(setting("quarkus.http.port", "QUARKUS_HTTP_PORT", owner,
                    Integer.toString(DEFAULT_PORT)).strip());
        } catch (NumberFormatException e) {
            return Optional.empty(); // Quarkus reports a bad port itself
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as Vert.x binds: a port in TIME_WAIT is free
            socket.bind(new InetSocketAddress(host, port));
            return Optional.empty();
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            return Optional.of(host + ":" + port);
        }
    }

    private static String setting(String key, String env, Properties owner, String fallback) {
        String value = System.getProperty(key);
        if (value == null) {
            value = System.getenv(env);
        }
        if (value == null) {
            value = owner.getProperty(key);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * {@code etc/agent.properties} as far as the probe needs it, read like every file of an installation
     * (a bounded regular file: a FIFO or a link to a device must not hold the daemon before it boots). A file
     * that cannot be used gives no settings here; the config source reports it, naming the file, at boot.
     */
    static Properties ownerSettings(Path baseDir) {
        Properties properties = new Properties();
        BoundedFile.Read read = BoundedFile.read(baseDir.resolve("etc/agent.properties"), BoundedFile.DEFAULT_MAX_BYTES,
                BoundedFile.Links.FOLLOW);
        if (read instanceof BoundedFile.Content content) {
            try {
                properties.load(new StringReader(new String(content.bytes(), StandardCharsets.UTF_8)));
            } catch (IOException | IllegalArgumentException e) {
                // the config source reports it when the agent loads its configuration
            }
        }
        return properties;
    }
}
