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
 */
public final class CredentialsFile {

    public static final String SERVER_ID = "server_id";
    public static final String API_KEY = "api_key";
    public static final String RUN_AS = "runas";

    private static final Pattern LINE = Pattern
            .compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*?)\\s*$");

    private final Map<String, String> values;
    private final List<String> malformedLines;

    private CredentialsFile(Map<String, String> values, List<String> malformedLines) {
        this.values = values;
        this.malformedLines = malformedLines;
    }

    public static CredentialsFile parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> malformed = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                values.put(m.group(1).toLowerCase(Locale.ROOT), unquote(m.group(2)));
            } else {
                // Only the line number: a malformed line may hold a secret.
                malformed.add("line " + (i + 1) + ": not of the form KEY=\"value\" or key = value");
            }
        }
        return new CredentialsFile(values, malformed);
    }

    private static String unquote(String value) {
        if (value.length() >= 2) {
            char first = value.charAt(0);
            char last = value.charAt(value.length() - 1);
            if ((first == '"' || first == '\'') && first == last) {
                return value.substring(1, value.length() - 1);
            }
        }
        return value;
    }

    /** A non-blank value of the key (case-insensitive), if the file sets one. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key.toLowerCase(Locale.ROOT))).filter(v -> !v.isBlank());
    }

    public List<String> malformedLines() {
        return List.copyOf(malformedLines);
    }
}
