package com.trafikito.agent.commands;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import org.jboss.logging.Logger;

/**
 * One command from start to result. {@link #run()} starts it and reads its output on a reader thread;
 * timer tasks enforce the time limit on the whole process group. The result is final once, through
 * {@link #finish}: normally by the reader, or by the timer when the reader is stuck on a pipe held by a
 * process that left the group (then the reader is abandoned and ends when the pipe closes).
 */
final class CommandRun implements Runnable {

    private static final Logger LOG = Logger.getLogger(CommandRun.class);
    private static final File DEV_NULL = new File("/dev/null");

    /** How long past TERM + grace the result waits for a reader that the KILL did not free. */
    static final Duration GIVE_UP_MARGIN = Duration.ofSeconds(1);

    private final CommandSpec spec;
    private final ExecutorSettings settings;
    private final ProcessGroups groups;
    private final ScheduledExecutorService timer;
    private final CompletableFuture<CommandResult> result = new CompletableFuture<>();
    private final CappedOutput output;
    private final OutputBudget cycleBudget;
    private final LongConsumer endedGroups;
    private final long startNanos = System.nanoTime();

    // Guarded by this: who may still signal the group. After the end the pgid may be reused one day.
    private Process process;
    private boolean ended;
    private boolean aborted;
    private boolean timedOut;
    private ScheduledFuture<?> termTask;
    private ScheduledFuture<?> killTask;
    private ScheduledFuture<?> giveUpTask;

    CommandRun(CommandSpec spec, ExecutorSettings settings, ProcessGroups groups, ScheduledExecutorService timer,
            OutputBudget cycleBudget, LongConsumer endedGroups) {
        this.spec = spec;
        this.settings = settings;
        this.groups = groups;
        this.timer = timer;
        this.output = new CappedOutput(settings.maxOutputBytes(), cycleBudget);
        this.cycleBudget = cycleBudget;
        this.endedGroups = endedGroups;
    }

    CompletableFuture<CommandResult> result() {
        return result;
    }

    @Override
    public void run() {
        try {
            Process p = start();
            if (p != null) {
                readToEnd(p);
            }
        } catch (Throwable e) { // the result must be final whatever happens, or runAll waits forever
            LOG.warnf(e, "Command %s failed in the agent", spec.name());
            abort();
        }
    }

