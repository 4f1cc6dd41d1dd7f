package com.trafikito.agent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.trafikito.agent.files.BoundedFile;
import com.trafikito.agent.host.ProcessUser;

/**
 * Finds the server id and api key: {@code agent.server-id} / {@code agent.api-key} (env vars, {@code -D},
 * {@code etc/agent.properties}) win over {@code etc/trafikito.cfg}, so that a container can run from
 * env vars alone and a host from the shell agent's file.
 */
@ApplicationScoped
public class CredentialsService {

    private static final int MAX_FILE_BYTES = 64 * 1024;
    private static final Logger LOG = Logger.getLogger(CredentialsService.class);

    private final AtomicBoolean warnedOnce = new AtomicBoolean();

    private final AgentConfig config;
    private final AgentPaths paths;

    @Inject
    public CredentialsService(AgentConfig config, AgentPaths paths) {
        this.config = config;
        this.paths = paths;
    }

    public ServerCredentials load() throws ConfigProblem {
        return load(true);
    }

    /**
     * The credentials for display ({@code agent status}): the file's owner and mode are not held against it,
     * since who may write it depends on the user the service runs as, not on who asks.
     */
    public ServerCredentials inspect() throws ConfigProblem {
        return load(false);
    }

    private ServerCredentials load(boolean enforceOwnership) throws ConfigProblem {
        Optional<String> serverId = config.serverId().filter(v -> !v.isBlank());
        Optional<String> apiKey = config.apiKey().filter(v -> !v.isBlank());
        if (apiKey.isEmpty() && config.apiKeyFile().filter(v -> !v.isBlank()).isPresent()) {
            apiKey = Optional.of(SecretFile.read(Path.of(config.apiKeyFile().get().strip()),
                    "agent.api-key-file (AGENT_API_KEY_FILE)"));
        }
        if (serverId.isPresent() && apiKey.isPresent()) {
            return new ServerCredentials(serverId.get().strip(), apiKey.get().strip());
        }
        Path file = paths.credentialsFile();
        CredentialsFile cfg = read(file, enforceOwnership, serverId.isEmpty() ? "server id (agent.server-id / AGENT_SERVER_ID)"
                : "api key (agent.api-key / AGENT_API_KEY, or AGENT_API_KEY_FILE)");
        if (serverId.isEmpty()) {
            refuseUnreadable(file, cfg, CredentialsFile.SERVER_ID);
        }
        if (apiKey.isEmpty()) {
            refuseUnreadable(file, cfg, CredentialsFile.API_KEY);
        }
        String id = serverId.or(() -> cfg.get(CredentialsFile.SERVER_ID))
                .orElseThrow(() -> missingKey(file, "SERVER_ID", "server_id", "AGENT_SERVER_ID"));
        String key = apiKey.or(() -> cfg.get(CredentialsFile.API_KEY))
                .orElseThrow(() -> missingKey(file, "API_KEY", "api_key", "AGENT_API_KEY"));
        return new ServerCredentials(id.strip(), key.strip());
    }

    /** A value sh would read differently from us is never sent: the line is named, its value never shown. */
    private static void refuseUnreadable(Path file, CredentialsFile cfg, String key) throws ConfigProblem {
        Optional<String> problem = cfg.unreadable(key);
        if (problem.isPresent()) {
            throw new ConfigProblem(file + ": " + problem.get() + "; refused (write it as export "
                    + key.toUpperCase(java.util.Locale.ROOT) + "=\"value\")");
        }
    }

    /** The parsed file, for {@code agent check}; empty when there is none. */
    public Optional<CredentialsFile> readFileIfPresent() throws ConfigProblem {
        Path file = paths.credentialsFile();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(read(file, true, "credentials"));
    }

    /** A warning when others can read the credentials file (the api key is exposed); empty otherwise. */
    public Optional<String> exposureWarning() {
        Path file = paths.credentialsFile();
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ)) {
                return Optional.of(file + " is readable by other users: the api key is exposed (chmod 600 " + file
                        + ")");
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Nothing to warn about when the file is not there; read() reports real problems.
        }
        return Optional.empty();
    }

    private CredentialsFile read(Path file, boolean enforceOwnership, String wanted) throws ConfigProblem {
        BoundedFile.Read read = BoundedFile.read(file, MAX_FILE_BYTES, BoundedFile.Links.FOLLOW);
        if (read instanceof BoundedFile.Missing) {
            throw new ConfigProblem("no " + wanted + " is set and " + file + " does not exist"
                    + " (run `agent install`, or set AGENT_SERVER_ID and AGENT_API_KEY)");
        }
        if (read instanceof BoundedFile.Invalid invalid) {
            throw new ConfigProblem(invalid.reason() + (invalid.reason().endsWith(BoundedFile.PERMISSION_DENIED)
                    ? " (only its owner, the service user, and root may read it: run this as root)"
                    : "; not a trafikito config"));
        }
        CredentialsFile cfg = CredentialsFile.parse(new String(((BoundedFile.Content) read).bytes(),
                StandardCharsets.UTF_8));
        if (enforceOwnership) {
            refuseIfOthersCanWrite(file, cfg.get(CredentialsFile.RUN_AS));
        }
        exposureWarning().filter(w -> warnedOnce.compareAndSet(false, true)).ifPresent(LOG::warn);
        return cfg;
    }

    /**
     * Whoever can write the config can point the agent at another server: refused, like sshd refuses keys.
     * A root-owned file is fine; so is one owned by the agent's own user, and, for root (an operator's
     * {@code sudo agent status} or {@code check}), one owned by the service user the file itself names.
     */
    private static void refuseIfOthersCanWrite(Path file, Optional<String> serviceUser) throws ConfigProblem {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new ConfigProblem(file + " is writable by group or others (mode "
                        + PosixFilePermissions.toString(perms) + "): refused; fix it with chmod 600 " + file);
            }
            long owner = ((Number) Files.getAttribute(file, "unix:uid")).longValue();
            long self = ProcessUser.currentUid();
            if (owner != 0 && owner != self && !(self == 0 && isOwnedBy(file, serviceUser))) {
                throw new ConfigProblem(file + " is owned by uid " + owner + ", neither root nor the agent's user (uid "
                        + self + "): refused");
            }
        } catch (NoSuchFileException e) {
            // read() says the file is missing, with the keys that are.
        } catch (IOException | UnsupportedOperationException | IllegalStateException e) {
            throw new ConfigProblem("cannot check the owner and mode of " + file + ": " + IoReason.of(e), e);
        }
    }

    private static boolean isOwnedBy(Path file, Optional<String> user) {
        if (user.isEmpty()) {
            return false;
        }
        try {
            UserPrincipal principal = file.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(user.get());
            return principal.equals(Files.getOwner(file));
        } catch (IOException e) {
            return false;
        }
    }

    private static ConfigProblem missingKey(Path file, String exportName, String confName, String envVar) {
        return new ConfigProblem(file + ": missing key " + exportName + " (a line `export " + exportName
                + "=\"...\"` or `" + confName + " = ...`), and " + envVar + " is not set");
    }
}
