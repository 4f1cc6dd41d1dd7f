package com.trafikito.agent.whitelist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class WhitelistTest {

    @Test
    void emptyIsCleanAndFindsNothing() {
        assertThat(Whitelist.empty().entries()).isEmpty();
        assertThat(Whitelist.empty().effectiveEntries()).isEmpty();
        assertThat(Whitelist.empty().isClean()).isTrue();
        assertThat(Whitelist.empty().find("trafikito_a")).isEmpty();
    }

    @Test
    void isImmutable() {
        List<WhitelistEntry> source = new ArrayList<>(List.of(new WhitelistEntry("trafikito_a", "b", 1, "trafikito_a=\"b\"")));
        Whitelist w = new Whitelist(source, List.of());
        source.clear();

        assertThat(w.entries()).hasSize(1);
        assertThatThrownBy(() -> w.entries().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> w.effectiveEntries().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void describeIsTheErrorDetailsFormat() {
        assertThat(new InvalidLine(7, "export trafikito_x=\"y\"").describe()).isEqualTo("line 7: export trafikito_x=\"y\"");
    }

    @Test
    void withFallbackAddsWidgetLinesAfterAndTheOwnerWins() {
        Whitelist owner = WhitelistParser.parse("trafikito_a=\"owner a\"\nbad\ntrafikito_b=\"owner b\"\n");
        Whitelist widgets = WhitelistParser.parse("trafikito_b=\"widget b\"\ntrafikito_w=\"widget w\"\nbroken too\n");

        Whitelist merged = owner.withFallback(widgets);

        assertThat(merged.find("trafikito_b")).map(WhitelistEntry::commandLine).contains("owner b");
        assertThat(merged.find("trafikito_w")).map(WhitelistEntry::commandLine).contains("widget w");
        assertThat(merged.entries()).extracting(WhitelistEntry::commandLine).containsExactly("owner a", "owner b", "widget w");
        assertThat(merged.invalidLines()).containsExactly(new InvalidLine(2, "bad"));
        assertThat(Whitelist.empty().withFallback(widgets).entries()).hasSize(2);
    }
}
