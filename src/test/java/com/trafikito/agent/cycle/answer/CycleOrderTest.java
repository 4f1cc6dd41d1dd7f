package com.trafikito.agent.cycle.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class CycleOrderTest {

    @Test
    void fewNamesAreAllRunnable() {
        CycleOrder order = new CycleOrder("t", List.of("a", "b"), Optional.empty(), 0, List.of(), "t a,b");

        assertThat(order.runnable()).containsExactly("a", "b");
        assertThat(order.overCap()).isEmpty();
    }

    @Test
    void exactly256NamesAreAllRunnable() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < CycleOrder.MAX_COMMANDS; i++) {
            names.add("n" + i);
        }
        CycleOrder order = new CycleOrder("t", names, Optional.empty(), 0, List.of(), "t");

        assertThat(order.runnable()).hasSize(256);
        assertThat(order.overCap()).isEmpty();
    }

    @Test
    void listsAreCopiedAndImmutable() {
        List<String> names = new ArrayList<>(List.of("a"));
        CycleOrder order = new CycleOrder("t", names, Optional.empty(), 0, List.of(), "t a");
        names.add("b");

        assertThat(order.commands()).containsExactly("a");
        assertThatThrownBy(() -> order.commands().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void delayOutsideItsRangeIsAProgrammingError() {
        assertThatThrownBy(() -> new CycleOrder("t", List.of(), Optional.empty(), 3601, List.of(), "t"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CycleOrder("t", List.of(), Optional.empty(), -1, List.of(), "t"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
