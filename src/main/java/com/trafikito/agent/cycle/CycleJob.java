package com.trafikito.agent.cycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.trafikito.agent.config.AgentConfig;
import com.trafikito.agent.config.ConfigProblem;
import com.trafikito.agent.config.CredentialsService;
import com.trafikito.agent.state.AgentState;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;

/**
 * Drives the long-running mode. The scheduler ticks often and the job starts a cycle only when one is due,
 * which gives the "60 s + delay after the previous start, with splay" rule of PROTOCOL.md that a fixed
 * period cannot. The scheduler is halted in one-shot commands; {@code agent run} resumes it.
 */
@ApplicationScoped
public class CycleJob {

    private static final Logger LOG = Logger.getLogger(CycleJob.class);

    private final CycleService cycles;
    private final CredentialsService credentials;
    private final AgentState state;
    private final CyclePlanner planner;
    private final Clock clock = Clock.systemUTC();
    private volatile Instant due;

    @Inject
    public CycleJob(CycleService cycles, CredentialsService credentials, AgentState state, AgentConfig config) {
        this.cycles = cycles;
        this.credentials = credentials;
        this.state = state;
        this.planner = new CyclePlanner(config.cycle().interval(), config.cycle().splay());
        if (config.cycle().interval().compareTo(Duration.ofSeconds(60)) < 0) {
            LOG.warnf("agent.cycle.interval is %d ms: shorter than a minute is for tests and benchmarks only;"
                    + " the API blocks agents that send more than once a minute", config.cycle().interval().toMillis());
        }
    }

    // Once a second (the scheduler's finest step). SKIP: a tick that fires while a cycle runs does nothing,
    // so two cycles never overlap.
    @Scheduled(identity = "agent-cycle", every = "1s",
            concurrentExecution = ConcurrentExecution.SKIP)
    void tick() {
        Instant now = clock.instant();
        if (due == null) {
            due = planner.first(now, serverId());
            state.nextCycleAt(due);
            if (due.isAfter(now)) {
                LOG.infof("first cycle at %s (splay offset of this server)", due);
            }
        }
        if (now.isBefore(due)) {
            return;
        }
        CycleReport report = cycles.runOnce();
        due = planner.next(now, clock.instant(), report.delaySeconds(), serverId());
        state.nextCycleAt(due);
    }

    private String serverId() {
        try {
            return credentials.load().serverId();
        } catch (ConfigProblem e) {
            return null;
        }
    }
}
