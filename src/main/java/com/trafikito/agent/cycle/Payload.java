package com.trafikito.agent.cycle;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.trafikito.agent.commands.CommandResult;
import com.trafikito.agent.whitelist.Whitelist;
import com.trafikito.agent.whitelist.WhitelistEntry;

/**
 * The payloads of the agent's commands, byte for byte as PROTOCOL.md lays them out: one delimiter line per
 * command, each at the start of a line, followed by what the command wrote. A cycle's delimiter names the
 * command ({@code trafikito_df_h}) and its payload ends with the available-commands section; registration's
 * delimiter names the command line, as the original installer sent it, and has no such section.
 */
public final class Payload {

    private static final String COMMAND_DELIMITER = "*-*-*-*------------ Trafikito command: ";
    private static final String AVAILABLE_DELIMITER = "*-*-*-*------------ Available commands:";

    /** One command's part: its delimiter name (with the {@code trafikito_} prefix) and what it wrote. */
    record Section(String name, byte[] output) {
    }

    private Payload() {
    }

    /**
     * A cycle's save_output payload: one section per slot in the order asked (the command's output, or the
     * refusal line of a name that did not run), then every valid line of the whitelist.
     *
     * @param results the results of the slots that run, in their order
     */
    public static byte[] ofCycle(List<CommandSelection.Slot> slots, List<CommandResult> results, Whitelist whitelist) {
        Iterator<CommandResult> ran = results.iterator();
        List<Section> sections = new ArrayList<>(slots.size());
        for (CommandSelection.Slot slot : slots) {
            byte[] output = slot.runs() ? ran.next().output() : CommandSelection.Refusals.line(slot.refusal());
            sections.add(new Section(slot.name(), output));
        }
        return build(sections, whitelist.entries().stream().map(WhitelistEntry::line).toList());
    }

    /** The sections named by command, then the available-commands section with {@code availableLines}. */
    static byte[] build(List<Section> sections, List<String> availableLines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        for (Section section : sections) {
            writeSection(out, section);
        }
        writeLine(out, AVAILABLE_DELIMITER);
        for (String line : availableLines) {
            writeLine(out, line);
        }
        return out.toByteArray();
    }

    /**
     * Registration's payload (PROTOCOL.md 5.2): each delimiter names the command's line, verbatim, and there is
     * no available-commands section.
     *
     * @param results one per command, in the same order
     */
    public static byte[] ofRegistration(List<WhitelistEntry> commands, List<CommandResult> results) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        Iterator<CommandResult> ran = results.iterator();
        for (WhitelistEntry command : commands) {
            writeCommand(out, command.commandLine(), ran.next().output());
        }
        return out.toByteArray();
    }

    /** One command's part alone: what widget/install sends as its {@code output}. */
    public static byte[] section(String name, byte[] output) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(output.length + 64);
        writeSection(out, new Section(name, output));
        return out.toByteArray();
    }

    private static void writeSection(ByteArrayOutputStream out, Section section) {
        writeCommand(out, printable(section.name()), section.output());
    }

    private static void writeCommand(ByteArrayOutputStream out, String delimiterText, byte[] output) {
        writeLine(out, COMMAND_DELIMITER + delimiterText);
        out.writeBytes(output);
        if (output.length > 0 && output[output.length - 1] != '\n') {
            out.write('\n');
        }
    }

    private static void writeLine(ByteArrayOutputStream out, String line) {
        out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    /**
     * A refused name is echoed as asked, but it came from the network: control characters would break the
     * layout, so they are shown as {@code ?}.
     */
    static String printable(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> sb.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return sb.toString();
    }
}
