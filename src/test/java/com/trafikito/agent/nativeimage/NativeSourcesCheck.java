package com.trafikito.agent.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodNode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

/**
 * Checks what Quarkus' native build steps produced, for a machine without GraalVM or Mandrel: run after
 * {@code ./mvnw package -Dnative -Dquarkus.native.sources-only=true}, which writes {@code target/native-sources}
 * (the arguments for native-image, the runner jar with the generated registrations, its libraries). Not named
 * like a test so that only a run that asks for it ({@code -Dit.test=NativeSourcesCheck}, as .ci/run does) runs
 * it, after that build.
 */
class NativeSourcesCheck {

    private static final Path SOURCES = Path.of("target/native-sources");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path runnerJar;
    private static String args;
    private static Map<String, JsonNode> reflection;
    private static JsonNode resources;

    @BeforeAll
    static void readTheNativeSources() throws IOException {
        assertThat(SOURCES.resolve("native-image.args"))
                .as("the native sources: build them first with ./mvnw package -Dnative -Dquarkus.native.sources-only=true")
                .isRegularFile();
        args = Files.readString(SOURCES.resolve("native-image.args"), StandardCharsets.UTF_8).strip();
        runnerJar = SOURCES.resolve(args.substring(args.lastIndexOf(' ') + 1));
        reflection = new HashMap<>();
        for (JsonNode entry : JSON.readTree(entry(runnerJar, "META-INF/native-image/reflect-config.json"))) {
            reflection.put(entry.get("name").asText(), entry);
        }
        resources = JSON.readTree(entry(runnerJar, "META-INF/native-image/resource-config.json"));
    }

    @Test
    void theBuildCanBeFinishedWithNativeImageAlone() throws IOException {
        assertThat(Files.readString(SOURCES.resolve("graalvm.version")).strip()).as("graalvm.version").matches("\\d+(\\.\\d+)*");
        assertThat(args).as("native-image.args").endsWith(" -jar " + runnerJar.getFileName())
                .contains("--no-fallback"); // a missing registration must fail the build, not fall back to a JVM
        // README's recipe is `native-image $(cat native-image.args)`: the shell must split it into exactly the
        // arguments Quarkus wrote, so no line breaks, quotes or glob characters.
        assertThat(args).as("native-image.args as one line of plain words").doesNotContain("\n", "'", "\"", "*", "?", "[");
        assertThat(runnerJar).isRegularFile();
        assertThat(SOURCES.resolve("lib")).isDirectoryContaining(path -> path.toString().endsWith(".jar"));
    }

    @Test
    void theJsonTypesAreRegisteredWithTheirConstructorsAccessorsAndFields() {
        for (Class<?> type : NativeManifest.jsonTypes()) {
            assertRegistered(type, "allDeclaredConstructors", "allDeclaredMethods", "allDeclaredFields");
        }
    }

    @Test
    void everyPicocliCommandAndOptionHolderIsRegistered() {
        Set<Class<?>> holders = new HashSet<>();
        for (ClassNode node : AgentBytecode.fromDirectory(Path.of("target/classes")).classes()) {
            Class<?> type = load(node.name.replace('/', '.'));
            if (type.isAnnotationPresent(CommandLine.Command.class)) {
                holders.add(type);
            }
            for (Field field : type.getDeclaredFields()) {
                if (field.isAnnotationPresent(CommandLine.Option.class) || field.isAnnotationPresent(CommandLine.Parameters.class)
                        || field.isAnnotationPresent(CommandLine.Mixin.class) || field.isAnnotationPresent(CommandLine.ArgGroup.class)
                        || field.isAnnotationPresent(CommandLine.Spec.class) || field.isAnnotationPresent(CommandLine.ParentCommand.class)) {
                    holders.add(type);
                }
            }
        }
        assertThat(holders).as("the agent's picocli commands").hasSizeGreaterThanOrEqualTo(6);
        for (Class<?> holder : holders) {
            assertRegistered(holder, "allDeclaredConstructors", "allDeclaredMethods", "allDeclaredFields");
        }
    }

    @Test
    void theConfigSourceFactoriesAreBuiltByGeneratedCodeAndRegistered() throws IOException {
        String generated = generatedConfigCode();
        for (Class<?> factory : NativeManifest.CONFIG_SOURCE_FACTORIES) {
            assertRegistered(factory, "allDeclaredConstructors");
            assertThat(generated).as(factory.getName() + " in Quarkus' generated config code").contains(factory.getName());
        }
    }

    @Test
    void theResourcesAreIncludedAndInTheRunnerJar() throws IOException {
        List<Pattern> includes = patterns(resources.path("resources").path("includes"));
        List<Pattern> excludes = patterns(resources.path("resources").path("excludes"));
        for (String resource : NativeManifest.RESOURCES) {
            assertThat(includes).as(resource + " included").anyMatch(p -> p.matcher(resource).matches());
            assertThat(excludes).as(resource + " excluded").noneMatch(p -> p.matcher(resource).matches());
            assertThat(entry(runnerJar, resource)).as(resource + " in " + runnerJar).isNotEmpty();
        }
    }

    @Test
    void noClassOfTheAgentReadsTheBuildHostWhenInitialisedAtBuildTime() throws IOException {
        Set<String> runTime = runTimeInitialized();

        List<String> found = BuildTimeInit.hostReadingInitializers(AgentBytecode.fromJar(runnerJar), runTime);

        assertThat(found).as("static initialisers run at build time by the native build (initialised at run time: "
                + runTime + "); make them lazy, or move the value into an instance").isEmpty();
    }

    private static void assertRegistered(Class<?> type, String... flags) {
        JsonNode entry = reflection.get(type.getName());
        assertThat(entry).as(type.getName() + " in reflect-config.json").isNotNull();
        for (String flag : flags) {
            assertThat(entry.path(flag).asBoolean()).as(type.getName() + " " + flag).isTrue();
        }
    }

    /**
     * The classes the build initialises at run time: Quarkus' generated Feature names them
     * ({@code Class.forName} constants), and {@code --initialize-at-run-time} may add more.
     */
    private static Set<String> runTimeInitialized() throws IOException {
        Set<String> names = new TreeSet<>();
        ClassNode feature = new ClassNode();
        new ClassReader(entry(runnerJar, "io/quarkus/runner/Feature.class")).accept(feature, 0);
        for (MethodNode method : feature.methods) {
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof String name && name.startsWith("com.trafikito.")) {
                    names.add(name);
                }
            }
        }
        for (String arg : args.split(" ")) {
            if (arg.startsWith("--initialize-at-run-time=")) {
                names.addAll(Arrays.asList(arg.substring(arg.indexOf('=') + 1).split(",")));
            }
        }
        return names;
    }

    private static String generatedConfigCode() throws IOException {
        StringBuilder text = new StringBuilder();
        try (ZipFile zip = new ZipFile(runnerJar.toFile())) {
            for (ZipEntry entry : zip.stream().filter(e -> e.getName().startsWith("io/quarkus/runtime/generated/")).toList()) {
                try (InputStream in = zip.getInputStream(entry)) {
                    text.append(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).replace('/', '.'));
                }
            }
        }
        return text.toString();
    }

    private static List<Pattern> patterns(JsonNode list) {
        return java.util.stream.StreamSupport.stream(list.spliterator(), false)
                .map(node -> Pattern.compile(node.path("pattern").asText())).toList();
    }

    private static byte[] entry(Path jar, String name) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(name);
            assertThat(entry).as(name + " in " + jar).isNotNull();
            try (InputStream in = zip.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, NativeSourcesCheck.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
