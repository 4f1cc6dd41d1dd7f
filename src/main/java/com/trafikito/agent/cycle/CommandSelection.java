package com.trafikito.agent.cycle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.trafikito.agent.commands.CommandSpec;
import com.trafikito.agent.commands.LimitMarkers;
import com.trafikito.agent.cycle.answer.CycleOrder;
import com.trafikito.agent.whitelist.Whitelist;
import com.trafikito.agent.whitelist.WhitelistEntry;

/**
 * Turns the names the API asked for into commands to run and refusals. A name is validated before any
 * lookup: only {@code [A-Za-z0-9_]} names are looked up, and only whitelisted ones run.
 */
public final class CommandSelection {

    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_]+");

    /** One slot of the payload, in the order asked: either a command to run or a refusal line. */
    public record Slot(String name, CommandSpec command, String refusal) {
        public boolean runs() {
            return command != null;
        }
    }

    private CommandSelection() {
    }

    public static List<Slot> select(List<String> runnable, List<String> overCap, Whitelist whitelist) {
        List<Slot> slots = new ArrayList<>(runnable.size() + overCap.size());
        for (String asked : runnable) {
            String name = WhitelistEntry.PREFIX + asked;
            if (!VALID_NAME.matcher(asked).matches()) {
                slots.add(new Slot(name, null, Refusals.INVALID_NAME));
                continue;
            }
            WhitelistEntry entry = whitelist.find(name).orElse(null);
            slots.add(entry == null ? new Slot(name, null, Refusals.NOT_WHITELISTED)
                    : new Slot(name, new CommandSpec(name, entry.commandLine()), null));
        }
        for (String asked : overCap) {
            slots.add(new Slot(WhitelistEntry.PREFIX + asked, null, Refusals.OVER_CAP));
        }
        return slots;
    }

    /** The refusal lines: like the executor's limit markers, they must not look like command output. */
    public static final class Refusals {
        public static final String NOT_WHITELISTED =
                LimitMarkers.PREFIX + "refused: this name is not in available_commands.sh, nothing was run]";
        public static final String INVALID_NAME =
                LimitMarkers.PREFIX + "refused: the name has a character outside [A-Za-z0-9_], nothing was run]";
        public static final String OVER_CAP = LimitMarkers.PREFIX + "refused: more than " + CycleOrder.MAX_COMMANDS
                + " commands asked in one cycle, nothing was run]";

        private Refusals() {
        }

        static byte[] line(String refusal) {
            return (refusal + "\n").getBytes(StandardCharsets.UTF_8);
        }
    }
}
