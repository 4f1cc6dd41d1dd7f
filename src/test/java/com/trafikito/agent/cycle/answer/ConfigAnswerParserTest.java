package com.trafikito.agent.cycle.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.trafikito.agent.cycle.answer.ConfigAnswer.ApiError;
import com.trafikito.agent.cycle.answer.ConfigAnswer.Empty;
import com.trafikito.agent.cycle.answer.ConfigAnswer.Invalid;
import com.trafikito.agent.cycle.answer.ConfigAnswer.Order;
import com.trafikito.agent.cycle.answer.ConfigAnswer.SameAsLast;
import com.trafikito.agent.cycle.answer.ConfigAnswer.Stop;

class ConfigAnswerParserTest {

    private static final String UUID = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String API_ERROR =
            "{\"error\":{\"code\":\"#6d5jyjytjh\",\"message\":\"SEND_DATA_ONCE_PER_MINUTE_OR_YOU_WILL_BE_BLOCKED\"},\"data\":null}";

    private final ConfigAnswerParser parser = new ConfigAnswerParser();

    private static Order order(String token, List<String> commands, String version, int delay, List<String> widgets,
            String raw) {
        return new Order(new CycleOrder(token, commands, Optional.ofNullable(version), delay, widgets, raw));
    }

    /** An expected Invalid: its {@code why} must contain this text. */
    private static Invalid invalid(String whyContains, String raw) {
        return new Invalid(whyContains, raw);
    }

