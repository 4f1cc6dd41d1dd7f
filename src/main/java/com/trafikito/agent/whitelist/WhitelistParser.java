package com.trafikito.agent.whitelist;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the text of {@code available_commands.sh} (PROTOCOL.md, "available_commands.sh"). Invalid lines
 * are collected, never fatal: the valid lines are still used.
 */
public final class WhitelistParser {

    /** The whole line after trailing white space is cut; the value excludes any double quote. */
    private static final Pattern ENTRY =
            Pattern.compile(Pattern.quote(WhitelistEntry.PREFIX) + "([A-Za-z0-9_]+)=\"([^\"]*)\"");

    private WhitelistParser() {
    }

    public static Whitelist parse(String text) {
        return parse(text, Set.of());
    }

    /**
     * Parses the file's bytes line by line: a line that is not valid UTF-8 is an invalid line (a comment is still
     * a comment), and the other lines keep running, as they would have in the shell agent, which sourced it.
     */
    public static Whitelist parse(byte[] bytes) {
        Set<Integer> notUtf8 = new HashSet<>();
        StringBuilder text = new StringBuilder(bytes.length);
        int start = 0;
        int line = 1;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                ByteBuffer piece = ByteBuffer.wrap(bytes, start, i - start);
                try {
                    text.append(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(piece));
                } catch (CharacterCodingException e) {
                    notUtf8.add(line);
                    text.append(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                }
                if (i < bytes.length) {
                    text.append('\n');
                }
                start = i + 1;
                line++;
            }
        }
        return parse(text.toString(), notUtf8);
    }

    private static Whitelist parse(String text, Set<Integer> notUtf8) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // editors on some systems write a BOM; it is not part of line 1
        }
        String[] lines = text.split("\n", -1);
        // "a\n" splits into ["a", ""]: the empty piece after the last line end is not a line
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        List<WhitelistEntry> entries = new ArrayList<>();
        List<InvalidLine> invalid = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String raw = lines[i];
            String stripped = stripTrailing(raw);
            if (stripped.isEmpty() || isComment(stripped) && !hasControl(stripped)) {
                continue;
            }
            if (notUtf8.contains(i + 1)) {
                invalid.add(new InvalidLine(i + 1, withoutCr(raw), "not valid UTF-8"));
                continue;
            }
            Matcher m = ENTRY.matcher(stripped);
            if (m.matches() && !hasControl(stripped)) {
                entries.add(new WhitelistEntry(WhitelistEntry.PREFIX + m.group(1), m.group(2), i + 1, stripped));
            } else {
                invalid.add(new InvalidLine(i + 1, withoutCr(raw)));
            }
        }
        return new Whitelist(entries, invalid);
    }

    /**
     * Validates one line on its own, e.g. a widget's command line (PROTOCOL.md, "Widgets"): the entry
     * when the text is exactly one valid entry line, else empty.
     */
    public static Optional<WhitelistEntry> parseEntry(String line) {
        if (line.indexOf('\n') >= 0) {
            return Optional.empty();
        }
        Whitelist w = parse(line);
        return w.entries().size() == 1 ? Optional.of(w.entries().get(0)) : Optional.empty();
    }

    private static String withoutCr(String raw) {
        return raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
    }

    /** Cuts trailing spaces, tabs and CRs: the line end may be CRLF and may follow trailing blanks. */
    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && isBlank(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    private static boolean isComment(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t') {
                return c == '#';
            }
        }
        return false;
    }

    /** NUL and other control characters (tab aside) hide text in terminals and logs: such a line is invalid. */
    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\t' && Character.isISOControl(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }
}
