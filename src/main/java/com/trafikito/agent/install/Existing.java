package com.trafikito.agent.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.trafikito.agent.config.CredentialsFile;
import com.trafikito.agent.config.IoReason;
import com.trafikito.agent.config.ServerCredentials;
import com.trafikito.agent.files.BoundedFile;

/**
 * What a base dir holds before install touches it: nothing, an installation of this agent (an upgrade), one of
 * the original shell agent (a takeover), or something else (refused: install never writes into a folder that
 * is not an installation).
 *
 * @param credentialsFile {@code etc/trafikito.cfg}, or {@code etc/trafikito.conf} when only that exists
 * @param credentials     the parsed credentials file, when there is one
 * @param shellAgentFiles the original agent's files that are there (they are left in place)
 */
public record Existing(Kind kind, boolean ours, Path credentialsFile, Optional<CredentialsFile> credentials,
        List<String> shellAgentFiles) {

    public enum Kind {
        /** Absent or an empty folder. */
        NONE,
        /** Has a config, a whitelist or var/ of either agent. */
        INSTALLATION,
        /** A file, or a folder with other things in it. */
        FOREIGN
    }

    /** Files the shell agent installed, relative to its base dir (its last versions and older ones). */
    static final List<String> SHELL_AGENT_FILES = List.of("trafikito", "uninstall.sh", "trafikito-agent",
            "lib/trafikito_wrapper.sh", "lib/trafikito_agent.sh", "lib/trafikito-wrapper.sh", "lib/trafikito-agent.sh",
            "lib/set_os.sh", "lib/utilities.sh", "lib/send_output_to_trafikito.sh", "lib/set_commands_to_run.sh",
            "lib/execute_all_commands.sh");

    private static final int MAX_CONFIG_BYTES = 64 * 1024;

    public static Existing inspect(InstallPaths paths) throws InstallException {
        return inspect(paths, false);
    }

    /**
     * For {@code status}, which any user may run: a config this user cannot read (0600, the service user's) is
     * left unread instead of failing, and status says why.
     */
    public static Existing inspectReadable(InstallPaths paths) throws InstallException {
        return inspect(paths, true);
    }

    private static Existing inspect(InstallPaths paths, boolean skipUnreadableConfig) throws InstallException {
        Path base = paths.baseDir();
        Path cfg = Files.exists(paths.cfg()) || !Files.exists(paths.conf()) ? paths.cfg() : paths.conf();
        if (!Files.exists(base, LinkOption.NOFOLLOW_LINKS)) {
            return new Existing(Kind.NONE, false, cfg, Optional.empty(), List.of());
        }
        if (!Files.isDirectory(base)) {
            return new Existing(Kind.FOREIGN, false, cfg, Optional.empty(), List.of());
        }
        if (isEmpty(base)) {
            return new Existing(Kind.NONE, false, cfg, Optional.empty(), List.of());
        }
        boolean installation = Files.exists(cfg) || Files.exists(paths.whitelist()) || Files.isDirectory(paths.varDir());
        if (!installation) {
            return new Existing(Kind.FOREIGN, false, cfg, Optional.empty(), List.of());
        }
        List<String> shell = new ArrayList<>();
        for (String file : SHELL_AGENT_FILES) {
            if (Files.exists(base.resolve(file), LinkOption.NOFOLLOW_LINKS)) {
                shell.add(file);
            }
        }
        // etc/jvm.options and etc/agent.properties exist only where this agent was installed.
        boolean ours = Files.exists(paths.jvmOptions()) || Files.exists(paths.properties());
        boolean readable = Files.exists(cfg) && (!skipUnreadableConfig || Files.isReadable(cfg));
        return new Existing(Kind.INSTALLATION, ours, cfg, readable ? Optional.of(read(cfg)) : Optional.empty(),
                List.copyOf(shell));
    }

    /** A takeover: an installation that this agent did not make. */
    public boolean takeover() {
        return kind == Kind.INSTALLATION && !ours;
    }

    /** The server id and api key of the config, when it has both. */
    public Optional<ServerCredentials> serverCredentials() {
        return credentials.flatMap(cfg -> cfg.get(CredentialsFile.SERVER_ID).flatMap(
                id -> cfg.get(CredentialsFile.API_KEY).map(key -> new ServerCredentials(id.strip(), key.strip()))));
    }

    public Optional<String> value(String key) {
        return credentials.flatMap(cfg -> cfg.get(key)).map(String::strip);
    }

    private static boolean isEmpty(Path dir) throws InstallException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.findAny().isEmpty();
        } catch (IOException e) {
            throw InstallException.failed("cannot read " + dir + ": " + IoReason.of(e));
        }
    }

    private static CredentialsFile read(Path file) throws InstallException {
        BoundedFile.Read read = BoundedFile.read(file, MAX_CONFIG_BYTES, BoundedFile.Links.FOLLOW);
        if (read instanceof BoundedFile.Invalid invalid) {
            throw InstallException.usage(invalid.reason() + ": not a trafikito config");
        }
        if (!(read instanceof BoundedFile.Content content)) {
            throw InstallException.failed("cannot read " + file + ": it is gone");
        }
        CredentialsFile cfg = CredentialsFile.parse(new String(content.bytes(), StandardCharsets.UTF_8));
        // A value install cannot read as the shell agent would must not be taken for a missing one (that would
        // register a new server) nor be rewritten mangled.
        for (String key : new String[] { CredentialsFile.SERVER_ID, CredentialsFile.API_KEY, CredentialsFile.RUN_AS }) {
            Optional<String> problem = cfg.unreadable(key);
            if (problem.isPresent()) {
                throw InstallException.usage(file + ": " + problem.get() + "; fix that line, then run install again");
            }
        }
        return cfg;
    }
}
