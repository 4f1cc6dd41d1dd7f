package com.trafikito.agent.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged agent ({@code target/quarkus-app/quarkus-run.jar}) started as a real process, as an operator
 * starts it, with the JVM options of {@code docker/jvm.options}, against the fake API. Its stdout and stderr
 * go to files so that tests can read everything it wrote. For failsafe ITs (the jar exists after package).
 */
public final class AgentProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    public static final Path JVM_OPTIONS = Path.of("docker/jvm.options");

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final int healthPort;

    private AgentProcess(Process process, Path stdout, Path stderr, int healthPort) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.healthPort = healthPort;
    }

    /** A builder with the settings every launch needs: base dir, fake API, a 2 s interval, no splay, a free port. */
    public static Builder in(TestInstallation installation) {
        return new Builder(installation);
    }

    public static final class Builder {
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> wrapper = new ArrayList<>();
        private Path javaHome = Path.of(System.getProperty("java.home"));

        private Builder(TestInstallation installation) {
            env.put("AGENT_BASE_DIR", installation.baseDir().toString());
            env.put("AGENT_API_URL", System.getProperty("agent.api.url"));
            env.put("AGENT_CYCLE_INTERVAL", "2s");
            env.put("AGENT_CYCLE_SPLAY", "false");
            env.put("AGENT_HTTP_ENABLED", "true"); // as the container images: health and metrics served
        }

        /** Sets a variable of the agent's environment; null leaves it unset. */
        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Another Java runtime than the one running the tests. */
        public Builder javaHome(Path home) {
            javaHome = home;
            return this;
        }

        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        /** A program the JVM runs under, with its arguments (e.g. {@code strace -f -o FILE}). */
        public Builder under(String... programAndArgs) {
            wrapper.addAll(List.of(programAndArgs));
            return this;
        }

        public AgentProcess start(String... args) {
            try {
                int port = freePort();
                List<String> command = new ArrayList<>(wrapper);
                command.add(javaHome.resolve("bin/java").toString());
                command.add("@" + JVM_OPTIONS); // as docker/Dockerfile.jvm runs it
                command.addAll(jvmArgs);
                command.addAll(List.of("-jar", JAR.toString()));
                command.addAll(List.of(args));
                Path out = Files.createTempFile("agent-out-", ".log");
                Path err = Files.createTempFile("agent-err-", ".log");
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
                env.forEach((name, value) -> {
                    if (value == null) {
                        builder.environment().remove(name);
                    } else {
                        builder.environment().put(name, value);
                    }
                });
                port = Integer.parseInt(builder.environment().get("QUARKUS_HTTP_PORT"));
                return new AgentProcess(builder.start(), out, err, port);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Runs a one-shot command to its end; returns its exit code. */
        public AgentProcess run(String... args) {
            AgentProcess process = start(args);
            process.waitFor(60);
            return process;
        }
    }

    public Process process() {
        return process;
    }

    /** The health port it was given. */
    public int port() {
        return healthPort;
    }

    public int exitCode() {
        return process.exitValue();
    }

    public boolean waitFor(long seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** SIGTERM, as systemd and the kubelet stop the agent. */
    public void terminate() {
        process.destroy();
    }

    /** SIGTERM first, so that the agent kills the process groups of its commands; SIGKILL if it hangs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            if (!waitFor(10)) {
                process.destroyForcibly();
                waitFor(10);
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
