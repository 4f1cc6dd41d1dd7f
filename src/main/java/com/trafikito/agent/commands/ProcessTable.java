package com.trafikito.agent.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code /proc} says about processes: enough to tell a command's leftovers from a stranger that took
 * over a recycled id. Start times are in clock ticks since boot, the unit of {@code /proc/<pid>/stat}.
 */
interface ProcessTable {

    /** One process: its pid, session id and start time in clock ticks since boot. */
    record Entry(long pid, long session, long startTicks) {
    }

    /** Every process whose stat could be read. */
    List<Entry> all();

    /** One process, if it still exists. */
    Optional<Entry> get(long pid);

    /** Now, in the clock of {@link Entry#startTicks()}. */
    long nowTicks();

    /** The real {@code /proc}. */
    static ProcessTable system() {
        return new Proc(Path.of("/proc"));
    }

    final class Proc implements ProcessTable {

        /** USER_HZ: the unit of the start time in {@code /proc/<pid>/stat}, 100 on every Linux ABI. */
        static final long TICKS_PER_SECOND = 100;

        private final Path root;

        Proc(Path root) {
            this.root = root;
        }

        @Override
        public List<Entry> all() {
            List<Entry> entries = new ArrayList<>();
            try (DirectoryStream<Path> pids = Files.newDirectoryStream(root, Proc::isPid)) {
                for (Path dir : pids) {
                    read(dir).ifPresent(entries::add);
                }
            } catch (IOException e) {
                // No /proc: nothing is provably a leftover, so nothing is signalled.
            }
            return entries;
        }

        @Override
        public Optional<Entry> get(long pid) {
            return read(root.resolve(Long.toString(pid)));
        }

        @Override
        public long nowTicks() {
            try {
                String uptime = Files.readString(root.resolve("uptime"), StandardCharsets.US_ASCII);
                String seconds = uptime.substring(0, uptime.indexOf(' '));
                return Math.round(Double.parseDouble(seconds) * TICKS_PER_SECOND);
            } catch (IOException | RuntimeException e) {
                return -1; // unknown: then no process counts as started before it, and the sweep signals nothing
            }
        }

        private static boolean isPid(Path path) {
            String name = path.getFileName().toString();
            return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
        }

        /** Fields of stat after the command name, which may hold spaces and parentheses: state ppid pgrp session ... */
        static Optional<Entry> read(Path dir) {
            try {
                String stat = new String(Files.readAllBytes(dir.resolve("stat")), StandardCharsets.US_ASCII);
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long pid = Long.parseLong(dir.getFileName().toString());
                // fields[0] is field 3 of proc(5): session is field 6, starttime field 22.
                return Optional.of(new Entry(pid, Long.parseLong(fields[3]), Long.parseLong(fields[19])));
            } catch (IOException | RuntimeException e) {
                return Optional.empty(); // gone meanwhile, or not readable
            }
        }
    }
}