    private Process start() {
        synchronized (this) {
            if (aborted) {
                return null; // the agent stopped before this one's turn came
            }
        }
        if (!Files.isDirectory(settings.workingDirectory())) {
            return notStarted("working directory " + settings.workingDirectory() + " does not exist");
        }
        ProcessBuilder pb = new ProcessBuilder(groups.command(spec.commandLine()))
                .directory(settings.workingDirectory().toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
        CommandEnvironment.replace(pb.environment());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return notStarted(e.getMessage());
        }
        synchronized (this) {
            if (!aborted) {
                process = p;
                termTask = timer.schedule(this::onTimeout, settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
                giveUpTask = timer.schedule(this::giveUp,
                        settings.timeout().plus(settings.killGrace()).plus(GIVE_UP_MARGIN).toNanos(),
                        TimeUnit.NANOSECONDS);
                return p;
            }
        }
        groups.signal(p.pid(), "KILL"); // the agent stopped while this one was starting
        return null;
    }

    private Process notStarted(String reason) {
        LOG.warnf("Command %s could not start: %s", spec.name(), reason);
        finish(new CommandResult(spec.name(), LimitMarkers.couldNotStart(reason).getBytes(StandardCharsets.UTF_8),
                -1, false, false, elapsed()));
        return null;
    }

    private void readToEnd(Process p) throws IOException, InterruptedException {
        byte[] buffer = new byte[8192];
        Duration duration;
        try (InputStream in = p.getInputStream()) {
            // When the shell exits, the JDK's reaper drains what the pipe holds and closes it, unless a
            // read holds the stream's monitor (ProcessPipeInputStream.processExited is synchronized).
            // Holding it across the whole loop, not just each read, makes the output end at the real
            // EOF (every holder of stdout gone) in all but a shell that exits before this line is
            // reached; then the output is what the pipe held, and the group is killed just the same.
            synchronized (in) {
                LOG.debugf("Command %s started as process group %d", spec.name(), p.pid());
                int n;
                while ((n = in.read(buffer)) != -1) {
                    if (output.append(buffer, n)) {
                        LOG.warnf("Command %s wrote more than %d bytes: the rest is dropped (agent.commands.max-output)",
                                spec.name(), settings.maxOutputBytes());
                    }
                }
            }
            duration = elapsed();
        }
        int exit = p.waitFor();
        boolean killed;
        boolean abandoned;
        boolean stopped;
        synchronized (this) {
            ended = true;
            killed = timedOut;
            abandoned = result.isDone();
            // abort() kills the group before it makes the result final: the shell's exit status (137)
            // may reach this line first, and must not pass for the command's own.
            stopped = aborted;
        }
        if (abandoned) {
            // Given up on long ago: the group is empty and its id may belong to someone else by now.
            LOG.debugf("Command %s: the pipe it was given up on has closed", spec.name());
            return;
        }
        // Background leftovers (`sleep 300 >/dev/null &`) must not outlive the command: the executor
        // kills the groups of all ended commands at once when the cycle's commands are done. The group id
        // cannot be taken by another process meanwhile while a leftover still uses it.
        endedGroups.accept(p.pid());
        CommandResult r = compose(killed || stopped ? -1 : exit, killed, duration);
        LOG.debugf("Command %s ended: exit %d after %d ms, %d bytes", spec.name(), r.exitCode(),
                duration.toMillis(), r.output().length);
        finish(r);
    }

    private void onTimeout() {
        Process p;
        synchronized (this) {
            if (ended || aborted) {
                return;
            }
            timedOut = true;
            p = process;
            killTask = timer.schedule(this::onGraceOver, settings.killGrace().toNanos(), TimeUnit.NANOSECONDS);
        }
        LOG.warnf("Command %s still runs after %s: stopping its process group (agent.commands.timeout)",
                spec.name(), LimitMarkers.seconds(settings.timeout()));
        groups.signal(p.pid(), "TERM");
    }

    private void onGraceOver() {
        Process p;
        synchronized (this) {
            if (ended) {
                return;
            }
            p = process;
        }
        groups.signal(p.pid(), "KILL");
    }

    private void giveUp() {
        if (!result.isDone()) {
            LOG.warnf("Command %s: a process outside its process group still holds its output; not waiting for it",
                    spec.name());
            finish(compose(-1, true, elapsed()));
        }
    }

    /** Kills the command (the agent is stopping) and makes its result final with what it wrote so far. */
    void abort() {
        Process p;
        synchronized (this) {
            aborted = true;
            p = ended ? null : process;
        }
        if (p != null) {
            groups.signal(p.pid(), "KILL");
        }
        finish(compose(-1, false, elapsed()));
    }

    private void finish(CommandResult r) {
        if (result.complete(r)) {
            synchronized (this) {
                cancel(termTask);
                cancel(killTask);
                cancel(giveUpTask);
            }
        }
    }

    private CommandResult compose(int exitCode, boolean killed, Duration duration) {
        byte[] kept = output.snapshot();
        boolean capped = output.capped();
        if (!capped && !killed) {
            return new CommandResult(spec.name(), kept, exitCode, false, false, duration);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(kept.length + 160);
        out.writeBytes(kept);
        if (kept.length > 0 && kept[kept.length - 1] != '\n') {
            out.write('\n');
        }
        if (capped) {
            String marker = output.cutByCycleBudget() ? LimitMarkers.cycleOutputCut(cycleBudget.total())
                    : LimitMarkers.outputCut(settings.maxOutputBytes());
            out.writeBytes(marker.getBytes(StandardCharsets.UTF_8));
        }
        if (killed) {
            out.writeBytes(LimitMarkers.killedAfter(settings.timeout()).getBytes(StandardCharsets.UTF_8));
        }
        return new CommandResult(spec.name(), out.toByteArray(), exitCode, killed, capped, duration);
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }
}
