package com.trafikito.agent.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

import com.trafikito.agent.state.AtomicFiles;

/**
 * File changes of install, each recorded in a {@link Journal} with its undo. Writes go through
 * {@link AtomicFiles}: a crash never leaves half a config or whitelist.
 */
public final class FileOps {

    /** The owner a file is given; {@code null} where a method takes one means "whoever runs install". */
    public record Owner(long uid, long gid) {
    }

    private record Previous(byte[] content, String permissions, Owner owner) {
    }

    private FileOps() {
    }

    /** Writes a file atomically with its mode and owner; undo puts back the previous file or removes the new one. */
    public static void write(Journal journal, Path target, String text, String permissions, Owner owner)
            throws IOException {
        write(journal, target, text.getBytes(StandardCharsets.UTF_8), permissions, owner);
    }

    public static void write(Journal journal, Path target, byte[] content, String permissions, Owner owner)
            throws IOException {
        Previous previous = Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) ? new Previous(
                Files.readAllBytes(target), permissions(target), ownerOf(target)) : null;
        writeNow(target, content, permissions, owner);
        journal.done("write " + target, () -> {
            if (previous == null) {
                Files.deleteIfExists(target);
            } else {
                writeNow(target, previous.content(), previous.permissions(), previous.owner());
            }
        });
    }

    private static void writeNow(Path target, byte[] content, String permissions, Owner owner) throws IOException {
        AtomicFiles.write(target, content, permissions);
        // The temp file was created under the umask: set the mode wanted, whatever the umask. Never through a
        // link someone swapped in since the rename (Java has no lchmod).
        if (Files.isSymbolicLink(target)) {
            throw new IOException(target + " turned into a link while it was written: its mode is not set");
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(permissions));
        chownNow(target, owner);
    }

    /** Creates a directory (and missing parents) when absent; undo removes what was created. */
    public static void mkdir(Journal journal, Path dir, String permissions, Owner owner) throws IOException {
        Path top = dir;
        while (top.getParent() != null && !Files.exists(top.getParent())) {
            top = top.getParent();
        }
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(permissions));
        chownNow(dir, owner);
        Path created = top;
        journal.done("create " + dir, () -> deleteTree(created));
    }

    /** Sets a mode; undo puts the old one back. */
    public static void chmod(Journal journal, Path path, String permissions) throws IOException {
        if (Files.isSymbolicLink(path)) {
            // Java has no lchmod: a mode set on a link lands on its target, maybe a file outside the base dir.
            throw new IOException(path + " is a link: install does not change a mode through it");
        }
        String old = permissions(path);
        if (old.equals(permissions)) {
            return;
        }
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        journal.done("chmod " + permissions + " " + path,
                () -> Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(old)));
    }

    /** Sets an owner; undo puts the old one back. */
    public static void chown(Journal journal, Path path, Owner owner) throws IOException {
        Owner old = ownerOf(path);
        if (owner == null || old.equals(owner)) {
            return;
        }
        chownNow(path, owner);
        journal.done("chown " + owner.uid() + ":" + owner.gid() + " " + path, () -> chownNow(path, old));
    }

    /** Sets the owner of a tree (e.g. {@code var/} for a new service user); undo gives each path its old owner. */
    public static void chownTree(Journal journal, Path root, Owner owner) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                chown(journal, dir, owner);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isSymbolicLink()) {
                    chown(journal, file, owner);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void chownNow(Path path, Owner owner) throws IOException {
        if (owner == null || ownerOf(path).equals(owner)) {
            return;
        }
        Files.setAttribute(path, "unix:uid", (int) owner.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", (int) owner.gid(), LinkOption.NOFOLLOW_LINKS);
    }

    public static Owner ownerOf(Path path) throws IOException {
        return new Owner(((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue(),
                ((Number) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS)).longValue());
    }

    public static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    /** The mode without write permission for group and others ({@code chmod go-w}). */
    public static String withoutGroupOtherWrite(Set<PosixFilePermission> perms) {
        Set<PosixFilePermission> copy = EnumSet.noneOf(PosixFilePermission.class);
        copy.addAll(perms);
        copy.remove(PosixFilePermission.GROUP_WRITE);
        copy.remove(PosixFilePermission.OTHERS_WRITE);
        return PosixFilePermissions.toString(copy);
    }

    /** Copies a tree: directories 0755, files keep their executable bit (0755) or get 0644. */
    public static void copyTree(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path to = target.resolve(source.relativize(dir).toString());
                Files.createDirectories(to);
                Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path to = target.resolve(source.relativize(file).toString());
                Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(to, PosixFilePermissions.fromString(
                        Files.isExecutable(file) ? "rwxr-xr-x" : "rw-r--r--"));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Deletes a file or a tree; symlinks are removed, never followed. Missing is fine. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(root);
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
