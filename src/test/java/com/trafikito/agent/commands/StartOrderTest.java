package com.trafikito.agent.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class StartOrderTest {

    private final StartOrder order = new StartOrder();

    private static CommandSpec spec(String line) {
        return new CommandSpec("trafikito_" + line.replace(' ', '_'), line);
    }

    private static CommandResult took(String line, long millis) {
        return new CommandResult("trafikito_x", new byte[0], 0, false, false, Duration.ofMillis(millis));
    }

    @Test
    void withNothingKnownTheRequestOrderStays() {
        assertThat(order.arrange(List.of(spec("a"), spec("b"), spec("c")))).containsExactly(0, 1, 2);
    }

    @Test
    void knownCommandsStartSlowestFirstAndNewOnesBeforeThem() {
        List<CommandSpec> first = List.of(spec("df"), spec("top"), spec("uptime"));
        order.learn(first, List.of(took("df", 3), took("top", 160), took("uptime", 2)));

        List<CommandSpec> next = List.of(spec("uptime"), spec("df"), spec("lsof"), spec("top"));

        assertThat(order.arrange(next)).containsExactly(2, 3, 1, 0);
    }

    @Test
    void equalDurationsKeepTheRequestOrder() {
        List<CommandSpec> specs = List.of(spec("a"), spec("b"), spec("c"));
        order.learn(specs, List.of(took("a", 5), took("b", 5), took("c", 5)));

        assertThat(order.arrange(specs)).containsExactly(0, 1, 2);
    }

    @Test
    void aCommandIsPlacedByItsLatestRun() {
        List<CommandSpec> specs = List.of(spec("a"), spec("b"));
        order.learn(specs, List.of(took("a", 100), took("b", 1)));
        order.learn(specs, List.of(took("a", 1), took("b", 50)));

        assertThat(order.arrange(specs)).containsExactly(1, 0);
    }

    @Test
    void aRunOfOtherCommandsForgetsNothing() {
        List<CommandSpec> cycle = List.of(spec("uptime"), spec("df"), spec("top"));
        order.learn(cycle, List.of(took("uptime", 2), took("df", 3), took("top", 160)));

        // a widget or a dry run in between
        order.learn(List.of(spec("echo widget")), List.of(took("echo widget", 1)));

        assertThat(order.arrange(cycle)).as("top still starts first").containsExactly(2, 1, 0);
    }

    @Test
    void theMemoryIsBounded() {
        for (int i = 0; i < StartOrder.MAX_KNOWN + 10; i++) {
            order.learn(List.of(spec("c" + i)), List.of(took("c" + i, 1)));
        }
        order.learn(List.of(spec("slow")), List.of(took("slow", 100)));

        assertThat(order.known()).isEqualTo(StartOrder.MAX_KNOWN);
        assertThat(order.arrange(List.of(spec("slow"), spec("c1"))))
                .as("c1, among the oldest, was dropped and counts as new").containsExactly(1, 0);
        assertThat(order.arrange(List.of(spec("slow"), spec("c" + (StartOrder.MAX_KNOWN + 9)))))
                .as("a recent one is still known").containsExactly(0, 1);
    }
}
