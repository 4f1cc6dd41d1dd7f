package com.trafikito.agent.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.config.ConfigSourceFactory;

/**
 * Replays on the JVM what a native image does only with {@link NativeManifest}'s registrations, and checks
 * from the agent's bytecode that nothing reached by reflection, as a resource or through a service loader is
 * missing from it (or listed there without use).
 */
class NativeManifestTest {

    private static final Path CLASSES = classesRoot();

    @Test
    void everyTypeJacksonBindsIsRegisteredAndNothingElse() {
        ManifestUses uses = ManifestUses.of(AgentBytecode.fromDirectory(CLASSES), getClass().getClassLoader());

        assertThat(uses.problems).isEmpty();
        assertThat(uses.jsonTypes).as("types the agent binds with Jackson")
                .containsExactlyInAnyOrderElementsOf(NativeManifest.jsonTypes().stream().map(Class::getName).toList());
    }

    @Test
    void everyResourceReadIsListedAndNativeImageIncludesExactlyThose() throws IOException {
        ManifestUses uses = ManifestUses.of(AgentBytecode.fromDirectory(CLASSES), getClass().getClassLoader());

        assertThat(uses.resources).as("resources the agent reads").containsExactlyInAnyOrderElementsOf(NativeManifest.RESOURCES);
        Properties application = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            application.load(in);
        }
        assertThat(application.getProperty("quarkus.native.resources.includes"))
                .isEqualTo(String.join(",", NativeManifest.RESOURCES));
    }

    @Test
    void eachResourceIsOnTheClassPath() throws IOException {
        for (String resource : NativeManifest.RESOURCES) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
                assertThat(in).as(resource).isNotNull();
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as(resource).isNotBlank();
            }
        }
    }

    @Test
    void eachJsonTypeSurvivesARoundTripThroughJackson() throws IOException, ReflectiveOperationException {
        ObjectMapper json = new ObjectMapper();
        for (Class<?> type : NativeManifest.jsonTypes()) {
            assertThat(type.isRecord()).as(type + " is a record").isTrue();
            Object sample = sample(type);

            Object back = json.readValue(json.writeValueAsBytes(sample), type);

            assertThat(back).as(type.getName()).isEqualTo(sample);
        }
    }

    @Test
    void theServiceFileListsExactlyTheConfigSourceFactoriesAndEachLoads() throws IOException {
        String service = "META-INF/services/" + ConfigSourceFactory.class.getName();
        URL ours = CLASSES.resolve(service).toUri().toURL();
        assertThat(Collections.list(getClass().getClassLoader().getResources(service))).contains(ours);
        List<String> listed;
        try (InputStream in = ours.openStream()) {
            listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(
                NativeManifest.CONFIG_SOURCE_FACTORIES.stream().map(Class::getName).toList());

        List<String> loaded = ServiceLoader.load(ConfigSourceFactory.class).stream()
                .map(provider -> provider.get().getClass().getName()).toList();
        assertThat(loaded).containsAll(listed);
    }

    /** A record whose every component has a value other than its default. */
    private static Object sample(Class<?> type) throws ReflectiveOperationException {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = types[i] == String.class ? "value " + i
                    : types[i] == long.class ? 1000L + i
                    : types[i] == int.class ? 10 + i
                    : types[i] == boolean.class ? Boolean.TRUE : null;
            assertThat(values[i]).as(type.getName() + "." + components[i].getName() + " of a type this test knows").isNotNull();
        }
        return type.getDeclaredConstructor(types).newInstance(values);
    }

    private static Path classesRoot() {
        try {
            return Path.of(NativeManifest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
