package com.trafikito.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every {@code *f} log call of the code base ({@code LOG.warnf("... %s ...", arg)}) has as many arguments as its
 * format has placeholders: JBoss Logging prints a FORMAT_FAILURE stack trace instead of a message with too few,
 * and drops what is left over with too many. The sources are scanned, so a new call is checked without a test.
 */
class LogFormatCallsTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern CALL = Pattern.compile("\\b\\w+\\.(?:trace|debug|info|warn|error|fatal)f\\(");
    /** java.util.Formatter's conversions, without %% and %n, which take no argument. */
    private static final Pattern PLACEHOLDER = Pattern.compile("%(?![%n])(?:\\d+\\$)?[-#+ 0,(<]*\\d*(?:\\.\\d+)?[a-zA-Z]");

    @Test
    void everyFormatHasAsManyArgumentsAsPlaceholders() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int calls = 0;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher m = CALL.matcher(source);
                while (m.find()) {
                    calls++;
                    List<String> args = arguments(source, m.end());
                    check(args).ifPresent(problem -> mismatches.add(file + " line " + lineOf(source, m.start())
                            + ": " + problem));
                }
            }
        }
        assertThat(calls).as("log calls found: the scan works").isGreaterThan(20);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void theCheckCatchesTooFewAndTooManyArguments() {
        // The shape of the call that printed FORMAT_FAILURE: two %s, one argument, the format split over lines.
        assertThat(check(List.of("\"a %s b (%s); c \"\n + \"d\"", "x")).orElse("")).startsWith("2 placeholders, 1 argument(s)");
        assertThat(check(List.of("e", "\"a %s\" + \" %d%%\"", "x")).orElse("")).startsWith("2 placeholders, 1 argument(s)");
        assertThat(check(List.of("\"a %s\"", "x", "y")).orElse("")).startsWith("1 placeholders, 2 argument(s)");
        assertThat(check(List.of("\"%d of %d: %s%n\"", "1", "f(a, b)", "\"c,d\""))).isEmpty();
    }

    /** A problem, or empty when the counts agree (or the format is not made of literals only). */
    static java.util.Optional<String> check(List<String> args) {
        int formatAt = isLiteral(args.get(0)) ? 0 : 1; // (Throwable, format, args...) or (format, args...)
        if (formatAt >= args.size() || !isLiteral(args.get(formatAt))) {
            return java.util.Optional.empty();
        }
        String format = literalText(args.get(formatAt));
        Matcher p = PLACEHOLDER.matcher(format);
        int placeholders = 0;
        while (p.find()) {
            placeholders++;
        }
        int given = args.size() - formatAt - 1;
        return placeholders == given ? java.util.Optional.empty()
                : java.util.Optional.of(placeholders + " placeholders, " + given + " argument(s) in " + format);
    }

    /** The top-level arguments of the call whose "(" ends at {@code from}, as source text. */
    static List<String> arguments(String source, int from) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '"' || c == '\'') {
                int end = endOfLiteral(source, i);
                current.append(source, i, end);
                i = end - 1;
            } else if (c == '(' || c == '{' || c == '[') {
                depth++;
                current.append(c);
            } else if ((c == ')' || c == '}' || c == ']') && depth > 0) {
                depth--;
                current.append(c);
            } else if (c == ')') {
                args.add(current.toString().strip());
                return args;
            } else if (c == ',' && depth == 0) {
                args.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        throw new IllegalStateException("unclosed call at " + from);
    }

    private static int endOfLiteral(String source, int start) {
        if (source.startsWith("\"\"\"", start)) {
            return source.indexOf("\"\"\"", start + 3) + 3;
        }
        char quote = source.charAt(start);
        int i = start + 1;
        while (source.charAt(i) != quote) {
            i += source.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    /** Only string literals joined by {@code +}. */
    private static boolean isLiteral(String arg) {
        return arg.matches("(?s)\\s*\"(?:[^\"\\\\]|\\\\.)*\"(?:\\s*\\+\\s*\"(?:[^\"\\\\]|\\\\.)*\")*\\s*");
    }

    private static String literalText(String arg) {
        StringBuilder text = new StringBuilder();
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(arg);
        while (m.find()) {
            text.append(m.group(1));
        }
        return text.toString();
    }

    private static int lineOf(String source, int offset) {
        return (int) source.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }
}
