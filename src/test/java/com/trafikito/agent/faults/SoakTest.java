package com.trafikito.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.trafikito.agent.cycle.CycleService;
import com.trafikito.agent.testing.FakeApi;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * 500 fast cycles back to back against the fake API: threads, open file descriptors and the heap after GC
 * must not grow. The figures go to the test log.
 */
@QuarkusTest
@WithTestResource(FakeApi.class)
class SoakTest {

    private static final int WARM_UP = 50;
    private static final int CYCLES = 500;

    @Inject
    CycleService cycles;

    @Test
    void fiveHundredCyclesLeakNothing() throws IOException {
        FakeApi.fresh();
        FakeApi.getConfigAnswers("tok hello,two_lines,fail,nope,bad$name 1.0 0");
        for (int i = 0; i < WARM_UP; i++) {
            cycles.runOnce();
        }
        Figures before = Figures.now();
        int saved = 0;
        for (int i = 0; i < CYCLES; i++) {
            saved += cycles.runOnce().isSaved() ? 1 : 0;
        }
        Figures after = Figures.now();

        System.out.printf("SOAK: %d cycles (%d saved); fds %d -> %d; threads %d -> %d; heap after GC %d KiB -> %d KiB%n",
                CYCLES, saved, before.fds, after.fds, before.threads, after.threads, before.heapKiB, after.heapKiB);
        assertThat(saved).isEqualTo(CYCLES);
        assertThat(after.fds).isLessThanOrEqualTo(before.fds + 8);
        assertThat(after.threads).isLessThanOrEqualTo(before.threads + 4);
        // Heap after GC moves by about 5 MiB between two samples without any cycle (pooled buffers); a leak
        // of a payload (~1 KiB) per cycle would show as ~0.5 MiB, of a cycle's output cap as 250 MiB.
        assertThat(after.heapKiB).isLessThan(before.heapKiB + 16 * 1024);
    }

    private record Figures(long fds, int threads, long heapKiB) {
        static Figures now() throws IOException {
            // The fake API's journal keeps every request it saw: it lives in this JVM, so forget it first.
            FakeApi.server().resetRequests();
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                return new Figures(fds.count(), ManagementFactory.getThreadMXBean().getThreadCount(), heap);
            }
        }
    }
}