    static Stream<Arguments> answers() {
        String token128 = "a".repeat(128);
        String token129 = "a".repeat(129);
        return Stream.of(
                // normal answers, 1 to 5 fields
                Arguments.of("5 fields", UUID + " uptime,df_h,free 2.1.0 30 nginx,redis-1",
                        order(UUID, List.of("uptime", "df_h", "free"), "2.1.0", 30, List.of("nginx", "redis-1"),
                                UUID + " uptime,df_h,free 2.1.0 30 nginx,redis-1")),
                Arguments.of("1 field", "tok", order("tok", List.of(), null, 0, List.of(), "tok")),
                Arguments.of("2 fields", "tok uptime", order("tok", List.of("uptime"), null, 0, List.of(), "tok uptime")),
                Arguments.of("3 fields", "tok uptime 1.0", order("tok", List.of("uptime"), "1.0", 0, List.of(), "tok uptime 1.0")),
                Arguments.of("4 fields", "tok uptime 1.0 0", order("tok", List.of("uptime"), "1.0", 0, List.of(), "tok uptime 1.0 0")),
                Arguments.of("tabs and runs of white space between fields", "tok\t uptime  \t1.0\r\n5",
                        order("tok", List.of("uptime"), "1.0", 5, List.of(), "tok\t uptime  \t1.0\r\n5")),
                Arguments.of("trailing CR LF", "tok a,b\r\n", order("tok", List.of("a", "b"), null, 0, List.of(), "tok a,b")),
                Arguments.of("trailing spaces, tabs and newlines", "tok a 1.0 7  \t\n\n",
                        order("tok", List.of("a"), "1.0", 7, List.of(), "tok a 1.0 7")),
                Arguments.of("commands a,,b,a", "tok a,,b,a", order("tok", List.of("a", "b"), null, 0, List.of(), "tok a,,b,a")),
                Arguments.of("commands only commas", "tok ,,", order("tok", List.of(), null, 0, List.of(), "tok ,,")),
                Arguments.of("invalid command names are kept for later refusal", "tok up-time,../x,$(id)",
                        order("tok", List.of("up-time", "../x", "$(id)"), null, 0, List.of(), "tok up-time,../x,$(id)")),
                Arguments.of("widgets with empties", "tok a 1 0 ,w1,,w_2,", order("tok", List.of("a"), "1", 0, List.of("w1", "w_2"),
                        "tok a 1 0 ,w1,,w_2,")),
                Arguments.of("token of 128 chars", token128, order(token128, List.of(), null, 0, List.of(), token128)),
                Arguments.of("token with leading -", "-tok a", order("-tok", List.of("a"), null, 0, List.of(), "-tok a")),
                Arguments.of("token with . and :", "a.b:c_d-e f", order("a.b:c_d-e", List.of("f"), null, 0, List.of(), "a.b:c_d-e f")),
                Arguments.of("token and commands containing error", "error-42 error,log_errors error 0",
                        order("error-42", List.of("error", "log_errors"), "error", 0, List.of(), "error-42 error,log_errors error 0")),
                Arguments.of("STOPPED is a token", "STOPPED", order("STOPPED", List.of(), null, 0, List.of(), "STOPPED")),
                Arguments.of("lower-case stop is a token", "stop", order("stop", List.of(), null, 0, List.of(), "stop")),
                Arguments.of("delay 3600", "tok a 1 3600", order("tok", List.of("a"), "1", 3600, List.of(), "tok a 1 3600")),
                Arguments.of("delay 3601 capped", "tok a 1 3601", order("tok", List.of("a"), "1", 3600, List.of(), "tok a 1 3601")),
                Arguments.of("delay with leading zeros", "tok a 1 000000000000000000042",
                        order("tok", List.of("a"), "1", 42, List.of(), "tok a 1 000000000000000000042")),
                Arguments.of("delay of 29 digits capped", "tok a 1 99999999999999999999999999999",
                        order("tok", List.of("a"), "1", 3600, List.of(), "tok a 1 99999999999999999999999999999")),
                Arguments.of("delay of 40 digits capped", "tok a 1 " + "9".repeat(40),
                        order("tok", List.of("a"), "1", 3600, List.of(), "tok a 1 " + "9".repeat(40))),
                Arguments.of("version of 32 chars", "tok a " + "v".repeat(32),
                        order("tok", List.of("a"), "v".repeat(32), 0, List.of(), "tok a " + "v".repeat(32))),
                // legacy comma form
                Arguments.of("legacy CSV", UUID + ",uptime,df_h,free",
                        order(UUID, List.of("uptime", "df_h", "free"), null, 0, List.of(), UUID + ",uptime,df_h,free")),
                Arguments.of("legacy CSV with empties, duplicates and CRLF", "tok,a,,b,a,\r\n",
                        order("tok", List.of("a", "b"), null, 0, List.of(), "tok,a,,b,a,")),
                Arguments.of("legacy CSV token only", "tok,", order("tok", List.of(), null, 0, List.of(), "tok,")),
                Arguments.of("legacy CSV empty token", ",a,b", invalid("callToken", ",a,b")),
                Arguments.of("legacy CSV bad token", "to/k,a", invalid("callToken", "to/k,a")),
                // same, stop
                Arguments.of("=", "=", new SameAsLast()),
                Arguments.of("= with CRLF", "=\r\n", new SameAsLast()),
                Arguments.of("==", "==", invalid("callToken", "==")),
                Arguments.of("STOP", "STOP", new Stop("", "STOP")),
                Arguments.of("STOP with newline", "STOP\n", new Stop("", "STOP")),
                Arguments.of("STOP with reason", "STOP server removed", new Stop("server removed", "STOP server removed")),
                Arguments.of("STOP tab reason", "STOP\t \tgone\r\n", new Stop("gone", "STOP\t \tgone")),
                // JSON
                Arguments.of("API error with message", API_ERROR, new ApiError("SEND_DATA_ONCE_PER_MINUTE_OR_YOU_WILL_BE_BLOCKED", API_ERROR)),
                Arguments.of("API error with message and trailing newline", API_ERROR + "\n",
                        new ApiError("SEND_DATA_ONCE_PER_MINUTE_OR_YOU_WILL_BE_BLOCKED", API_ERROR)),
                Arguments.of("API error object without message", "{\"error\":{\"code\":\"#x\"}}",
                        new ApiError("{\"code\":\"#x\"}", "{\"error\":{\"code\":\"#x\"}}")),
                Arguments.of("API error with empty message", "{\"error\":{\"code\":1,\"message\":\"\"}}",
                        new ApiError("{\"code\":1,\"message\":\"\"}", "{\"error\":{\"code\":1,\"message\":\"\"}}")),
                Arguments.of("API error with a non-string message", "{\"error\":{\"message\":42}}",
                        new ApiError("{\"message\":42}", "{\"error\":{\"message\":42}}")),
                Arguments.of("API error as a string", "{\"error\":\"nope\"}", new ApiError("\"nope\"", "{\"error\":\"nope\"}")),
                Arguments.of("error null", "{\"error\":null,\"data\":\"x\"}", invalid("error member", "{\"error\":null,\"data\":\"x\"}")),
                Arguments.of("other JSON object", "{\"data\":\"tok a\"}", invalid("JSON", "{\"data\":\"tok a\"}")),
                Arguments.of("JSON array", "[{\"error\":{\"message\":\"x\"}}]", invalid("JSON", "[{\"error\":{\"message\":\"x\"}}]")),
                Arguments.of("truncated JSON", "{\"error\":{\"code\":\"#6d", invalid("unparsable JSON", "{\"error\":{\"code\":\"#6d")),
                Arguments.of("JSON followed by text", API_ERROR + " tok a", invalid("unparsable JSON", API_ERROR + " tok a")),
                Arguments.of("token starting with {", "{tok a", invalid("JSON", "{tok a")),
                // invalid answers
                Arguments.of("empty body", "", new Empty()),
                Arguments.of("only white space", " \t\r\n \n", new Empty()),
                Arguments.of("leading space", " tok a", invalid("leading white space", " tok a")),
                Arguments.of("leading newline", "\ntok a", invalid("leading white space", "\ntok a")),
                Arguments.of("leading space before STOP", " STOP", invalid("leading white space", " STOP")),
                Arguments.of("six fields", "tok a 1 0 w extra", invalid("more than 5 fields", "tok a 1 0 w extra")),
                Arguments.of("token of 129 chars", token129 + " a", invalid("callToken", token129 + " a")),
                Arguments.of("token with /", "to/k a", invalid("callToken", "to/k a")),
                Arguments.of("token with { inside", "to{k a", invalid("callToken", "to{k a")),
                Arguments.of("token with a comma and more fields", "tok,a b", invalid("callToken", "tok,a b")),
                Arguments.of("HTML error page", "<html><body>502</body></html>", invalid("callToken", "<html><body>502</body></html>")),
                Arguments.of("version of 33 chars", "tok a " + "v".repeat(33), invalid("agentVersion", "tok a " + "v".repeat(33))),
                Arguments.of("version with /", "tok a 1.0/2", invalid("agentVersion", "tok a 1.0/2")),
                Arguments.of("delay abc", "tok a 1.0 abc", invalid("cycleDelay", "tok a 1.0 abc")),
                Arguments.of("delay -5", "tok a 1.0 -5", invalid("cycleDelay", "tok a 1.0 -5")),
                Arguments.of("delay +5", "tok a 1.0 +5", invalid("cycleDelay", "tok a 1.0 +5")),
                Arguments.of("delay 1.5", "tok a 1.0 1.5", invalid("cycleDelay", "tok a 1.0 1.5")),
                Arguments.of("widgets with /", "tok a 1.0 0 w1,../w2", invalid("widgets", "tok a 1.0 0 w1,../w2")),
                Arguments.of("widgets with .", "tok a 1.0 0 w.1", invalid("widgets", "tok a 1.0 0 w.1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void parses(String label, String body, ConfigAnswer expected) {
        ConfigAnswer actual = parser.parse(body);

        if (expected instanceof Invalid want) {
            assertThat(actual).isInstanceOf(Invalid.class);
            Invalid got = (Invalid) actual;
            assertThat(got.raw()).isEqualTo(want.raw());
            assertThat(got.why()).contains(want.why());
        } else {
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Test
    void nullBodyIsEmpty() {
        assertThat(parser.parse(null)).isEqualTo(new Empty());
    }

    @Test
    void threeHundredNamesRun256AndRefuseTheRest() {
        String names = IntStream.rangeClosed(1, 300).mapToObj(i -> "cmd" + i).collect(Collectors.joining(","));

        CycleOrder order = ((Order) parser.parse("tok " + names)).order();

        assertThat(order.commands()).hasSize(300);
        assertThat(order.runnable()).hasSize(256).startsWith("cmd1").endsWith("cmd256");
        assertThat(order.overCap()).hasSize(44).startsWith("cmd257").endsWith("cmd300");
    }

    @Test
    void stripTrailingWhitespace() {
        assertThat(ConfigAnswerParser.stripTrailingWhitespace("OK \t\r\n")).isEqualTo("OK");
        assertThat(ConfigAnswerParser.stripTrailingWhitespace(" OK")).isEqualTo(" OK");
        assertThat(ConfigAnswerParser.stripTrailingWhitespace("\r\n")).isEmpty();
        assertThat(ConfigAnswerParser.stripTrailingWhitespace("")).isEmpty();
    }

    @Test
    void deeplyNestedJsonIsInvalidNotACrash() {
        String body = "[".repeat(60_000);

        assertThat(parser.parse(body)).isInstanceOf(Invalid.class);
    }
}
