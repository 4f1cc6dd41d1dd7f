package com.trafikito.agent.host;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.trafikito.agent.commands.CommandEnvironment;
import com.trafikito.agent.config.AgentConfig;

/**
 * Runs the system's tools (systemctl, useradd, getent, service, rc-update...) for install, uninstall and status.
 * Tools are looked up only on {@code agent.install.tools-path} (the standard system path by default), run by
 * absolute path without a shell, with a fixed environment and a time limit.
 */
@ApplicationScoped
public class SystemTools {

    /** Far above what systemctl start of a Type=exec unit or useradd take; only a wedged tool reaches it. */
    static final long TIMEOUT_SECONDS = 120;
    private static final int MAX_OUTPUT = 64 * 1024;

    /** How a tool ended: its exit code and what it wrote (stdout and stderr together, trimmed). */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private final List<Path> searchPath;

    @Inject
    public SystemTools(AgentConfig config) {
        this(config.install().toolsPath().orElse(CommandEnvironment.PATH));
    }

    public SystemTools(String searchPath) {
        List<Path> dirs = new ArrayList<>();
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                dirs.add(Path.of(dir));
            }
        }
        this.searchPath = List.copyOf(dirs);
    }

    public Optional<Path> find(String tool) {
        for (Path dir : searchPath) {
            Path candidate = dir.resolve(tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public boolean has(String tool) {
        return find(tool).isPresent();
    }

    /** Runs a tool; a tool that is missing, cannot start or hangs is a {@link HostException}. */
    public Result run(String tool, String... args) throws HostException {
        Path executable = find(tool).orElseThrow(() -> new HostException(
                "cannot find " + tool + " (looked in " + searchPath.stream().map(Path::toString)
                        .reduce((a, b) -> a + ":" + b).orElse("") + ")"));
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        String shown = tool + " " + String.join(" ", args);
        Path log = null;
        try {
            // Output goes to a file, not a pipe: an init script that leaves a daemon holding the pipe open
            // would otherwise block the read, and the time limit, forever.
            log = Files.createTempFile("trafikito-tool-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(log.toFile());
            CommandEnvironment.replace(builder.environment());
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new HostException(shown + " did not end within " + TIMEOUT_SECONDS + " s");
            }
            byte[] output;
            try (InputStream in = Files.newInputStream(log)) {
                output = in.readNBytes(MAX_OUTPUT);
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new HostException("cannot run " + executable + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException("interrupted while " + shown + " ran");
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException e) {
                    // a leftover empty-ish temp file is harmless
                }
            }
        }
    }

    /** Runs a tool that must succeed: a non-zero exit is a {@link HostException} quoting its output. */
    public Result require(String tool, String... args) throws HostException {
        Result result = run(tool, args);
        if (!result.ok()) {
            throw new HostException(tool + " " + String.join(" ", args) + " failed (exit " + result.exitCode()
                    + ")" + (result.output().isEmpty() ? "" : ": " + result.output()));
        }
        return result;
    }
}
