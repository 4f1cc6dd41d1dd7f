package com.trafikito.agent.install;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.trafikito.agent.whitelist.Whitelist;
import com.trafikito.agent.whitelist.WhitelistParser;

class WhitelistTextTest {

    @Test
    void aFreshWhitelistHasTheExplanatoryHeaderThenTheEntries() {
        Whitelist api = WhitelistParser.parse("# from the API\ntrafikito_free=\"free\"\n\ntrafikito_df_h=\"df -h\"\n");

        String text = WhitelistText.fresh(api, "the API's list");

        assertThat(text).startsWith(WhitelistText.header()).endsWith(
                "#\n# Initial commands: the API's list\ntrafikito_free=\"free\"\ntrafikito_df_h=\"df -h\"\n");
        assertThat(WhitelistText.header()).contains("Only the machine's owner may write this file")
                .doesNotContain("trafikito_free=");
        Whitelist parsed = WhitelistParser.parse(text);
        assertThat(parsed.isClean()).isTrue();
        assertThat(parsed.effectiveEntries()).hasSize(2);
    }

    @Test
    void aMergeKeepsEveryOwnerLineAndAddsOnlyMissingNames() {
        String owner = "# owner\ntrafikito_free=\"free -m\"\nnot valid, but the owner's\ntrafikito_mine=\"echo mine\"";
        Whitelist api = WhitelistParser.parse("trafikito_free=\"free\"\ntrafikito_uptime=\"uptime\"\n");

        String merged = WhitelistText.merge(owner, api, "the API's list");

        assertThat(merged).isEqualTo(owner + "\n# Added by `agent install` from the API's list: 1 command(s) this file"
                + " did not have\ntrafikito_uptime=\"uptime\"\n");
    }

    @Test
    void aMergeWithNothingNewReturnsTheFileUnchanged() {
        String owner = "trafikito_free=\"free -m\"\n";
        assertThat(WhitelistText.merge(owner, WhitelistParser.parse("trafikito_free=\"free\"\n"), "x")).isSameAs(owner);
    }

    @Test
    void anAnswerThatIsNotACleanWhitelistIsNotUsed() {
        assertThat(WhitelistText.problem(WhitelistParser.parse(""))).isEqualTo("it has no command");
        assertThat(WhitelistText.problem(WhitelistParser.parse("{\"error\":\"x\"}\n")))
                .isEqualTo("it has invalid lines:\n    line 1: {\"error\":\"x\"}");
        assertThat(WhitelistText.problem(WhitelistParser.parse("trafikito_a=\"a\"\nbad\n"))).contains("line 2: bad");
        assertThat(WhitelistText.problem(WhitelistParser.parse("# ok\ntrafikito_a=\"a\"\n"))).isNull();
    }

    @Test
    void textFromTheNetworkIsMadePrintableAndShort() {
        assertThat(WhitelistText.printable("a\u001b[31mred\rb")).isEqualTo("a\\x1b[31mred\\rb");
        assertThat(WhitelistText.printable("x".repeat(400))).isEqualTo("x".repeat(200) + " (200 more bytes)");
        assertThat(Registration.quote("")).isEqualTo("    (an empty answer)");
        assertThat(Registration.quote("l\n".repeat(25))).contains("... (5 more lines)");
    }
}
