package com.trafikito.agent.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The sweep signals only what is provably left of an ended command's session. */
class LeftoverSweepTest {

    private static final long SESSION = 500;
    private static final long ENDED_AT = 1000;

    private final List<ProcessTable.Entry> processes = new ArrayList<>();
    private final List<Long> killed = new ArrayList<>();
    private final LeftoverSweep sweep = new LeftoverSweep(new FakeTable(), entry -> killed.add(entry.pid()));

    @Test
    void aStrangerThatTookTheRecycledSessionIdIsNotSignalled() {
        // The command's session emptied; another user's setsid got the same id after the command ended.
        processes.add(new ProcessTable.Entry(SESSION, SESSION, 1500));
        processes.add(new ProcessTable.Entry(4711, SESSION, 1510));

        sweep.sweep(List.of(new LeftoverSweep.Ended(SESSION, ENDED_AT)));

        assertThat(killed).isEmpty();
    }

    @Test
    void aLeftoverAndWhatItStartedLaterAreKilledAndNothingElse() {
        processes.add(new ProcessTable.Entry(601, SESSION, 990)); // started before the command's end: ours
        processes.add(new ProcessTable.Entry(602, SESSION, 1600)); // its child, started since
        processes.add(new ProcessTable.Entry(700, 42, 10)); // another session

        sweep.sweep(List.of(new LeftoverSweep.Ended(SESSION, ENDED_AT)));

        assertThat(killed).containsExactlyInAnyOrder(601L, 602L);
    }

    @Test
    void nothingEndedMeansNoLookAtTheProcessTable() {
        processes.add(new ProcessTable.Entry(601, SESSION, 990));

        assertThat(sweep.sweep(List.of())).isEmpty();
        assertThat(killed).isEmpty();
    }

    @Test
    void theRealTableReadsSessionAndStartTime() {
        long self = ProcessHandle.current().pid();
        ProcessTable table = ProcessTable.system();

        ProcessTable.Entry entry = table.get(self).orElseThrow();

        assertThat(entry.pid()).isEqualTo(self);
        assertThat(entry.startTicks()).isPositive().isLessThanOrEqualTo(table.nowTicks());
        assertThat(table.all()).contains(entry);
    }

    private final class FakeTable implements ProcessTable {
        @Override
        public List<Entry> all() {
            return List.copyOf(processes);
        }

        @Override
        public Optional<Entry> get(long pid) {
            return processes.stream().filter(p -> p.pid() == pid).findFirst();
        }

        @Override
        public long nowTicks() {
            return 2000;
        }
    }
}
