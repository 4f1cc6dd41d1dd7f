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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * thread ends: a command whose shell even KILL cannot end (stuck in the kernel) is given up, and never
 * blocks a later cycle. Threads are daemons and time out when idle, since the agent waits most of every minute.
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
     * The longest {@link #runAll(List)} takes for {@code count} commands: rounds of {@code parallelism}
     * commands, each stopped at its timeout and killed after the grace.
     */
    public Duration worstCase(int count) {
        int rounds = (count + settings.parallelism() - 1) / settings.parallelism();
        return settings.timeout().plus(settings.killGrace()).multipliedBy(rounds);
    }

    /**
     * {@link #runAll(List, Duration)} within {@link #worstCase(int)}, plus the moment it takes to collect the
     * last round's output after its KILL.
     */
    public List<CommandResult> runAll(List<CommandSpec> specs) {
        return runAll(specs, worstCase(specs.size()).plus(CommandRun.GIVE_UP_MARGIN));
    }

    /**
     * Runs the commands, at most {@code parallelism} at once and the slowest first ({@link StartOrder}),
     * and blocks until every result is final and what the ended commands left in their sessions is killed.
     * Each command's result is final at the latest timeout + kill grace + about 1 s after it started; the
     * whole run ends within {@code limit}: what still runs then is killed and keeps what it wrote, what has
     * not started does not start. Never throws for a command: one that cannot start gets a result saying
     * why, with exit code -1.
     *
     * @return one result per spec, in the order of {@code specs}
     */
    public List<CommandResult> runAll(List<CommandSpec> specs, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        OutputBudget budget = new OutputBudget(totalOutputBytes);
        Queue<LeftoverSweep.Ended> ended = new ConcurrentLinkedQueue<>();
        List<CommandRun> started = new ArrayList<>();
        List<CompletableFuture<CommandResult>> futures = new ArrayList<>(Collections.nCopies(specs.size(), null));
        boolean interrupted = false;
        for (int i : startOrder.arrange(specs)) {
            CommandSpec spec = specs.get(i);
            if (interrupted || closed) {
                futures.set(i, CompletableFuture.completedFuture(notStarted(spec, "the agent is stopping")));
                continue;
            }
            try {
                if (!permits.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    futures.set(i, CompletableFuture.completedFuture(
                            notStarted(spec, "the cycle reached its time bound of " + LimitMarkers.seconds(limit))));
                    continue;
                }
            } catch (InterruptedException e) {
                // Commands already started are still awaited (their wait is bounded); the rest are skipped.
                interrupted = true;
                futures.set(i, CompletableFuture.completedFuture(notStarted(spec, "the agent is stopping")));
                continue;
            }
            futures.set(i, start(spec, budget, ended::add, started));
        }
        List<CommandResult> results = new ArrayList<>(futures.size());
        for (CompletableFuture<CommandResult> future : futures) {
            results.add(awaitWithin(future, deadline, limit, started));
        }
        sweep.sweep(List.copyOf(ended));
        startOrder.learn(specs, results);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return results;
    }

    private static CommandResult awaitWithin(CompletableFuture<CommandResult> future, long deadline, Duration limit,
            List<CommandRun> started) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("The commands reached their time bound of %s: stopping those still running",
                    LimitMarkers.seconds(limit));
            started.forEach(CommandRun::abort); // final results stay as they are
            return future.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return future.join(); // bounded: every result is final within timeout + grace + about 1 s
        } catch (ExecutionException e) {
            throw new IllegalStateException("a command's result failed", e.getCause());
        }
    }

    /** Called with the permit held; the permit goes back when the result is final. */
    private CompletableFuture<CommandResult> start(CommandSpec spec, OutputBudget budget,
            Consumer<LeftoverSweep.Ended> ended, List<CommandRun> started) {
        String missing = groups.missingTools();
        if (missing != null) {
            permits.release();
            return CompletableFuture.completedFuture(notStarted(spec, missing));
        }
        CommandRun run = new CommandRun(spec, settings, groups, timer, budget, sweep, ended);
        running.add(run);
        started.add(run);
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
