package com.trafikito.agent.text;

import java.nio.charset.StandardCharsets;

/**
 * Text that came from outside (API answers and error messages, STOP reasons, file contents, exception messages
 * that quote them) made safe for one log line, {@code status} or {@code check} output, health or metrics text:
 * one line, control and format characters escaped ({@code \n}, {@code \x1b}, {@code \u202e}) so that it can
 * neither forge a line nor drive the terminal, and at most {@link #MAX_CHARS} characters followed by
 * "(N more bytes)". Data sent back to the API (payload, error_feedback details) never goes through it.
 */
public final class Printable {

    public static final int MAX_CHARS = 200;

    private Printable() {
    }

    public static String line(Object value) {
        return line(value, MAX_CHARS);
    }

    public static String line(Object value, int maxChars) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 24);
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            String shown = escape(cp);
            if (out.length() + shown.length() > maxChars) {
                break;
            }
            out.append(shown);
            i += Character.charCount(cp);
        }
        if (i < text.length()) {
            int more = text.substring(i).getBytes(StandardCharsets.UTF_8).length;
            out.append(" (").append(more).append(" more bytes)");
        }
        return out.toString();
    }

    private static String escape(int cp) {
        switch (cp) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        if (cp < 0x100 && Character.isISOControl(cp)) {
            return String.format("\\x%02x", cp);
        }
        int type = Character.getType(cp);
        if (type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE || type == Character.PRIVATE_USE || type == Character.UNASSIGNED) {
            return cp > 0xFFFF ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp);
        }
        return new String(Character.toChars(cp));
    }
}
