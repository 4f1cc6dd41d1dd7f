package com.trafikito.agent.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;

import org.eclipse.microprofile.config.spi.ConfigSource;

import com.trafikito.agent.files.BoundedFile;

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
        // Read like every file of an installation: a regular file (symlinks followed, for a ConfigMap), bounded.
        // Anything else stops the agent naming the file, rather than run it without the owner's settings.
        BoundedFile.Read read = BoundedFile.read(file, BoundedFile.DEFAULT_MAX_BYTES, BoundedFile.Links.FOLLOW);
        if (read instanceof BoundedFile.Missing) {
            return List.of();
        }
        if (read instanceof BoundedFile.Invalid invalid) {
            throw new IllegalStateException("cannot use " + file + ": " + invalid.reason());
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(new String(((BoundedFile.Content) read).bytes(), StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return List.of(new PropertiesConfigSource(values, "PropertiesConfigSource[source=" + file.toUri() + "]", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
