package com.trafikito.agent.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.trafikito.agent.config.AgentPaths;
import com.trafikito.agent.host.ProcessUser;
import com.trafikito.agent.logs.LogFileSafety;

/**
 * Every write of the agent in {@code var/} goes through here: each one first checks {@link VarTrust}, so that in a
 * folder others can write the agent writes nothing at all (no state, cache, STOP, error record or widget line)
 * while its cycles go on. The check is a stat, cheap enough for every write; the last verdict is kept for
 * readiness, and a change of verdict is logged once.
 */
@ApplicationScoped
public class VarDir {

    private static final Logger LOG = Logger.getLogger(VarDir.class);

    private final Path dir;
    private final long uid;
    private volatile String lastProblem;
    private volatile boolean checked;
    private String reportedLogRefusal;

    @Inject
    public VarDir(AgentPaths paths) {
        this(paths.varDir(), ProcessUser.currentUid());
    }

    public VarDir(Path dir, long uid) {
        this.dir = dir;
        this.uid = uid;
    }

    public Path path() {
        return dir;
    }

    /** Checks the folder now (at start and each cycle); logs when the verdict changes. */
    public Optional<String> check() {
        String problem = VarTrust.problem(dir, uid).orElse(null);
        if (!checked || !Objects.equals(problem, lastProblem)) {
            if (problem != null) {
                LOG.warnf("writing nothing in %s (state, cache, STOP, error records, log file): %s", dir, problem);
            } else if (checked) {
                LOG.infof("%s is trusted again: the agent writes its files there again", dir);
            }
        }
        lastProblem = problem;
        checked = true;
        reportLogFile();
        return Optional.ofNullable(problem);
    }

    /** The log file's guard cannot log (it runs inside the log manager): its verdict is said here. */
    private synchronized void reportLogFile() {
        String refusal = LogFileSafety.refusal().orElse(null);
        if (Objects.equals(refusal, reportedLogRefusal)) {
            return;
        }
        if (refusal != null) {
            LOG.warnf("not writing the log file: %s; logging to stderr only (journald keeps it)", refusal);
        } else {
            LOG.info("the log file is safe to write again");
        }
        reportedLogRefusal = refusal;
    }

    /** The verdict of the last check, for readiness and {@code status} (empty before any check). */
    public Optional<String> lastProblem() {
        return Optional.ofNullable(lastProblem);
    }

    public void write(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code target} atomically, readable by the agent's user only, when the folder is trusted. */
    public void write(Path target, byte[] content) throws IOException {
        requireTrusted(target);
        AtomicFiles.write(target, content, AtomicFiles.OWNER_ONLY);
    }

    /** Removes {@code target} (a link is removed, never followed), when the folder is trusted. */
    public void delete(Path target) throws IOException {
        requireTrusted(target);
        Files.deleteIfExists(target);
    }

    private void requireTrusted(Path target) throws IOException {
        if (!dir.equals(target.toAbsolutePath().getParent())) {
            throw new IllegalArgumentException(target + " is not a file of " + dir);
        }
        Optional<String> problem = check();
        if (problem.isPresent()) {
            throw new Untrusted(target, problem.get());
        }
    }

    /** A write refused because others can write the folder. */
    public static final class Untrusted extends IOException {
        Untrusted(Path target, String problem) {
            super("not written (" + target.getFileName() + "): " + problem);
        }
    }
}
