package com.trafikito.agent.install;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.trafikito.agent.config.CredentialsFile;

/**
 * Writes {@code etc/trafikito.cfg} in the shell agent's {@code export KEY="value"} form, so that both agents
 * can read it. The shell agent <em>sources</em> this file: a value holding a quote, {@code $}, a backslash or a
 * backtick would run as shell code there, so such values are refused instead of written.
 */
public final class CfgText {

    public static final String SERVER_ID = "SERVER_ID";
    public static final String API_KEY = "API_KEY";
    public static final String RUNAS = "RUNAS";
    public static final String USER_API_KEY = "USER_API_KEY";
    public static final String WORKSPACE_ID = "WORKSPACE_ID";
    public static final String SERVER_NAME = "SERVER_NAME";

    /** A key line of either form: {@code export KEY="v"} or {@code key = v}. */
    private static final Pattern KEY_LINE = Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=.*$");

    private CfgText() {
    }

    /** A new file: a comment, then one line per value in the given order. */
    public static String fresh(Map<String, String> values) {
        StringBuilder text = new StringBuilder()
                .append("# trafikito agent settings, written by `agent install`. Secret: keep this file mode 0600.\n")
                .append("# Read by this agent and by the original shell agent (which sources it).\n");
        values.forEach((key, value) -> text.append(line(key, value)).append('\n'));
        return text.toString();
    }

    /**
     * The existing text with the given keys set: a line of such a key (of either form, any case) is replaced
     * in place, keys without a line are appended, and every other line (comments, TMP_FILE, ...) is kept as it
     * is. A key whose value is already the given one keeps its line untouched.
     */
    public static String update(String existing, Map<String, String> values) {
        Map<String, String> pending = new LinkedHashMap<>();
        values.forEach((key, value) -> pending.put(key.toUpperCase(Locale.ROOT), value));
        Map<String, String> current = currentValues(existing);
        List<String> out = new ArrayList<>();
        String[] lines = existing.split("\n", -1);
        int count = existing.endsWith("\n") ? lines.length - 1 : lines.length;
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String line = lines[i];
            Matcher m = KEY_LINE.matcher(line);
            String key = m.matches() ? m.group(1).toUpperCase(Locale.ROOT) : null;
            if (key != null && pending.containsKey(key)) {
                String value = pending.get(key);
                seen.add(key);
                boolean same = value.equals(current.get(key));
                out.add(same ? line : line(key, value));
            } else {
                out.add(line);
            }
        }
        pending.forEach((key, value) -> {
            if (!seen.contains(key)) {
                out.add(line(key, value));
            }
        });
        return String.join("\n", out) + "\n";
    }

    /** One {@code export KEY="value"} line. */
    static String line(String key, String value) {
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException(key + " " + problem);
        }
        return "export " + key + "=\"" + value + "\"";
    }

    /**
     * Why a value cannot be written (it would be shell code, or break the line), or null when it can.
     * The message never repeats the value: it may be a secret.
     */
    public static String problem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == '$' || c == '`') {
                return "must not contain the character " + c;
            }
            if (Character.isISOControl(c)) {
                return "must not contain control characters or line ends";
            }
        }
        return null;
    }

    private static Map<String, String> currentValues(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        CredentialsFile file = CredentialsFile.parse(text);
        for (String key : List.of(SERVER_ID, API_KEY, RUNAS, USER_API_KEY, WORKSPACE_ID, SERVER_NAME)) {
            file.get(key).ifPresent(v -> values.put(key, v));
        }
        return values;
    }
}
