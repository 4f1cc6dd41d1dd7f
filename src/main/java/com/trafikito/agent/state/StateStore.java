package com.trafikito.agent.state;

import java.io.IOException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.trafikito.agent.config.AgentPaths;
import com.trafikito.agent.config.IoReason;
import com.trafikito.agent.files.BoundedFile;
import com.trafikito.agent.text.Printable;

/** Reads and writes {@code var/state}: the last cycle's facts, shared with {@code agent status}. */
@ApplicationScoped
public class StateStore {

    private static final Logger LOG = Logger.getLogger(StateStore.class);
    private static final int MAX_BYTES = 64 * 1024;

    private final AgentPaths paths;
    private final ObjectMapper json;
    private final VarDir var;

    /** For readers ({@code agent status}): a save checks {@code var/} as the current user. */
    public StateStore(AgentPaths paths, ObjectMapper json) {
        this(paths, json, new VarDir(paths));
    }

    @Inject
    public StateStore(AgentPaths paths, ObjectMapper json, VarDir var) {
        this.paths = paths;
        this.json = json;
        this.var = var;
    }

    /** The last persisted facts; empty (with a warning) when the file is not a small regular file of JSON. */
    public StateSnapshot load() {
        BoundedFile.Read read = BoundedFile.read(paths.stateFile(), MAX_BYTES, BoundedFile.Links.NOFOLLOW);
        if (read instanceof BoundedFile.Invalid invalid) {
            LOG.warnf("ignoring %s", Printable.line(invalid.reason(), 400));
            return StateSnapshot.empty();
        }
        if (!(read instanceof BoundedFile.Content content)) {
            return StateSnapshot.empty();
        }
        try {
            return json.readValue(content.bytes(), StateSnapshot.class);
        } catch (IOException e) {
            // Jackson's message quotes the file's content: made printable.
            LOG.warnf("ignoring unreadable %s: %s", paths.stateFile(), Printable.line(e.getMessage()));
            return StateSnapshot.empty();
        }
    }

    /** @return the reason it could not be written, if it could not */
    public Optional<String> save(StateSnapshot snapshot) {
        try {
            var.write(paths.stateFile(), json.writeValueAsBytes(snapshot));
            return Optional.empty();
        } catch (IOException e) {
            String reason = "cannot write " + paths.stateFile() + ": " + IoReason.of(e);
            if (e instanceof VarDir.Untrusted) {
                LOG.debug(reason); // VarDir logged why, once
            } else {
                LOG.warn(reason);
            }
            return Optional.of(reason);
        }
    }
}
