package com.trafikito.agent.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The kernel's table of file locks ({@code /proc/locks}): who holds a lock on a file, by pid, as the kernel
 * knows it (a pid written in a file by its holder could be stale or false).
 */
final class ProcLocks {

    /** A held lock (waiters, the {@code ->} lines, are not holders). {@code file} is "major:minor:inode". */
    record Entry(String type, String access, long pid, String file) {
    }

    private static final Path TABLE = Path.of("/proc/locks");
    private static final int MAX_BYTES = 4 * 1024 * 1024;

    private ProcLocks() {
    }

    /** @throws IOException when the table cannot be read (then nobody can be seen) */
    static List<Entry> read() throws IOException {
        try (InputStream in = Files.newInputStream(TABLE)) {
            return parse(new String(in.readNBytes(MAX_BYTES), StandardCharsets.ISO_8859_1));
        }
    }

    /** Lines such as {@code 1: POSIX  ADVISORY  READ 12302 fe:00:2148573 0 EOF}. */
    static List<Entry> parse(String table) {
        List<Entry> entries = new ArrayList<>();
        for (String line : table.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 6 || "->".equals(fields[1])) {
                continue;
            }
            try {
                entries.add(new Entry(fields[1], fields[3], Long.parseLong(fields[4]), fields[5]));
            } catch (NumberFormatException e) {
                // an unknown layout: skip the line
            }
        }
        return entries;
    }

    /** The inode part of an entry's file, to match it with {@code unix:ino}. */
    static OptionalLong inode(Entry entry) {
        int colon = entry.file().lastIndexOf(':');
        try {
            return OptionalLong.of(Long.parseLong(entry.file().substring(colon + 1)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The uid a process runs as (the owner of its {@code /proc/<pid>}), when this process may see it. */
    static OptionalLong uidOf(long pid) {
        try {
            return OptionalLong.of(((Number) Files.getAttribute(Path.of("/proc/" + pid), "unix:uid")).longValue());
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** "pid 123 (user trafikito, uid 999: /usr/bin/java ... run)", as much of it as can be seen. */
    static String describe(long pid) {
        StringBuilder text = new StringBuilder("pid ").append(pid);
        Path proc = Path.of("/proc/" + pid);
        OptionalLong uid = uidOf(pid);
        if (uid.isEmpty()) {
            return text.append(" (its user and command are not visible to this user)").toString();
        }
        text.append(" (");
        userName(proc).ifPresent(name -> text.append("user ").append(name).append(", "));
        text.append("uid ").append(uid.getAsLong());
        commandLine(proc).ifPresent(command -> text.append(": ").append(command));
        return text.append(')').toString();
    }

    private static Optional<String> userName(Path proc) {
        try {
            return Optional.of(Files.getOwner(proc).getName());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> commandLine(Path proc) {
        try (InputStream in = Files.newInputStream(proc.resolve("cmdline"))) {
            byte[] bytes = in.readNBytes(4096);
            StringBuilder line = new StringBuilder();
            for (byte b : bytes) {
                char c = (char) (b & 0xff);
                line.append(c == 0 ? ' ' : c >= 0x20 && c < 0x7f ? c : '?');
            }
            String command = line.toString().strip();
            if (command.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(command.length() > 200 ? command.substring(0, 200) + "..." : command);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
