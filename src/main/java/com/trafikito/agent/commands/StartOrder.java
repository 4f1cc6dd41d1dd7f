package com.trafikito.agent.commands;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The order in which a cycle's commands start: the slowest of the previous cycle first. With a few slots,
 * a slow command that waits for its turn behind fast ones ends the cycle late (`top` started fifteenth of
 * sixteen ends the cycle about 40 ms after its own run time); started first, it runs while the fast ones
 * pass through the other slots. A command never seen before starts before every known one, in request
 * order, since it may be the slow one. Results are still laid out in the requested order by the caller.
 * <p>
 * Each command line is placed by its latest run, whatever run that was: a widget or a dry run that runs
 * one or two commands updates their durations and forgets none of the others, so the cycle after it keeps
 * its order. The memory holds the {@link #MAX_KNOWN} command lines that ran last (a whitelist has far fewer),
 * so a line removed from the whitelist is forgotten in time.
 */
final class StartOrder {

    static final int MAX_KNOWN = 1024;

    // Access order: the least recently run line is the one dropped when the memory is full. Guarded by this.
    private final Map<String, Long> lastNanos = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_KNOWN;
        }
    };

    /** Indexes into {@code specs} in the order to start them. */
    int[] arrange(List<CommandSpec> specs) {
        long[] estimates = new long[specs.size()];
        synchronized (this) {
            for (int i = 0; i < estimates.length; i++) {
                Long known = lastNanos.get(specs.get(i).commandLine());
                estimates[i] = known == null ? Long.MAX_VALUE : known;
            }
        }
        Comparator<Integer> slowestFirst = Comparator.comparingLong(i -> -estimates[i]);
        // A stable sort: equal estimates keep the request order.
        return IntStream.range(0, specs.size()).boxed().sorted(slowestFirst).mapToInt(Integer::intValue).toArray();
    }

    /** Remembers how long each command of this run took, keeping what earlier runs taught about the others. */
    synchronized void learn(List<CommandSpec> specs, List<CommandResult> results) {
        Map<String, Long> durations = new LinkedHashMap<>(specs.size() * 2);
        for (int i = 0; i < specs.size(); i++) {
            durations.merge(specs.get(i).commandLine(), results.get(i).duration().toNanos(), Math::max);
        }
        lastNanos.putAll(durations);
    }

    synchronized int known() {
        return lastNanos.size();
    }
}
