package com.trafikito.agent.commands;

import java.util.Comparator;
import java.util.HashMap;
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
 * Durations are those of the last run only, keyed by command line, so the memory is as large as one
 * cycle's list and a command that changed speed is placed by its latest run.
 */
final class StartOrder {

    private volatile Map<String, Long> lastNanos = Map.of();

    /** Indexes into {@code specs} in the order to start them. */
    int[] arrange(List<CommandSpec> specs) {
        Map<String, Long> known = lastNanos;
        Comparator<Integer> slowestFirst = Comparator.comparingLong(
                i -> -known.getOrDefault(specs.get(i).commandLine(), Long.MAX_VALUE));
        // A stable sort: equal estimates keep the request order.
        return IntStream.range(0, specs.size()).boxed().sorted(slowestFirst).mapToInt(Integer::intValue).toArray();
    }

    /** Remembers how long each command of this run took, forgetting those that did not run. */
    void learn(List<CommandSpec> specs, List<CommandResult> results) {
        Map<String, Long> durations = new HashMap<>(specs.size() * 2);
        for (int i = 0; i < specs.size(); i++) {
            durations.merge(specs.get(i).commandLine(), results.get(i).duration().toNanos(), Math::max);
        }
        lastNanos = durations;
    }
}
