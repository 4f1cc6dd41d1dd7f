package com.trafikito.agent.install;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.trafikito.agent.config.AgentConfig;

import io.quarkus.runtime.ImageMode;

/**
 * The agent that install copies into the base dir: the native executable that runs, or the {@code quarkus-app}
 * folder (the fast-jar layout of {@code ./mvnw package}) holding the jar that runs.
 */
@ApplicationScoped
public class Distribution {

    /** Where the distribution archive keeps its Java runtime, relative to the jar folder's parent ({@code lib/}). */
    public static final String RUNTIME_DIR = "runtime";

    /**
     * What to install.
     *
     * @param runtime the Java runtime shipped beside a jar folder (the archive's {@code lib/runtime}, made with
     *                jlink), which install copies and the launcher uses; empty for a native executable, or for a
     *                bare {@code target/quarkus-app}, whose launcher then pins the Java that runs install
     */
    public record Source(boolean nativeExecutable, Path path, Optional<Path> runtime) {
        public String describe() {
            return (nativeExecutable ? "native executable " : "jar folder ") + path
                    + runtime.map(r -> " with the Java runtime " + r).orElse("");
        }

        static Source jarFolder(Path path) {
            Path runtime = path.resolveSibling(RUNTIME_DIR);
            return new Source(false, path, Files.isExecutable(runtime.resolve("bin/java"))
                    ? Optional.of(runtime) : Optional.empty());
        }
    }

    private final Optional<String> configured;

    @Inject
    public Distribution(AgentConfig config) {
        this.configured = config.install().distribution();
    }

    public Source locate() throws InstallException {
        return locate(ImageMode.current(), ProcessHandle.current().info().command());
    }

    /**
     * @param mode    how this agent runs
     * @param command this process's executable, as the OS tells it: in a native image, the agent itself
     */
    Source locate(ImageMode mode, Optional<String> command) throws InstallException {
        if (configured.isPresent()) {
            Path path = Path.of(configured.get()).toAbsolutePath().normalize();
            if (Files.isRegularFile(path.resolve("quarkus-run.jar"))) {
                return Source.jarFolder(path);
            }
            if (Files.isRegularFile(path) && Files.isExecutable(path)) {
                return new Source(true, path, Optional.empty());
            }
            throw InstallException.usage("agent.install.distribution=" + path
                    + " is neither a quarkus-app folder (with quarkus-run.jar) nor an executable");
        }
        if (mode == ImageMode.NATIVE_RUN) {
            Path self = command.map(Path::of)
                    .orElseThrow(() -> InstallException.failed("cannot tell where this native agent's executable is"));
            return new Source(true, self, Optional.empty());
        }
        return jarFolder().map(Source::jarFolder).orElseThrow(() -> InstallException.usage(
                "this agent does not run from a packaged build, so there is nothing to install: build it with"
                        + " `./mvnw package` and run `java -jar target/quarkus-app/quarkus-run.jar install ...`"));
    }

    /**
     * The folder holding {@code quarkus-run.jar}: in the fast-jar layout the application's classes sit in
     * {@code quarkus-app/app/<name>.jar}, so it is a parent of this class's code source.
     */
    static Optional<Path> jarFolder() {
        try {
            CodeSource source = Distribution.class.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null && "file".equals(source.getLocation().getProtocol())) {
                Path path = Path.of(source.getLocation().toURI());
                for (int up = 0; up < 3 && path != null; up++, path = path.getParent()) {
                    if (Files.isRegularFile(path.resolve("quarkus-run.jar"))) {
                        return Optional.of(path.toAbsolutePath().normalize());
                    }
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the class path
        }
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.endsWith("quarkus-run.jar") && !classPath.contains(java.io.File.pathSeparator)) {
            Path jar = Path.of(classPath).toAbsolutePath().normalize();
            if (Files.isRegularFile(jar)) {
                return Optional.of(jar.getParent());
            }
        }
        return Optional.empty();
    }
}
