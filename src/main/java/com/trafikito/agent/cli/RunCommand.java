package com.trafikito.agent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.trafikito.agent.config.AgentPaths;
import com.trafikito.agent.config.IoReason;
import com.trafikito.agent.cycle.CommandRunner;
import com.trafikito.agent.cycle.CycleInputs;
import com.trafikito.agent.cycle.CycleJob;
import com.trafikito.agent.cycle.CycleOutcome;
import com.trafikito.agent.cycle.CycleReport;
import com.trafikito.agent.cycle.CycleService;
import com.trafikito.agent.state.BaseDirLock;
import com.trafikito.agent.state.Stopping;
import com.trafikito.agent.whitelist.Whitelist;

import io.quarkus.runtime.Quarkus;
import io.quarkus.scheduler.Scheduler;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import sun.misc.Signal;
import picocli.CommandLine.Option;
import com.trafikito.agent.text.Printable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = { "Run the agent: cycles once a minute until SIGTERM, with /q/health and /q/metrics.",
                "Exit codes of --once: 0 saved, 1 skipped or not saved, 2 config/whitelist unusable or "
                        + "base dir locked, 3 STOPped, 4 API unreachable." })
public class RunCommand implements Callable<Integer> {

    private static final Logger LOG = Logger.getLogger(RunCommand.class);

    @Option(names = "--once", description = "Run exactly one cycle right away, then exit.")
    boolean once;

    @Option(names = "--dry-run", description = "With --once: no network at all; run every whitelisted command"
            + " and print the payload that would be posted.")
    boolean dryRun;

    @Inject
    CycleService cycles;

    @Inject
    CycleInputs inputs;

    @Inject
    CommandRunner runner;

    @Inject
    AgentPaths paths;

    @Inject
    Scheduler scheduler;

    @Inject
    CycleJob cycleJob;

    @Inject
    Vertx vertx;

    @Inject
    StartupCheck startupCheck;

    @Inject
    Stopping stopping;

    @Override
    public Integer call() {
        if (dryRun) {
            return dryRun(System.out);
        }
        BaseDirLock lock = EarlyLock.take(paths.varDir());
        try {
            if (lock == null) {
                lock = BaseDirLock.acquire(paths.varDir());
            }
        } catch (BaseDirLock.LockHeld e) {
            System.err.println("agent run: " + e.getMessage());
            return CycleOutcome.UNUSABLE.exitCode();
        } catch (IOException e) {
            // A read-only or full var/ must not stop monitoring: the cycle still runs and sends.
            LOG.warnf("running without the base dir lock: cannot open %s (%s)", paths.varDir(), IoReason.of(e));
            lock = null;
        }
        try {
            return once ? runOnce() : runDaemon();
        } finally {
            release(lock);
        }
    }

    private static void release(BaseDirLock lock) {
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                LOG.debugf("releasing the lock: %s", e.getMessage());
            }
        }
    }

    private int runOnce() {
        CycleReport report = cycles.runOnce();
        if (!report.isSaved()) {
            System.err.println("agent run --once: " + Printable.line(report.reason(), 400));
        }
        return report.exitCode();
    }

    private int runDaemon() {
        startupCheck.run();
        // A handled SIGTERM or SIGINT is a clean stop: exit 0 (DESIGN.md), not the JVM's 143 or 130. The flag
        // goes up first, so that a cycle under way sends nothing more, even while the beans are still up.
        Signal.handle(new Signal("TERM"), this::stop);
        Signal.handle(new Signal("INT"), this::stop);
        // Operators send HUP expecting a reload; the JVM's default would end the agent mid-cycle (exit 129).
        // Config and whitelist are read every cycle: there is nothing to reload.
        Signal.handle(new Signal("HUP"), signal -> LOG.info("SIGHUP: nothing to reload (the config and the"
                + " whitelist are read at every cycle); the agent runs on"));
        scheduler.resume();
        LOG.infof("agent running on %s; stop with SIGTERM", paths.baseDir());
        // The first cycle, when due now, without waiting for the scheduler's first tick; on a worker, as the
        // scheduler runs it: the main thread must be free to begin the shutdown when a signal comes.
        vertx.executeBlocking(() -> {
            cycleJob.tickNow();
            return null;
        }, false).onFailure(e -> LOG.error("the first cycle's due check failed; the scheduler's ticks go on", e));
        Quarkus.waitForExit();
        return 0;
    }

    private void stop(Signal signal) {
        LOG.infof("SIG%s: stopping", signal.getName());
        stopping.begin();
        Quarkus.asyncExit(0);
    }

    private int dryRun(PrintStream out) {
        return inputs.loadForDryRun().fold(whitelist -> dryRun(out, whitelist), refusal -> {
            System.err.println("agent run --dry-run: " + Printable.line(refusal, 400));
            return CycleOutcome.UNUSABLE.exitCode();
        });
    }

    private int dryRun(PrintStream out, Whitelist whitelist) {
        if (!java.nio.file.Files.exists(paths.whitelist())) {
            System.err.println("agent run --dry-run: no " + paths.whitelist() + "; using the bundled sample whitelist");
        }
        whitelist.invalidLines().forEach(line -> System.err.println(
                "agent run --dry-run: " + paths.whitelist() + ": invalid " + Printable.line(line.describe()) + " (skipped)"));
        out.writeBytes(runner.dryRunPayload(whitelist));
        out.flush();
        return 0;
    }
}
