package com.trafikito.agent.cycle.answer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a get_config answer (PROTOCOL.md section 1). Stateless and thread-safe.
 */
public class ConfigAnswerParser {

    /** Jackson's tree model only: no data binding, so nothing to register for a native image. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Pattern WHITE = Pattern.compile("[ \t\r\n]+");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final Pattern DELAY = Pattern.compile("[0-9]+");
    private static final Pattern WIDGET = Pattern.compile("[A-Za-z0-9_-]+");

    public ConfigAnswerParser() {
    }

    public ConfigAnswer parse(String body) {
        String text = stripTrailingWhitespace(body == null ? "" : body);
        if (text.isEmpty()) {
            return new ConfigAnswer.Empty();
        }
        char first = text.charAt(0);
        if (first == '{' || first == '[') {
            return parseJson(text);
        }
        if (text.equals("STOP") || text.startsWith("STOP") && isWhite(text.charAt(4))) {
            return new ConfigAnswer.Stop(text.substring(4).stripLeading(), text);
        }
        if (text.equals("=")) {
            return new ConfigAnswer.SameAsLast();
        }
        if (isWhite(first)) {
            return new ConfigAnswer.Invalid("leading white space", text);
        }
        String[] fields = WHITE.split(text);
        if (fields.length > 5) {
            return new ConfigAnswer.Invalid("more than 5 fields (" + fields.length + ")", text);
        }
        if (fields.length == 1 && fields[0].indexOf(',') >= 0) {
            return parseLegacy(text);
        }
        return parseFields(fields, text);
    }

    /** Cuts spaces, tabs, CRs and LFs at the end: every comparison is made on the rest. */
    public static String stripTrailingWhitespace(String s) {
        int end = s.length();
        while (end > 0 && isWhite(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    private static ConfigAnswer parseFields(String[] fields, String text) {
        if (!TOKEN.matcher(fields[0]).matches()) {
            return new ConfigAnswer.Invalid("callToken: not 1-128 characters of [A-Za-z0-9._:-]", text);
        }
        List<String> commands = fields.length > 1 ? commaList(fields[1]) : List.of();
        Optional<String> version = Optional.empty();
        if (fields.length > 2) {
            if (!VERSION.matcher(fields[2]).matches()) {
                return new ConfigAnswer.Invalid("agentVersion: not 1-32 characters of [A-Za-z0-9._-]", text);
            }
            version = Optional.of(fields[2]);
        }
        int delay = 0;
        if (fields.length > 3) {
            if (!DELAY.matcher(fields[3]).matches()) {
                return new ConfigAnswer.Invalid("cycleDelay: not a whole number of seconds", text);
            }
            delay = delaySeconds(fields[3]);
        }
        List<String> widgets = fields.length > 4 ? commaList(fields[4]) : List.of();
        for (String w : widgets) {
            if (!WIDGET.matcher(w).matches()) {
                return new ConfigAnswer.Invalid("widgets: an id is not [A-Za-z0-9_-]+", text);
            }
        }
        return new ConfigAnswer.Order(new CycleOrder(fields[0], commands, version, delay, widgets, text));
    }

    /** The original README's {@code <callToken>,<cmd1>,<cmd2>,...}: no version, delay or widgets. */
    private static ConfigAnswer parseLegacy(String text) {
        int comma = text.indexOf(',');
        String token = text.substring(0, comma);
        if (!TOKEN.matcher(token).matches()) {
            return new ConfigAnswer.Invalid("callToken (comma form): not 1-128 characters of [A-Za-z0-9._:-]", text);
        }
        return new ConfigAnswer.Order(new CycleOrder(token, commaList(text.substring(comma + 1)), Optional.empty(), 0,
                List.of(), text));
    }

    /** Digits only, already checked; any length, so a 40-digit number is just "a lot": capped without overflow. */
    private static int delaySeconds(String digits) {
        String significant = digits.replaceFirst("^0+", "");
        if (significant.length() > 4) {
            return CycleOrder.MAX_DELAY_SECONDS;
        }
        return significant.isEmpty() ? 0 : Math.min(Integer.parseInt(significant), CycleOrder.MAX_DELAY_SECONDS);
    }

    /** Comma-separated items, empties dropped, each kept once at its first place. */
    private static List<String> commaList(String field) {
        Set<String> items = new LinkedHashSet<>();
        for (String item : field.split(",")) {
            if (!item.isEmpty()) {
                items.add(item);
            }
        }
        return new ArrayList<>(items);
    }

    private static ConfigAnswer parseJson(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            return new ConfigAnswer.Invalid("unparsable JSON", text);
        }
        JsonNode error = root == null ? null : root.get("error");
        if (root == null || !root.isObject() || error == null || error.isNull()) {
            return new ConfigAnswer.Invalid("JSON without a non-null error member", text);
        }
        JsonNode message = error.get("message");
        boolean hasMessage = message != null && message.isTextual() && !message.asText().isEmpty();
        return new ConfigAnswer.ApiError(hasMessage ? message.asText() : error.toString(), text);
    }

    private static boolean isWhite(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
