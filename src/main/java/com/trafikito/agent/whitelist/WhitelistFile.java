package com.trafikito.agent.whitelist;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

import com.trafikito.agent.files.BoundedFile;
import com.trafikito.agent.nativeimage.NativeManifest;

/**
 * Reads {@code available_commands.sh} from disk. The file is the security boundary (only the machine's owner
 * may add a command), so a file that someone else could have written is refused as a whole, as sshd
 * refuses such key files.
 */
public final class WhitelistFile {

    /** Larger files are refused unread: the whitelist is a few lines, and outside input is bounded. */
    public static final int MAX_BYTES = 1024 * 1024;

    static final String SAMPLE_RESOURCE = "/" + NativeManifest.SAMPLE_WHITELIST;

    private WhitelistFile() {
    }

    /**
     * Loads and parses the whitelist.
     *
     * @param path       the configured path; symlinks are followed (a Kubernetes ConfigMap mounts its files as
     *                   symlinks to root-owned files)
     * @param currentUid the agent's uid ({@link com.trafikito.agent.host.ProcessUser#currentUid()}): the file
     *                   and its directory must be owned by it or by root
     */
    public static WhitelistLoad load(Path path, long currentUid) {
        // A regular file of at most 1 MiB, after symlinks: not a FIFO, a device, a directory or a loop.
        BoundedFile.Read read = BoundedFile.read(path, MAX_BYTES, BoundedFile.Links.FOLLOW);
        if (read instanceof BoundedFile.Missing) {
            return new WhitelistLoad.Refused(path + " is missing");
        }
        if (read instanceof BoundedFile.Invalid invalid) {
            return new WhitelistLoad.Refused(invalid.reason());
        }
        try {
            Path real = path.toRealPath();
            // The real file and the directory holding it (not the symlink's directory: a ConfigMap's mount
            // point is world-writable by design, its data directory is not)
            Optional<String> problem = checkOwnerAndMode(real, currentUid, "file");
            if (problem.isEmpty() && real.getParent() != null) {
                problem = checkOwnerAndMode(real.getParent(), currentUid, "directory");
            }
            if (problem.isPresent()) {
                return refused(path, real, problem.get());
            }
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            // fail closed: a file whose owner or mode cannot be read is not trusted either
            return new WhitelistLoad.Refused(path + " is unreadable: " + e);
        }
        return new WhitelistLoad.Loaded(WhitelistParser.parse(((BoundedFile.Content) read).bytes()));
    }

    /** The sample whitelist shipped in the agent: the 16 default commands with a header explaining the rules. */
    public static Whitelist loadBundledSample() {
        return WhitelistParser.parse(bundledSampleText());
    }

    /** The text of the bundled sample, e.g. to write a first {@code available_commands.sh}. */
    public static String bundledSampleText() {
        try (InputStream in = WhitelistFile.class.getResourceAsStream(SAMPLE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + SAMPLE_RESOURCE + " is missing from the agent");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> checkOwnerAndMode(Path p, long currentUid, String what) throws IOException {
        long owner = ((Number) Files.getAttribute(p, "unix:uid")).longValue();
        return checkOwnerAndMode(what, owner, Files.getPosixFilePermissions(p), currentUid);
    }

    /**
     * The ownership rule on plain values, so that it can be tested without other users: not group- or
     * world-writable (the sticky bit does not help: it only limits deleting), owned by root or the agent.
     *
     * @return a problem such as "directory is group-writable", or empty when the rule holds
     */
    static Optional<String> checkOwnerAndMode(String what, long ownerUid, Set<PosixFilePermission> perms, long currentUid) {
        if (perms.contains(PosixFilePermission.GROUP_WRITE)) {
            return Optional.of(what + " is group-writable");
        }
        if (perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            return Optional.of(what + " is world-writable");
        }
        if (ownerUid != 0 && ownerUid != currentUid) {
            return Optional.of(what + " is owned by uid " + ownerUid + ", neither root nor the agent's uid " + currentUid);
        }
        return Optional.empty();
    }

    private static WhitelistLoad.Refused refused(Path path, Path real, String problem) {
        String where = real.equals(path.toAbsolutePath()) ? path.toString() : path + " (-> " + real + ")";
        String hint = problem.contains("writable") || problem.contains("owned")
                ? ": only root or the agent's user may be able to write the whitelist" : "";
        return new WhitelistLoad.Refused(where + (problem.startsWith("is ") ? " " : ": ") + problem + hint);
    }
}
