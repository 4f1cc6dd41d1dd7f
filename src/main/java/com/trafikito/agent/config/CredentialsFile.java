package com.trafikito.agent.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code etc/trafikito.cfg} in both of the shell agent's forms: {@code export SERVER_ID="x"} (the
 * shell agent's cfg) and {@code server_id = x} (the older README's trafikito.conf). Keys are matched
 * case-insensitively so that either form works in either file.
 * <p>
 * A value is read as {@code sh} reads the word of an assignment, since the shell agent sources the file: double
 * or single quotes (removed), a trailing {@code # comment} and trailing white space (dropped). What only a shell
 * could evaluate ({@code $}, backticks, a second word, {@code ;}, an unclosed quote) is not guessed at: the line's
 * key is {@linkplain #unreadable unreadable}, so that the agent refuses it rather than send a mangled value.
 */
public final class CredentialsFile {

    public static final String SERVER_ID = "server_id";
    public static final String API_KEY = "api_key";
    public static final String RUN_AS = "runas";

    /** {@code export KEY=word}, {@code KEY=word}, or the conf form {@code key = word}; group 2 is the rest. */
    private static final Pattern LINE = Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=(.*)$");

    private final Map<String, String> values;
    private final Map<String, String> unreadable;
    private final List<String> malformedLines;

    private CredentialsFile(Map<String, String> values, Map<String, String> unreadable, List<String> malformedLines) {
        this.values = values;
        this.unreadable = unreadable;
        this.malformedLines = malformedLines;
    }

    public static CredentialsFile parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        List<String> malformed = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                // Only the line number: a malformed line may hold a secret.
                malformed.add("line " + (i + 1) + ": not of the form KEY=\"value\" or key = value");
                continue;
            }
            String key = m.group(1).toLowerCase(Locale.ROOT);
            ShWord word = ShWord.read(m.group(2).stripLeading());
            // Like sh, the last assignment of a key wins, a bad one included.
            if (word.problem() == null) {
                values.put(key, word.value());
                unreadable.remove(key);
            } else {
                String problem = "line " + (i + 1) + ": the value of " + m.group(1) + " " + word.problem();
                malformed.add(problem);
                values.remove(key);
                unreadable.put(key, problem);
            }
        }
        return new CredentialsFile(values, unreadable, malformed);
    }

    /** A non-blank value of the key (case-insensitive), if the file sets one that could be read. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key.toLowerCase(Locale.ROOT))).filter(v -> !v.isBlank());
    }

    /**
     * Why the file's value of {@code key} cannot be read as {@code sh} would read it ("line 3: the value of
     * SERVER_ID uses $ ..."), never the value itself; empty when the key is readable or absent.
     */
    public Optional<String> unreadable(String key) {
        return Optional.ofNullable(unreadable.get(key.toLowerCase(Locale.ROOT)));
    }

    public List<String> malformedLines() {
        return List.copyOf(malformedLines);
    }

    /** One word of an assignment, read as sh reads it, or why it cannot be read without a shell. */
    record ShWord(String value, String problem) {

        static ShWord read(String text) {
            StringBuilder value = new StringBuilder();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == ' ' || c == '\t' || c == '\r') {
                    return rest(value, text.substring(i).strip());
                } else if (c == '\'') {
                    int end = text.indexOf('\'', i + 1);
                    if (end < 0) {
                        return bad("has a quote that is not closed on its line");
                    }
                    value.append(text, i + 1, end);
                    i = end + 1;
                } else if (c == '"') {
                    i = doubleQuoted(text, i + 1, value);
                    if (i < 0) {
                        return bad(i == -1 ? "has a quote that is not closed on its line"
                                : "uses $ or a backtick, which only a shell could expand");
                    }
                } else if (c == '$' || c == '`') {
                    return bad("uses $ or a backtick, which only a shell could expand");
                } else if (c == '\\' || ";&|<>()".indexOf(c) >= 0) {
                    return bad("uses " + c + ", which only a shell could interpret");
                } else {
                    value.append(c);
                    i++;
                }
            }
            return new ShWord(value.toString(), null);
        }

        /** Reads up to the closing quote; the index after it, -1 when unclosed, -2 for an expansion. */
        private static int doubleQuoted(String text, int from, StringBuilder value) {
            int i = from;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '"') {
                    return i + 1;
                } else if (c == '$' || c == '`') {
                    return -2;
                } else if (c == '\\' && i + 1 < text.length() && "$`\"\\".indexOf(text.charAt(i + 1)) >= 0) {
                    value.append(text.charAt(i + 1));
                    i += 2;
                } else {
                    value.append(c);
                    i++;
                }
            }
            return -1;
        }

        /** After the word: nothing, or a comment. */
        private static ShWord rest(StringBuilder value, String after) {
            if (after.isEmpty() || after.startsWith("#")) {
                return new ShWord(value.toString(), null);
            }
            return bad("is followed by more than a # comment (quote a value that holds spaces)");
        }

        private static ShWord bad(String problem) {
            return new ShWord(null, problem);
        }
    }
}
