package com.trafikito.agent.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.trafikito.agent.config.AgentPaths;

/** {@code var/STOP} and {@code var/last_config.tmp}: small files of the cycle, each read with a bound. */
@ApplicationScoped
public class CycleFiles {

    private static final Logger LOG = Logger.getLogger(CycleFiles.class);

    private static final int MAX_BYTES = 64 * 1024;

    private final AgentPaths paths;
    private final VarDir var;

    /** For readers ({@code agent status}): a write checks {@code var/} as the current user. */
    public CycleFiles(AgentPaths paths) {
        this(paths, new VarDir(paths));
    }

    @Inject
    public CycleFiles(AgentPaths paths, VarDir var) {
        this.paths = paths;
        this.var = var;
    }

    /** The STOP answer that stopped this agent, if {@code var/STOP} exists ("STOP" when it is unreadable). */
    public Optional<String> stopAnswer() {
        Path stop = paths.stopFile();
        if (!Files.exists(stop)) {
            return Optional.empty();
        }
        return Optional.of(read(stop).orElse("STOP").strip());
    }

    public void writeStop(String answer) throws IOException {
        var.write(paths.stopFile(), answer + "\n");
    }

    public Optional<String> cachedAnswer() {
        return read(paths.lastConfig());
    }

    public void writeCachedAnswer(String answer) throws IOException {
        try {
            var.write(paths.lastConfig(), answer);
        } catch (VarDir.Untrusted e) {
            // Said once by VarDir; an "=" answer then finds no cache, as on a first cycle.
            LOG.debug(e.getMessage());
        }
    }

    public Path stopPath() {
        return paths.stopFile();
    }

    public Path cachePath() {
        return paths.lastConfig();
    }

    private static Optional<String> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
