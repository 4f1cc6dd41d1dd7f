package com.trafikito.agent.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The agent's live facts, written by the cycle and read by health checks and {@code agent status}.
 * Persisted to {@code var/state} after each cycle. Read it through its methods: CDI hands out a proxy.
 */
@ApplicationScoped
public class AgentState {

    private final StateStore store;
    private final VarDir var;

    // Plain listeners rather than a CDI event: a cycle that ends while the application shuts down must still
    // be able to record its end (CDI lookups fail then).
    private final List<Consumer<CycleEnded>> cycleListeners = new CopyOnWriteArrayList<>();

    private volatile StateSnapshot persisted = StateSnapshot.empty();
    private volatile Instant cycleRunningSince;
    private volatile Instant lastCycleStart;
    private volatile Instant nextCycleAt;
    private volatile String configProblem;
    private volatile String stopReason;
    private volatile String stateWriteProblem;
    private volatile int consecutiveApiFailures;

    public AgentState(StateStore store) {
        this(store, null);
    }

    @Inject
    public AgentState(StateStore store, VarDir var) {
        this.store = store;
        this.var = var;
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
        if (var != null) {
            var.check(); // each cycle: the owner's fix (or a new problem) is seen without a restart
        }
        BaseDirLock.verifyCurrent();
    }

    /** Why the agent writes nothing in {@code var/}, as of the last check. */
    public Optional<String> varProblem() {
        return var == null ? Optional.empty() : var.lastProblem();
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
        CycleEnded event = new CycleEnded(outcome, Duration.between(started, ended));
        cycleListeners.forEach(listener -> listener.accept(event));
    }

    /** Calls {@code listener} once at the end of every cycle (the metrics count cycles this way). */
    public void onCycleEnded(Consumer<CycleEnded> listener) {
        cycleListeners.add(listener);
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
