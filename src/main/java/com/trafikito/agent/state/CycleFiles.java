package com.trafikito.agent.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.trafikito.agent.config.AgentPaths;
import com.trafikito.agent.files.BoundedFile;
import com.trafikito.agent.files.WarnOnce;

/**
 * {@code var/STOP} and {@code var/last_config.tmp}: small files of the cycle, each read with a bound, as regular
 * files and without following symlinks ({@link BoundedFile}): commands run in {@code var/} and may leave
 * anything there.
 */
@ApplicationScoped
public class CycleFiles {

    private static final Logger LOG = Logger.getLogger(CycleFiles.class);

    private final AgentPaths paths;
    private final VarDir var;
    private final WarnOnce warnings = new WarnOnce(LOG);

    /** For readers ({@code agent status}): a write checks {@code var/} as the current user. */
    public CycleFiles(AgentPaths paths) {
        this(paths, new VarDir(paths));
    }

    @Inject
    public CycleFiles(AgentPaths paths, VarDir var) {
        this.paths = paths;
        this.var = var;
    }

    /**
     * The STOP answer that stopped this agent, if {@code var/STOP} exists. Anything at that path stops the agent
     * (the API or the owner put it there); one that cannot be read as a file gives "STOP", with a warning.
     */
    public Optional<String> stopAnswer() {
        Path stop = paths.stopFile();
        BoundedFile.Read read = BoundedFile.read(stop, BoundedFile.DEFAULT_MAX_BYTES, BoundedFile.Links.NOFOLLOW);
        if (read instanceof BoundedFile.Missing) {
            warnings.clear(stop);
            return Optional.empty();
        }
        if (read instanceof BoundedFile.Content content) {
            warnings.clear(stop);
            String answer = new String(content.bytes(), StandardCharsets.UTF_8).strip();
            return Optional.of(answer.isEmpty() ? "STOP" : answer);
        }
        warnings.warn(stop, ((BoundedFile.Invalid) read).reason() + "; taken as a STOP without a reason"
                + " (delete it to resume)");
        return Optional.of("STOP");
    }

    public void writeStop(String answer) throws IOException {
        var.write(paths.stopFile(), answer + "\n");
    }

    /**
     * The cached answer's text; empty when there is none or it cannot be read (said once in the log: every `=`
     * answer is then error 105 until a full answer replaces the file).
     */
    public Optional<String> cachedAnswer() {
        Path cache = paths.lastConfig();
        BoundedFile.Read read = BoundedFile.read(cache, BoundedFile.DEFAULT_MAX_BYTES, BoundedFile.Links.NOFOLLOW);
        if (read instanceof BoundedFile.Content content) {
            warnings.clear(cache);
            return Optional.of(new String(content.bytes(), StandardCharsets.UTF_8));
        }
        if (read instanceof BoundedFile.Invalid invalid) {
            warnings.warn(cache, "ignoring the cached answer: " + invalid.reason() + "; an `=` answer cannot be"
                    + " served from it (error 105) until the API sends a full answer");
        } else {
            warnings.clear(cache);
        }
        return Optional.empty();
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
}
