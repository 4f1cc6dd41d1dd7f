package com.trafikito.agent.commands;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

/**
 * Kills what ended commands left behind in their sessions ({@code sleep 300 >/dev/null &}), and nothing
 * else. A command's session id is its shell's pid; once every process of the session is gone, the kernel
 * may give that id to anyone's new session leader, so a bare {@code kill -- -<id>} some seconds later could
 * hit a stranger (as root: anyone's). The proof that a session is still the command's: a member that
 * started no later than the command's shell ended. While the shell lived, its pid could not be anyone
 * else's session, so such a member is the command's; and while it lives the id cannot be reused, so every
 * member of the session found beside it is the command's too. Members are then killed one by one, each
 * checked again (same session, same start time) just before its signal.
 */
final class LeftoverSweep {

    private static final Logger LOG = Logger.getLogger(LeftoverSweep.class);

    /** A command whose shell has ended: its session id and when (clock ticks since boot) it was seen ended. */
    record Ended(long session, long endTicks) {
    }

    /** Sends SIGKILL to a process if it still is {@code expected}; the JDK checks its start time again. */
    interface Killer {
        void kill(ProcessTable.Entry expected);
    }

    private final ProcessTable table;
    private final Killer killer;

    LeftoverSweep(ProcessTable table, Killer killer) {
        this.table = table;
        this.killer = killer;
    }

    static LeftoverSweep system() {
        ProcessTable table = ProcessTable.system();
        return new LeftoverSweep(table, expected -> ProcessHandle.of(expected.pid()).ifPresent(handle -> {
            // of() took the start time of whatever has this pid now: it must be the process we found.
            if (table.get(expected.pid()).filter(expected::equals).isPresent()) {
                handle.destroyForcibly();
            }
        }));
    }

    /** Marks a command's end: call right after its shell was seen exited. */
    Ended ended(long session) {
        return new Ended(session, table.nowTicks());
    }

    /**
     * One pass over the process table for all ended commands of a cycle.
     *
     * @return the processes signalled
     */
    List<ProcessTable.Entry> sweep(Collection<Ended> ended) {
        if (ended.isEmpty()) {
            return List.of();
        }
        Map<Long, Long> endOf = new HashMap<>();
        ended.forEach(e -> endOf.merge(e.session(), e.endTicks(), Math::min));
        Map<Long, List<ProcessTable.Entry>> members = new HashMap<>();
        Set<Long> proven = new HashSet<>();
        for (ProcessTable.Entry entry : table.all()) {
            Long end = endOf.get(entry.session());
            if (end == null) {
                continue;
            }
            members.computeIfAbsent(entry.session(), s -> new ArrayList<>()).add(entry);
            if (entry.startTicks() <= end) {
                proven.add(entry.session());
            }
        }
        List<ProcessTable.Entry> killed = new ArrayList<>();
        members.forEach((session, list) -> {
            if (!proven.contains(session)) {
                LOG.debugf("session %d: its %d process(es) started after the command ended; not ours to kill",
                        (Long) session, (Integer) list.size());
                return;
            }
            for (ProcessTable.Entry entry : list) {
                killer.kill(entry);
                killed.add(entry);
            }
        });
        if (!killed.isEmpty()) {
            LOG.debugf("killed %d process(es) left behind by ended commands", killed.size());
        }
        return killed;
    }
}
