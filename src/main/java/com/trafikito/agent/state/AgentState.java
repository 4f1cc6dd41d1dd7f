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

import com.trafikito.agent.cycle.CycleReport;
import com.trafikito.agent.time.Ticker;

/**
 * The agent's live facts, written by the cycle and read by health checks and {@code agent status}.
 * Persisted to {@code var/state} after each cycle. Read it through its methods: CDI hands out a proxy.
 */
@ApplicationScoped
public class AgentState {

    private final StateStore store;
    private final VarDir var;
    private final Ticker ticker;

    // Plain listeners rather than a CDI event: a cycle that ends while the application shuts down must still
    // be able to record its end (CDI lookups fail then).
    private final List<Consumer<CycleEnded>> cycleListeners = new CopyOnWriteArrayList<>();

    private volatile StateSnapshot persisted = StateSnapshot.empty();
    private volatile Instant cycleRunningSince;
    private volatile Instant lastCycleStart;
    private volatile Instant nextCycleAt;
    // The same moments on the monotonic clock, for liveness: wall time may step.
    private volatile Timing timing = new Timing(null, null, null, null);
    private volatile String configProblem;
    private volatile String stopReason;
    private volatile String stateWriteProblem;
    private volatile int consecutiveApiFailures;

    @Inject
    public AgentState(StateStore store, VarDir var) {
        this(store, var, Ticker.SYSTEM);
    }

    public AgentState(StateStore store, Ticker ticker) {
        this(store, null, ticker);
    }

    public AgentState(StateStore store, VarDir var, Ticker ticker) {
        this.store = store;
        this.var = var;
        this.ticker = ticker;
    }

    /**
     * Monotonic nanos ({@link Ticker}) of the running cycle's start and bound, of the last start and of the
     * next planned start; each null until known.
     */
    public record Timing(Long runningSince, Long deadline, Long lastStart, Long nextDue) {
    }

    @PostConstruct
    void load() {
        persisted = store.load();
        consecutiveApiFailures = persisted.consecutiveApiFailures();
    }

    public StateSnapshot snapshot() {
        return persisted;
    }

    /**
     * A cycle starts now; its bound is {@code bound} from now until {@link #cycleBound} says more.
     *
     * @return the monotonic start, which the cycle's later bounds count from
     */
    public long cycleStarted(Instant now, Duration bound) {
        long nanos = ticker.nanos();
        cycleRunningSince = now;
        lastCycleStart = now;
        if (var != null) {
            var.check(); // each cycle: the owner's fix (or a new problem) is seen without a restart
        }
        BaseDirLock.verifyCurrent();
        timing = new Timing(nanos, nanos + bound.toNanos(), nanos, timing.nextDue());
        return nanos;
    }

    /** The running cycle's bound, counted from its monotonic start, once what it runs is known. */
    public void cycleBound(long startNanos, Duration bound) {
        Timing t = timing;
        if (t.runningSince() != null && t.runningSince() == startNanos) {
            timing = new Timing(t.runningSince(), startNanos + bound.toNanos(), t.lastStart(), t.nextDue());
        }
    }

    public Timing timing() {
        return timing;
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
     * Records a finished cycle and persists it: {@code var/state} keeps the outcome's label, as it always has,
     * so that an older or newer {@code agent status} reads it.
     */
    public void cycleEnded(Instant started, Instant ended, CycleReport report) {
        consecutiveApiFailures = report.api().failuresInARow(consecutiveApiFailures);
        StateSnapshot previous = persisted;
        long seconds = Math.round((ended.toEpochMilli() - started.toEpochMilli()) / 1000.0);
        persisted = new StateSnapshot(
                started.getEpochSecond(),
                ended.getEpochSecond(),
                report.outcome().label(),
                report.reason(),
                report.calledGetConfig() ? seconds : previous.lastCycleSeconds(),
                report.isSaved() ? ended.getEpochSecond() : previous.lastSuccess(),
                report.announcedVersion() != null ? report.announcedVersion() : previous.announcedVersion(),
                consecutiveApiFailures);
        cycleRunningSince = null;
        Timing t = timing;
        timing = new Timing(null, null, t.lastStart(), t.nextDue());
        stateWriteProblem = store.save(persisted).orElse(null);
        CycleEnded event = new CycleEnded(report.outcome(), Duration.between(started, ended));
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

    /** The next planned start: shown as wall time, judged by liveness on the monotonic clock. */
    public void nextCycleAt(Instant at, long dueNanos) {
        nextCycleAt = at;
        Timing t = timing;
        timing = new Timing(t.runningSince(), t.deadline(), t.lastStart(), dueNanos);
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
