package com.trafikito.agent.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.trafikito.agent.host.FileOps;
import com.trafikito.agent.host.Host;
import com.trafikito.agent.host.Journal;

/**
 * On an existing installation (typically the shell agent's), the modes and owners the new agent needs: a
 * whitelist and its folder that only root or the service user can write (else {@code run} refuses the
 * whitelist), a config only the service user can read, and a {@code var/} the service user owns. Each change
 * is said. Only install does this; {@code run} never changes a mode.
 */
final class Tightening {

    private static final FileOps.Owner ROOT = new FileOps.Owner(0, 0);

    private Tightening() {
    }

    static void apply(InstallPlan plan, Journal journal, Consumer<String> say) throws IOException {
        InstallPaths paths = plan.paths();
        Optional<FileOps.Owner> service = plan.serviceOwner();
        writableByOwnerOnly(paths.baseDir(), "its folder", plan, journal, say);
        writableByOwnerOnly(paths.whitelist(), "the whitelist", plan, journal, say);

        Path cfg = plan.existing().credentialsFile();
        if (Files.exists(cfg) && !Files.isSymbolicLink(cfg)) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(cfg);
            if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                String old = PosixFilePermissions.toString(perms);
                FileOps.chmod(journal, cfg, InstallFiles.SECRET);
                say.accept("tightened " + cfg + " from " + old + " to " + InstallFiles.SECRET
                        + ": it holds the api key, and others could read it");
            }
            if (service.isPresent() && !FileOps.ownerOf(cfg).equals(service.get())) {
                FileOps.chown(journal, cfg, service.get());
                say.accept("gave " + cfg + " to the service user " + plan.runAs() + " (mode 0600: it must read it)");
            }
        }
        privateVar(paths.varDir(), plan, journal, say);
    }

    /**
     * {@code var/} 0700 and the service user's, with its files: the agent writes nothing in a var/ others can write.
     * Links in it are never followed (chownTree skips them); a var/ that is itself a link is left alone, said.
     */
    private static void privateVar(Path var, InstallPlan plan, Journal journal, Consumer<String> say)
            throws IOException {
        if (Files.isSymbolicLink(var)) {
            say.accept("left " + var + " alone: it is a link (to " + Files.readSymbolicLink(var) + "); the agent"
                    + " writes there only if its target is 0700 and owned by " + plan.runAs());
            return;
        }
        if (!Files.isDirectory(var, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Optional<FileOps.Owner> service = plan.serviceOwner();
        if (service.isPresent() && ownedByOthers(var, service.get())) {
            FileOps.chownTree(journal, var, service.get());
            say.accept("gave " + var + " and its files to the service user " + plan.runAs()
                    + " (the agent keeps its state there)");
        }
        String old = FileOps.permissions(var);
        if (!old.equals(InstallFiles.PRIVATE_DIR)) {
            FileOps.chmod(journal, var, InstallFiles.PRIVATE_DIR);
            say.accept("set " + var + " from " + old + " to " + InstallFiles.PRIVATE_DIR + ": the agent writes"
                    + " nothing in a var/ that others can write (they could plant links there)");
        }
    }

    /** {@code chmod go-w}, and root as the owner when the owner is neither root nor the service user. */
    private static void writableByOwnerOnly(Path path, String what, InstallPlan plan, Journal journal,
            Consumer<String> say) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        if (Files.isSymbolicLink(path)) {
            say.accept("left " + path + " alone: it is a link (to " + Files.readSymbolicLink(path) + "), and install"
                    + " never changes a file through a link; the agent checks its target");
            return;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
        if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            String tight = FileOps.withoutGroupOtherWrite(perms);
            FileOps.chmod(journal, path, tight);
            say.accept("tightened " + path + " from " + PosixFilePermissions.toString(perms) + " to " + tight + " ("
                    + what + " was writable by others, and the agent refuses a whitelist others can change)");
        }
        long owner = FileOps.ownerOf(path).uid();
        long serviceUid = plan.runAsAccount().map(Host.Account::uid).orElse(-1L);
        if (plan.root() && owner != 0 && owner != serviceUid) {
            FileOps.chown(journal, path, ROOT);
            say.accept("gave " + path + " to root (" + what + " belonged to uid " + owner
                    + ", neither root nor the service user, and the agent refuses such a whitelist)");
        }
    }

    private static boolean ownedByOthers(Path dir, FileOps.Owner owner) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.anyMatch(path -> {
                try {
                    return !Files.isSymbolicLink(path) && !FileOps.ownerOf(path).equals(owner);
                } catch (IOException e) {
                    return true;
                }
            });
        }
    }
}
