package com.trafikito.agent.commands;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.trafikito.agent.config.AgentConfig;

/**
 * Runs a cycle's commands: each through {@code /bin/sh -c} in a process group of its own, with the fixed
 * environment, a time limit enforced on the whole group, and an output cap (see {@link CommandRun}).
 * <p>
 * A permit of the parallelism bound is held until a command's result is final, not until its reader
 * thread ends: a reader stuck on a pipe held by an escaped process is abandoned, and never blocks a later
 * cycle. Threads are daemons and time out when idle, since the agent waits most of every minute.
 */
@ApplicationScoped
public class CommandExecutor {

    private static final Logger LOG = Logger.getLogger(CommandExecutor.class);

    /** Idle threads end after this; a cycle a minute would otherwise keep them all alive for nothing. */
    static final Duration IDLE_THREAD_TIMEOUT = Duration.ofSeconds(5);

    private final ExecutorSettings settings;
    private final long totalOutputBytes;
    private final ProcessGroups groups;
    private final LeftoverSweep sweep;
    private final Semaphore permits;
    private final ThreadPoolExecutor readers;
    private final ScheduledThreadPoolExecutor timer;
    private final StartOrder startOrder = new StartOrder();
    private final Set<CommandRun> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    @Inject
    public CommandExecutor(AgentConfig config) {
        this(ExecutorSettings.from(config));
    }

    public CommandExecutor(ExecutorSettings settings) {
        this(settings, ProcessGroups.system());
    }

    CommandExecutor(ExecutorSettings settings, ProcessGroups groups) {
        this(settings, groups, OutputBudget.DEFAULT_BYTES);
    }

    CommandExecutor(ExecutorSettings settings, ProcessGroups groups, long totalOutputBytes) {
        this(settings, groups, totalOutputBytes, LeftoverSweep.system());
    }

    CommandExecutor(ExecutorSettings settings, ProcessGroups groups, long totalOutputBytes, LeftoverSweep sweep) {
        this.totalOutputBytes = totalOutputBytes;
        this.settings = settings;
        this.groups = groups;
        this.sweep = sweep;
        this.permits = new Semaphore(settings.parallelism());
        long idle = IDLE_THREAD_TIMEOUT.toMillis();
        AtomicInteger readerCount = new AtomicInteger();
        this.readers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, idle, TimeUnit.MILLISECONDS,
                new SynchronousQueue<>(), daemon(() -> "command-" + readerCount.incrementAndGet()));
        this.timer = new ScheduledThreadPoolExecutor(1, daemon(() -> "command-timer"));
        timer.setKeepAliveTime(idle, TimeUnit.MILLISECONDS);
        timer.allowCoreThreadTimeOut(true);
        // Most deadlines are cancelled long before they are due; they must not keep the thread alive.
        timer.setRemoveOnCancelPolicy(true);
        LOG.debugf("Commands: timeout %s, output cap %d bytes, parallelism %d, working directory %s",
                LimitMarkers.seconds(settings.timeout()), settings.maxOutputBytes(), settings.parallelism(),
                settings.workingDirectory());
    }

    public ExecutorSettings settings() {
        return settings;
    }

    /**
     * Runs the commands, at most {@code parallelism} at once and the slowest first ({@link StartOrder}),
     * and blocks until every result is final (at the latest timeout + kill grace + about 1 s after a
     * command started) and what the ended commands left in their process groups is killed. Never throws
     * for a command: one that cannot start gets a result saying why, with exit code -1.
     *
     * @return one result per spec, in the order of {@code specs}
     */
    public List<CommandResult> runAll(List<CommandSpec> specs) {
        OutputBudget budget = new OutputBudget(totalOutputBytes);
        Queue<LeftoverSweep.Ended> ended = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<CommandResult>> futures = new ArrayList<>(Collections.nCopies(specs.size(), null));
        boolean interrupted = false;
        for (int i : startOrder.arrange(specs)) {
            CommandSpec spec = specs.get(i);
            if (interrupted || closed) {
                futures.set(i, CompletableFuture.completedFuture(notStarted(spec, "the agent is stopping")));
                continue;
            }
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                // Commands already started are still awaited (their wait is bounded); the rest are skipped.
                interrupted = true;
                futures.set(i, CompletableFuture.completedFuture(notStarted(spec, "the agent is stopping")));
                continue;
            }
            futures.set(i, start(spec, budget, ended::add));
        }
        List<CommandResult> results = new ArrayList<>(futures.size());
        for (CompletableFuture<CommandResult> future : futures) {
            results.add(future.join());
        }
        sweep.sweep(List.copyOf(ended));
        startOrder.learn(specs, results);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return results;
    }

    /** Called with the permit held; the permit goes back when the result is final. */
    private CompletableFuture<CommandResult> start(CommandSpec spec, OutputBudget budget,
            Consumer<LeftoverSweep.Ended> ended) {
        String missing = groups.missingTools();
        if (missing != null) {
            permits.release();
            return CompletableFuture.completedFuture(notStarted(spec, missing));
        }
        CommandRun run = new CommandRun(spec, settings, groups, timer, budget, sweep, ended);
        running.add(run);
        CompletableFuture<CommandResult> result = run.result().whenComplete((r, e) -> {
            running.remove(run);
            permits.release();
        });
        if (closed) {
            run.abort(); // shutdown() may have looked at `running` before this run was in it
            return result;
        }
        try {
            readers.execute(run);
        } catch (RejectedExecutionException e) {
            run.abort();
        }
        return result;
    }

    /**
     * Kills the process groups of commands still running and stops the threads, so that stopping the
     * agent in the middle of a cycle leaves no children behind. Results of those commands become final
     * with what they wrote so far.
     */
    @PreDestroy
    public void shutdown() {
        closed = true;
        if (!running.isEmpty()) {
            LOG.infof("Stopping %d running command(s)", running.size());
        }
        for (CommandRun run : List.copyOf(running)) {
            run.abort();
        }
        readers.shutdownNow();
        timer.shutdownNow();
    }

    private static CommandResult notStarted(CommandSpec spec, String reason) {
        return new CommandResult(spec.name(), LimitMarkers.couldNotStart(reason).getBytes(StandardCharsets.UTF_8),
                -1, false, false, Duration.ZERO);
    }

    private static ThreadFactory daemon(java.util.function.Supplier<String> names) {
        return task -> {
            Thread t = new Thread(task, names.get());
            t.setDaemon(true);
            return t;
        };
    }
}
