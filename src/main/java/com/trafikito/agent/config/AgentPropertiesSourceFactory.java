package com.trafikito.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Adds the owner's {@code <base-dir>/etc/agent.properties} as a config source. Its place depends on
 * {@code agent.base-dir}, itself configuration, which is why this is a factory and not a fixed location.
 * Ordinal 260: above application.properties (250), below env vars (300) and system properties (400).
 */
public class AgentPropertiesSourceFactory implements ConfigSourceFactory {

    static final int ORDINAL = 260;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue baseDir = context.getValue("agent.base-dir");
        Path file = Path.of(baseDir != null && baseDir.getValue() != null ? baseDir.getValue() : "/opt/trafikito")
                .resolve("etc/agent.properties");
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            URL url = file.toUri().toURL();
            try (InputStream ignored = url.openStream()) {
                // Fail here, naming the file, rather than deep inside the config machinery.
            }
            return List.of(new PropertiesConfigSource(url, ORDINAL));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + IoReason.of(e), e);
        }
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
