package com.trafikito.agent.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/**
 * The agent's live facts, written by the cycle and read by health checks and {@code agent status}.
 * Persisted to {@code var/state} after each cycle. Read it through its methods: CDI hands out a proxy.
 */
@ApplicationScoped
public class AgentState {

    private final StateStore store;

    @Inject
    Event<CycleEnded> cycleEndedEvent;

    private volatile StateSnapshot persisted = StateSnapshot.empty();
    private volatile Instant cycleRunningSince;
    private volatile Instant lastCycleStart;
    private volatile Instant nextCycleAt;
    private volatile String configProblem;
    private volatile String stopReason;
    private volatile String stateWriteProblem;
    private volatile int consecutiveApiFailures;

    @Inject
    public AgentState(StateStore store) {
        this.store = store;
    }

    @PostConstruct
    void load() {
        persisted = store.load();
        consecutiveApiFailures = persisted.consecutiveApiFailures();
    }

    public StateSnapshot snapshot() {
        return persisted;
    }

    public void cycleStarted(Instant now) {
        cycleRunningSince = now;
        lastCycleStart = now;
    }

    /** The start of the last cycle of this process (not of an earlier run: see {@link #snapshot()} for that). */
    public Optional<Instant> lastCycleStart() {
        return Optional.ofNullable(lastCycleStart);
    }

    /**
     * Records a finished cycle and persists it.
     *
     * @param apiAnswered whether the API gave a 2xx answer this cycle; {@code null} when no call was made
     */
    public void cycleEnded(Instant started, Instant ended, String outcome, String reason, Boolean apiAnswered,
            boolean saved, String announcedVersion, boolean countsForTimeTook) {
        if (apiAnswered != null) {
            consecutiveApiFailures = apiAnswered ? 0 : consecutiveApiFailures + 1;
        }
        StateSnapshot previous = persisted;
        long seconds = Math.round((ended.toEpochMilli() - started.toEpochMilli()) / 1000.0);
        persisted = new StateSnapshot(
                started.getEpochSecond(),
                ended.getEpochSecond(),
                outcome,
                reason,
                countsForTimeTook ? seconds : previous.lastCycleSeconds(),
                saved ? ended.getEpochSecond() : previous.lastSuccess(),
                announcedVersion != null ? announcedVersion : previous.announcedVersion(),
                consecutiveApiFailures);
        cycleRunningSince = null;
        stateWriteProblem = store.save(persisted).orElse(null);
        cycleEndedEvent.fire(new CycleEnded(outcome, Duration.between(started, ended)));
    }

    public Optional<Instant> cycleRunningSince() {
        return Optional.ofNullable(cycleRunningSince);
    }

    public Optional<Instant> nextCycleAt() {
        return Optional.ofNullable(nextCycleAt);
    }

    public void nextCycleAt(Instant at) {
        nextCycleAt = at;
    }

    public Optional<String> configProblem() {
        return Optional.ofNullable(configProblem);
    }

    public void configProblem(String problem) {
        configProblem = problem;
    }

    public Optional<String> stopReason() {
        return Optional.ofNullable(stopReason);
    }

    public void stopReason(String reason) {
        stopReason = reason;
    }

    public Optional<String> stateWriteProblem() {
        return Optional.ofNullable(stateWriteProblem);
    }

    public int consecutiveApiFailures() {
        return consecutiveApiFailures;
    }
}
