package com.trafikito.agent.cycle.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class CachedConfigTest {

    private final ConfigAnswerParser parser = new ConfigAnswerParser();

    @Test
    void roundTripsANormalAnswer() {
        CycleOrder order = ((ConfigAnswer.Order) parser.parse("tok-1 uptime,df_h 2.0 15 w1\r\n")).order();

        String cached = CachedConfig.toCache(order);

        assertThat(cached).isEqualTo("tok-1 uptime,df_h 2.0 15 w1");
        assertThat(CachedConfig.fromCache(cached)).contains(order);
    }

    @Test
    void roundTripsALegacyAnswer() {
        CycleOrder order = ((ConfigAnswer.Order) parser.parse("tok,a,b")).order();

        assertThat(CachedConfig.fromCache(CachedConfig.toCache(order))).contains(order);
        assertThat(order.commands()).isEqualTo(List.of("a", "b"));
    }

    @Test
    void toleratesATrailingNewlineInTheFile() {
        assertThat(CachedConfig.fromCache("tok a\n")).map(CycleOrder::callToken).contains("tok");
    }

    @Test
    void onlyAnOrderIsAUsableCache() {
        for (String text : new String[] { null, "", "  \n", "=", "STOP", "STOP gone", "{\"error\":{\"message\":\"x\"}}",
                "{}", "to/k a", " tok a", "a b c d e f" }) {
            assertThat(CachedConfig.fromCache(text)).as(String.valueOf(text)).isEqualTo(Optional.empty());
        }
    }
}
