package com.trafikito.agent.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

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
        if (Files.exists(cfg)) {
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
        if (service.isPresent() && ownedByOthers(paths.varDir(), service.get())) {
            FileOps.chownTree(journal, paths.varDir(), service.get());
            say.accept("gave " + paths.varDir() + " and its files to the service user " + plan.runAs()
                    + " (the agent keeps its state there)");
        }
    }

    /** {@code chmod go-w}, and root as the owner when the owner is neither root nor the service user. */
    private static void writableByOwnerOnly(Path path, String what, InstallPlan plan, Journal journal,
            Consumer<String> say) throws IOException {
        if (!Files.exists(path)) {
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
