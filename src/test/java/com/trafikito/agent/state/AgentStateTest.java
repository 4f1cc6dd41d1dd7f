package com.trafikito.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.trafikito.agent.config.AgentPaths;
import com.trafikito.agent.cycle.ApiContact;
import com.trafikito.agent.cycle.CycleOutcome;
import com.trafikito.agent.cycle.CycleReport;
import com.trafikito.agent.time.Ticker;

/**
 * {@link AgentState#cycleEnded} records a {@link CycleReport} in {@code var/state} in the form the file has always
 * had, so that an agent and an {@code agent status} of another version read each other's files.
 */
class AgentStateTest {

    private static final long ROOT = 0;
    private static final Instant STARTED = Instant.ofEpochSecond(1_700_000_000);
    private static final Instant ENDED = STARTED.plusSeconds(3);

    @TempDir
    Path temp;

    private AgentPaths paths;
    private StateStore store;

    @BeforeEach
    void installation() throws Exception {
        paths = new AgentPaths(Files.createDirectory(temp.resolve("base")));
        Files.createDirectory(paths.varDir());
        store = new StateStore(paths, new ObjectMapper(), new VarDir(paths.varDir(), ROOT));
    }

    private AgentState loaded() {
        AgentState state = new AgentState(store, Ticker.SYSTEM);
        state.load();
        return state;
    }

    @Test
    void aStateFileOfAnEarlierVersionLoads() throws Exception {
        Files.writeString(paths.stateFile(), "{\"lastCycleStarted\":1700000000,\"lastCycleEnded\":1700000002,"
                + "\"lastOutcome\":\"failed\",\"lastReason\":\"get_config: connection refused\",\"lastCycleSeconds\":2,"
                + "\"lastSuccess\":1699999000,\"announcedVersion\":\"1.4.0\",\"consecutiveApiFailures\":2}");

        AgentState state = loaded();

        assertThat(state.snapshot()).isEqualTo(new StateSnapshot(1700000000, 1700000002, "failed",
                "get_config: connection refused", 2, 1699999000, "1.4.0", 2));
        assertThat(state.consecutiveApiFailures()).isEqualTo(2);
    }

    @Test
    void aFinishedCycleIsWrittenWithItsLabelInTheFilesForm() throws Exception {
        loaded().cycleEnded(STARTED, ENDED, CycleReport.unreachable("get_config: connection refused", true, "1.5.0"));

        assertThat(Files.readString(paths.stateFile())).isEqualTo("{\"lastCycleStarted\":1700000000,"
                + "\"lastCycleEnded\":1700000003,\"lastOutcome\":\"failed\",\"lastReason\":\"get_config: connection "
                + "refused\",\"lastCycleSeconds\":3,\"lastSuccess\":0,\"announcedVersion\":\"1.5.0\","
                + "\"consecutiveApiFailures\":1}");
    }

    @Test
    void eachOutcomeIsPersistedAsItsLabel() {
        AgentState state = loaded();
        for (CycleReport report : List.of(CycleReport.saved(0, null), CycleReport.skipped("empty", ApiContact.ANSWERED),
                CycleReport.unusable("no API key"), CycleReport.stopped("STOPped", false))) {
            state.cycleEnded(STARTED, ENDED, report);
            assertThat(store.load().lastOutcome()).isEqualTo(report.outcome().label());
        }
    }

    @Test
    void theFailureStreakFollowsWhatEachCycleTellsOfTheApi() {
        AgentState state = loaded();
        state.cycleEnded(STARTED, ENDED, CycleReport.unreachable("refused", true, null));
        state.cycleEnded(STARTED, ENDED, CycleReport.skipped("get_config answered HTTP 503", ApiContact.UNANSWERED));
        assertThat(state.consecutiveApiFailures()).isEqualTo(2);

        state.cycleEnded(STARTED, ENDED, CycleReport.unusable("no API key"));
        assertThat(state.consecutiveApiFailures()).isEqualTo(2);
        assertThat(loaded().consecutiveApiFailures()).isEqualTo(2);

        state.cycleEnded(STARTED, ENDED, CycleReport.saved(0, null));
        assertThat(state.consecutiveApiFailures()).isZero();
    }

    @Test
    void aCycleWithoutGetConfigKeepsTheLastDurationAndOnlyASavedOneMovesTheLastSuccess() {
        AgentState state = loaded();
        state.cycleEnded(STARTED, ENDED, CycleReport.saved(0, "1.5.0"));
        state.cycleEnded(ENDED, ENDED.plusSeconds(10), CycleReport.unusable("no API key"));

        StateSnapshot last = state.snapshot();
        assertThat(last.lastCycleSeconds()).isEqualTo(3);
        assertThat(last.lastSuccess()).isEqualTo(ENDED.getEpochSecond());
        assertThat(last.announcedVersion()).isEqualTo("1.5.0");
    }

    @Test
    void listenersHearTheOutcomeAndTheDuration() {
        AgentState state = loaded();
        List<CycleEnded> heard = new ArrayList<>();
        state.onCycleEnded(heard::add);

        state.cycleEnded(STARTED, ENDED, CycleReport.stopped("STOPped", true));

        assertThat(heard).containsExactly(new CycleEnded(CycleOutcome.STOPPED, Duration.ofSeconds(3)));
    }
}
