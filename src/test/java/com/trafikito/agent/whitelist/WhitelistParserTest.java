package com.trafikito.agent.whitelist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WhitelistParserTest {

    static Stream<Arguments> validLines() {
        return Stream.of(
                Arguments.of("plain", "trafikito_uptime=\"uptime\"", "trafikito_uptime", "uptime", "trafikito_uptime=\"uptime\""),
                Arguments.of("pipes and quotes", "trafikito_x=\"ps aux | grep 'a b' | wc -l\"", "trafikito_x",
                        "ps aux | grep 'a b' | wc -l", "trafikito_x=\"ps aux | grep 'a b' | wc -l\""),
                Arguments.of("empty value", "trafikito_e=\"\"", "trafikito_e", "", "trafikito_e=\"\""),
                Arguments.of("trailing spaces", "trafikito_a=\"b\"   ", "trafikito_a", "b", "trafikito_a=\"b\""),
                Arguments.of("trailing tab", "trafikito_a=\"b\"\t", "trafikito_a", "b", "trafikito_a=\"b\""),
                Arguments.of("CRLF", "trafikito_a=\"b\"\r", "trafikito_a", "b", "trafikito_a=\"b\""),
                Arguments.of("spaces then CR", "trafikito_a=\"b\" \t\r", "trafikito_a", "b", "trafikito_a=\"b\""),
                Arguments.of("tab inside value", "trafikito_a=\"b\tc\"", "trafikito_a", "b\tc", "trafikito_a=\"b\tc\""),
                Arguments.of("digits and underscores", "trafikito_Df_2_=\"df -h\"", "trafikito_Df_2_", "df -h", "trafikito_Df_2_=\"df -h\""),
                Arguments.of("dollar and backslash kept verbatim", "trafikito_d=\"echo $HOME \\n $(id)\"", "trafikito_d",
                        "echo $HOME \\n $(id)", "trafikito_d=\"echo $HOME \\n $(id)\""),
                Arguments.of("unicode in value", "trafikito_u=\"echo ünï\"", "trafikito_u", "echo ünï", "trafikito_u=\"echo ünï\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validLines")
    void validLine(String label, String line, String name, String command, String storedLine) {
        Whitelist w = WhitelistParser.parse(line + "\n");

        assertThat(w.invalidLines()).isEmpty();
        assertThat(w.entries()).containsExactly(new WhitelistEntry(name, command, 1, storedLine));
    }

    static Stream<Arguments> invalidLines() {
        return Stream.of(
                Arguments.of("space before =", "trafikito_a =\"b\""),
                Arguments.of("space after =", "trafikito_a= \"b\""),
                Arguments.of("single quotes", "trafikito_a='b'"),
                Arguments.of("no quotes", "trafikito_a=b"),
                Arguments.of("double quote inside", "trafikito_a=\"say \"hi\"\""),
                Arguments.of("escaped double quote inside", "trafikito_a=\"say \\\"hi\\\"\""),
                Arguments.of("missing closing quote", "trafikito_a=\"b"),
                Arguments.of("text after closing quote", "trafikito_a=\"b\" # note"),
                Arguments.of("name with -", "trafikito_a-b=\"c\""),
                Arguments.of("name with .", "trafikito_a.b=\"c\""),
                Arguments.of("unicode name", "trafikito_ü=\"c\""),
                Arguments.of("empty name", "trafikito_=\"c\""),
                Arguments.of("no prefix", "uptime=\"uptime\""),
                Arguments.of("upper-case prefix", "TRAFIKITO_a=\"b\""),
                Arguments.of("export", "export trafikito_x=\"y\""),
                Arguments.of("leading space", " trafikito_a=\"b\""),
                Arguments.of("NUL inside", "trafikito_a=\"b\0c\""),
                Arguments.of("escape char inside", "trafikito_a=\"b\u001b[2Jc\""),
                Arguments.of("CR inside", "trafikito_a=\"b\rc\""),
                Arguments.of("NUL in a comment", "# note \0"),
                Arguments.of("shell code", "rm -rf /"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidLines")
    void invalidLine(String label, String line) {
        Whitelist w = WhitelistParser.parse("trafikito_ok=\"true\"\n" + line + "\n");

        assertThat(w.entries()).extracting(WhitelistEntry::name).containsExactly("trafikito_ok");
        assertThat(w.invalidLines()).containsExactly(new InvalidLine(2, line));
        assertThat(w.isClean()).isFalse();
    }

    @Test
    void commentsAndBlankLinesAreIgnored() {
        Whitelist w = WhitelistParser.parse("# header\n   # indented\n\t# tabbed\n\n   \n\t\r\n#trafikito_a=\"b\"\r\ntrafikito_a=\"b\"\n");

        assertThat(w.isClean()).isTrue();
        assertThat(w.entries()).containsExactly(new WhitelistEntry("trafikito_a", "b", 8, "trafikito_a=\"b\""));
    }

    @Test
    void invalidLinesKeepTheirNumbersAndLoseOnlyTheCr() {
        Whitelist w = WhitelistParser.parse("# c\r\nbad one\r\ntrafikito_a=\"b\"\r\n\r\nbad two  \r\n");

        assertThat(w.invalidLines()).containsExactly(new InvalidLine(2, "bad one"), new InvalidLine(5, "bad two  "));
        assertThat(w.invalidLines()).extracting(InvalidLine::describe).containsExactly("line 2: bad one", "line 5: bad two  ");
        assertThat(w.entries()).containsExactly(new WhitelistEntry("trafikito_a", "b", 3, "trafikito_a=\"b\""));
    }

    @Test
    void finalLineWithoutNewlineCounts() {
        Whitelist w = WhitelistParser.parse("trafikito_a=\"1\"\ntrafikito_b=\"2\"");

        assertThat(w.entries()).extracting(WhitelistEntry::name).containsExactly("trafikito_a", "trafikito_b");
        assertThat(WhitelistParser.parse("trafikito_a=\"1\"\nbroken").invalidLines()).containsExactly(new InvalidLine(2, "broken"));
    }

    @Test
    void emptyTextIsAnEmptyCleanWhitelist() {
        assertThat(WhitelistParser.parse("").entries()).isEmpty();
        assertThat(WhitelistParser.parse("").isClean()).isTrue();
        assertThat(WhitelistParser.parse("\n\n").isClean()).isTrue();
    }

    @Test
    void bomAtTheStartIsIgnored() {
        Whitelist w = WhitelistParser.parse("\uFEFFtrafikito_a=\"b\"\n");

        assertThat(w.isClean()).isTrue();
        assertThat(w.entries()).containsExactly(new WhitelistEntry("trafikito_a", "b", 1, "trafikito_a=\"b\""));
        // elsewhere a BOM is just a stray character
        assertThat(WhitelistParser.parse("# c\n\uFEFFtrafikito_a=\"b\"\n").invalidLines()).hasSize(1);
    }

    @Test
    void duplicateNameLastLineWinsAndEntriesKeepBoth() {
        Whitelist w = WhitelistParser.parse("trafikito_a=\"one\"\ntrafikito_b=\"bee\"\ntrafikito_a=\"two\"\ntrafikito_c=\"sea\"\n");

        assertThat(w.entries()).extracting(WhitelistEntry::commandLine).containsExactly("one", "bee", "two", "sea");
        assertThat(w.find("trafikito_a")).map(WhitelistEntry::commandLine).contains("two");
        assertThat(w.find("trafikito_a")).map(WhitelistEntry::lineNumber).contains(3);
        assertThat(w.effectiveEntries()).extracting(WhitelistEntry::name, WhitelistEntry::commandLine)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("trafikito_a", "two"),
                        org.assertj.core.groups.Tuple.tuple("trafikito_b", "bee"),
                        org.assertj.core.groups.Tuple.tuple("trafikito_c", "sea"));
    }

    @Test
    void findNeedsThePrefix() {
        Whitelist w = WhitelistParser.parse("trafikito_a=\"b\"");

        assertThat(w.find("a")).isEmpty();
        assertThat(w.find("trafikito_a")).isPresent();
        assertThat(w.find("trafikito_A")).isEmpty();
    }

    @Test
    void parseEntryAcceptsExactlyOneValidLine() {
        assertThat(WhitelistParser.parse("x").entries()).isEmpty();
        assertThat(WhitelistParser.parseEntry("trafikito_nginx_status=\"curl -s localhost/status\""))
                .map(WhitelistEntry::commandLine).contains("curl -s localhost/status");
        assertThat(WhitelistParser.parseEntry("trafikito_a=\"b\"\r")).isPresent();
        for (String bad : List.of("", "# c", "trafikito_a=b", "trafikito_a=\"b\"\ntrafikito_c=\"d\"", "trafikito_a=\"b\"\n")) {
            assertThat(WhitelistParser.parseEntry(bad)).as(bad).isEmpty();
        }
    }
}
