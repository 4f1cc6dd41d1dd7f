package com.trafikito.agent.install;

import java.util.ArrayList;
import java.util.List;

import com.trafikito.agent.whitelist.Whitelist;
import com.trafikito.agent.whitelist.WhitelistEntry;
import com.trafikito.agent.whitelist.WhitelistFile;
import com.trafikito.agent.whitelist.WhitelistParser;
import com.trafikito.agent.text.Printable;

/**
 * The text of {@code available_commands.sh} that install writes. The owner's lines are never rewritten: a
 * merge keeps the existing file byte for byte and only appends commands whose names it does not have.
 */
public final class WhitelistText {

    private WhitelistText() {
    }

    /**
     * The explanatory header (the leading comment block of the bundled sample), so that the rules are in the
     * file the owner edits, as the original installer did.
     */
    public static String header() {
        StringBuilder header = new StringBuilder();
        for (String line : WhitelistFile.bundledSampleText().split("\n")) {
            if (!line.startsWith("#")) {
                break;
            }
            header.append(line).append('\n');
        }
        return header.toString();
    }

    /** A first whitelist: the header, then every valid entry of {@code initial} (the API's or the bundled list). */
    public static String fresh(Whitelist initial, String origin) {
        StringBuilder text = new StringBuilder(header()).append("#\n# Initial commands: ").append(origin).append('\n');
        initial.entries().forEach(entry -> text.append(entry.line()).append('\n'));
        return text.toString();
    }

    /**
     * {@code existing} unchanged, plus the entries of {@code initial} whose names it lacks, under a comment that
     * says where they came from. Returns {@code existing} itself when there is nothing to add.
     */
    public static String merge(String existing, Whitelist initial, String origin) {
        Whitelist owner = WhitelistParser.parse(existing);
        List<String> added = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (WhitelistEntry entry : initial.effectiveEntries()) {
            if (owner.find(entry.name()).isEmpty()) {
                added.add(entry.line());
                names.add(entry.name());
            }
        }
        if (added.isEmpty()) {
            return existing;
        }
        StringBuilder text = new StringBuilder(existing);
        if (!existing.isEmpty() && !existing.endsWith("\n")) {
            text.append('\n');
        }
        text.append("# Added by `agent install` from ").append(origin).append(": ").append(names.size())
                .append(" command(s) this file did not have\n");
        added.forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    /**
     * Why a whitelist received from the API is not used (its text is not a whitelist: an error message, an
     * empty answer, a line that is not an entry), or null when it is fine. Lines are quoted with their numbers.
     */
    public static String problem(Whitelist received) {
        if (!received.invalidLines().isEmpty()) {
            StringBuilder why = new StringBuilder("it has invalid lines:");
            received.invalidLines().stream().limit(5).forEach(line -> why.append("\n    ").append(printable(line.describe())));
            if (received.invalidLines().size() > 5) {
                why.append("\n    ... and ").append(received.invalidLines().size() - 5).append(" more");
            }
            return why.toString();
        }
        if (received.entries().isEmpty()) {
            return "it has no command";
        }
        return null;
    }

    /** Text from the network shown on a terminal: {@link Printable#line}. */
    static String printable(String text) {
        return Printable.line(text);
    }
}
