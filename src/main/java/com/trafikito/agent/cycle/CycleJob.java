package com.trafikito.agent.cycle;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.trafikito.agent.api.ApiGateway;
import com.trafikito.agent.commands.CommandExecutor;
import com.trafikito.agent.config.AgentConfig;
import com.trafikito.agent.config.ConfigProblem;
import com.trafikito.agent.config.CredentialsService;
import com.trafikito.agent.state.AgentState;
import com.trafikito.agent.state.Stopping;
import com.trafikito.agent.time.Ticker;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;

/**
 * Drives the long-running mode. The scheduler ticks often and the job starts a cycle only when one is due
 * ({@link CycleSchedule}), which gives the "60 s + delay after the previous start, with splay" rule of
 * PROTOCOL.md that a fixed period cannot. The scheduler is halted in one-shot commands; {@code agent run}
 * resumes it.
 */
@ApplicationScoped
public class CycleJob {

    /** How long stopping waits for a cycle under way to wind up (its commands are killed at once). */
    static final Duration STOP_WAIT = Duration.ofSeconds(3);

    private static final Logger LOG = Logger.getLogger(CycleJob.class);

    private final CycleService cycles;
    private final CredentialsService credentials;
    private final AgentState state;
    private final CommandExecutor executor;
    private final ApiGateway api;
    private final Stopping stopping;
    private final CycleSchedule schedule;
    private final Ticker ticker = Ticker.SYSTEM;
    private final Semaphore cycleRunning = new Semaphore(1);

    @Inject
    public CycleJob(CycleService cycles, CredentialsService credentials, AgentState state, AgentConfig config,
            CommandExecutor executor, ApiGateway api, Stopping stopping) {
        this.cycles = cycles;
        this.credentials = credentials;
        this.state = state;
        this.executor = executor;
        this.api = api;
        this.stopping = stopping;
        this.schedule = new CycleSchedule(new CyclePlanner(config.cycle().interval(), config.cycle().splay()),
                Clock.systemUTC(), ticker);
        if (config.cycle().interval().compareTo(Duration.ofSeconds(60)) < 0) {
            LOG.warnf("agent.cycle.interval is %d ms: shorter than a minute is for tests and benchmarks only;"
                    + " the API blocks agents that send more than once a minute", config.cycle().interval().toMillis());
        }
    }

    /**
     * The due check, run by {@code agent run} as soon as the scheduler resumes: the scheduler checks its triggers
     * on whole seconds, so its first tick came up to a second after start. Ticks that fire meanwhile do nothing.
     */
    public void tickNow() {
        tick();
    }

    // Once a second (the scheduler's finest step). SKIP: a tick that fires while a cycle runs does nothing,
    // so two cycles never overlap.
    @Scheduled(identity = "agent-cycle", every = "1s",
            concurrentExecution = ConcurrentExecution.SKIP)
    void tick() {
        if (stopping.began() || !cycleRunning.tryAcquire()) {
            return;
        }
        try {
            if (stopping.began()) {
                return;
            }
            if (!schedule.isDue(this::serverId)) {
                if (state.nextCycleAt().isEmpty()) {
                    state.nextCycleAt(schedule.dueAt(), schedule.dueNanos());
                    LOG.infof("first cycle at %s (splay offset of this server)", schedule.dueAt());
                }
                return;
            }
            long started = ticker.nanos();
            // The record of planned and real starts (DaemonProcessIT reads it): the design's promise is here.
            LOG.debugf("cycle start at %d ms, planned for %d ms (monotonic clock)", started / 1_000_000,
                    schedule.dueNanos() / 1_000_000);
            CycleReport report = cycles.runOnce();
            if (stopping.began()) {
                return; // nothing of a stopping agent is planned or recorded; beans may be gone
            }
            schedule.ran(started, report.delaySeconds(), this::serverId);
            state.nextCycleAt(schedule.dueAt(), schedule.dueNanos());
        } finally {
            cycleRunning.release();
        }
    }

    /**
     * Stopping (SIGTERM, SIGINT): before any bean is torn down, a cycle under way sends nothing more, its
     * commands are killed, a call in flight is cut, and it gets a few seconds to wind up while the container
     * still serves it.
     */
    void onShutdown(@Observes ShutdownEvent event) {
        stopping.begin();
        executor.shutdown();
        api.closeClients(); // a call in flight fails now, and the cycle ends sending nothing more
        try {
            if (cycleRunning.tryAcquire(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                cycleRunning.release();
            } else {
                LOG.infof("stopping without waiting longer for the cycle under way (it sends nothing more)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String serverId() {
        try {
            return credentials.load().serverId();
        } catch (ConfigProblem e) {
            return null;
        }
    }
}
