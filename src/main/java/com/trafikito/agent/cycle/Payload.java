package com.trafikito.agent.cycle;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The save_output payload, byte for byte as PROTOCOL.md lays it out: one delimiter line per command asked
 * for, each at the start of a line, then the available-commands section.
 */
public final class Payload {

    public static final String COMMAND_DELIMITER = "*-*-*-*------------ Trafikito command: ";
    public static final String AVAILABLE_DELIMITER = "*-*-*-*------------ Available commands:";

    /** One command's part: its delimiter name (with the {@code trafikito_} prefix) and what it wrote. */
    public record Section(String name, byte[] output) {
    }

    private Payload() {
    }

    public static byte[] build(List<Section> sections, List<String> availableLines) {
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

    /** One command's part alone: what widget/install sends as its {@code output}. */
    public static byte[] section(String name, byte[] output) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(output.length + 64);
        writeSection(out, new Section(name, output));
        return out.toByteArray();
    }

    private static void writeSection(ByteArrayOutputStream out, Section section) {
        writeLine(out, COMMAND_DELIMITER + printable(section.name()));
        byte[] output = section.output();
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
