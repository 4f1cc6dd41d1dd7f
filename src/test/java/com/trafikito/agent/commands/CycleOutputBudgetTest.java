package com.trafikito.agent.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CycleOutputBudgetTest {

    @TempDir
    Path dir;

    private CommandExecutor executor;

    @AfterEach
    void shutdown() {
        executor.shutdown();
    }

    @Test
    void theCycleKeepsNoMoreThanItsTotalWhateverEachCommandMayKeep() {
        executor = new CommandExecutor(new ExecutorSettings(Duration.ofSeconds(10), 1000, 1, dir),
                ProcessGroups.system(), 1500);
        List<CommandResult> results = executor.runAll(List.of(
                new CommandSpec("trafikito_a", "head -c 1000 /dev/zero | tr '\\0' a"),
                new CommandSpec("trafikito_b", "head -c 1000 /dev/zero | tr '\\0' b"),
                new CommandSpec("trafikito_c", "head -c 100000000 /dev/zero")));

        assertThat(results.get(0).output()).hasSize(1000);
        assertThat(results.get(0).outputCapped()).isFalse();
        String second = new String(results.get(1).output(), StandardCharsets.UTF_8);
        assertThat(second).isEqualTo("b".repeat(500) + "\n"
                + "[trafikito-agent: output cut: the cycle's commands wrote more than 1500 bytes in all]\n");
        assertThat(results.get(2).outputCapped()).isTrue();
        assertThat(new String(results.get(2).output(), StandardCharsets.UTF_8))
                .isEqualTo("[trafikito-agent: output cut: the cycle's commands wrote more than 1500 bytes in all]\n");
    }

    @Test
    void theDefaultTotalLeavesAHundredMegabyteCommandWithAPayloadUnderFiveMegabytes() {
        executor = new CommandExecutor(new ExecutorSettings(Duration.ofSeconds(20), 512 * 1024, 4, dir));
        List<CommandResult> results = executor.runAll(List.of(
                new CommandSpec("trafikito_big", "head -c 100000000 /dev/zero"),
                new CommandSpec("trafikito_big2", "head -c 100000000 /dev/zero")));
        long total = results.stream().mapToLong(r -> r.output().length).sum();
        assertThat(total).isLessThan(5_000_000);
        assertThat(results).allMatch(CommandResult::outputCapped);
    }
}
