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
import java.util.function.Consumer;

import org.jboss.logging.Logger;

/**
 * One command from start to result. {@link #run()} starts it and reads its output on a reader thread;
 * timer tasks enforce the time limit on the whole process group. The result is final once, through
 * {@link #finish}: normally by the reader when the shell has exited, or by the timer when even KILL did not
 * end the shell (a process stuck in the kernel, e.g. on a hung NFS mount); then the reader stops too.
 * <p>
 * The output is what the command wrote until its shell exited. The reader never blocks in a read: a read
 * holds the stream's monitor, which the JDK's process reaper needs when the shell exits
 * ({@code ProcessPipeInputStream.processExited}), so a process that kept the pipe open without writing
 * (a daemonising tool started by the command) would hold both threads and the pipe's descriptor for as long
 * as it lives. Reading what is available and waiting for the exit in between leaves the reaper free to
 * close the pipe; what background processes write after the shell's exit is dropped.
 */
final class CommandRun implements Runnable {

    private static final Logger LOG = Logger.getLogger(CommandRun.class);
    private static final File DEV_NULL = new File("/dev/null");

    /** How long past TERM + grace the result waits for a shell that KILL did not end. */
    static final Duration GIVE_UP_MARGIN = Duration.ofSeconds(1);

    /**
     * The waits between two looks at the pipe while the command runs quietly: they double from the first to
     * the longest. The shell's exit ends a wait at once, and a pipe that holds data is read again at once,
     * so they cost no latency; fewer of them cost less CPU (16 commands a cycle).
     */
    static final long FIRST_POLL_MILLIS = 4;
    static final long MAX_POLL_MILLIS = 100;

    private final CommandSpec spec;
    private final ExecutorSettings settings;
    private final ProcessGroups groups;
    private final ScheduledExecutorService timer;
    private final CompletableFuture<CommandResult> result = new CompletableFuture<>();
    private final CappedOutput output;
    private final OutputBudget cycleBudget;
    private final LeftoverSweep sweep;
    private final Consumer<LeftoverSweep.Ended> onEnd;
    private final long startNanos = System.nanoTime();

    // Guarded by this: who may still signal the group. Its id is the shell's pid, which is the command's only
    // while the shell has not been reaped: every signal checks that it is alive just before.
    private Process process;
    private boolean ended;
    private boolean aborted;
    private boolean timedOut;
    private ScheduledFuture<?> termTask;
    private ScheduledFuture<?> killTask;
    private ScheduledFuture<?> giveUpTask;

    CommandRun(CommandSpec spec, ExecutorSettings settings, ProcessGroups groups, ScheduledExecutorService timer,
            OutputBudget cycleBudget, LeftoverSweep sweep, Consumer<LeftoverSweep.Ended> onEnd) {
        this.spec = spec;
        this.settings = settings;
        this.groups = groups;
        this.timer = timer;
        this.output = new CappedOutput(settings.maxOutputBytes(), cycleBudget);
        this.cycleBudget = cycleBudget;
        this.sweep = sweep;
        this.onEnd = onEnd;
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
        } catch (InterruptedException e) {
            // The executor's shutdownNow(): the agent is stopping, and abort() makes the result final.
            Thread.currentThread().interrupt();
            abort();
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
        LOG.debugf("Command %s started as process group %d", spec.name(), p.pid());
        try (InputStream in = p.getInputStream()) {
            long wait = FIRST_POLL_MILLIS;
            while (true) {
                if (readAvailable(in, buffer)) {
                    wait = FIRST_POLL_MILLIS;
                } else if (p.waitFor(wait, TimeUnit.MILLISECONDS)) {
                    break;
                } else if (result.isDone()) {
                    LOG.debugf("Command %s: its shell outlived KILL; the reader stops", spec.name());
                    return; // given up on (or stopped): the result is final, and nothing more is wanted
                } else {
                    wait = Math.min(wait * 2, MAX_POLL_MILLIS);
                }
            }
            // What the shell wrote before it exited is in the pipe, or in the JDK's copy of it once the reaper
            // has closed the pipe: either way available() sees it and read() does not block.
            while (readAvailable(in, buffer)) {
                // drain
            }
            duration = elapsed();
        }
        LeftoverSweep.Ended end = sweep.ended(p.pid());
        int exit = p.exitValue();
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
        // Background leftovers (`sleep 300 >/dev/null &`) must not outlive the command: the executor kills
        // what is provably left of the session once the cycle's commands are done (LeftoverSweep).
        onEnd.accept(end);
        if (abandoned) {
            return;
        }
        CommandResult r = compose(killed || stopped ? -1 : exit, killed, duration);
        LOG.debugf("Command %s ended: exit %d after %d ms, %d bytes", spec.name(), r.exitCode(),
                duration.toMillis(), r.output().length);
        finish(r);
    }

    /** Reads what the pipe holds now, without blocking; false when it holds nothing (or is at its end). */
    private boolean readAvailable(InputStream in, byte[] buffer) throws IOException {
        int available = in.available();
        if (available <= 0) {
            return false;
        }
        int n = in.read(buffer, 0, Math.min(available, buffer.length));
        if (n <= 0) {
            return false;
        }
        if (output.append(buffer, n)) {
            LOG.warnf("Command %s wrote more than %d bytes: the rest is dropped (agent.commands.max-output)",
                    spec.name(), settings.maxOutputBytes());
        }
        return true;
    }

    private void onTimeout() {
        Process p;
        synchronized (this) {
            if (ended || aborted || !process.isAlive()) {
                return; // ended just now: its reader is about to say so
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
            if (ended || !process.isAlive()) {
                return; // TERM ended the shell: what is left of the session goes to the sweep
            }
            p = process;
        }
        groups.signal(p.pid(), "KILL");
    }

    private void giveUp() {
        if (!result.isDone()) {
            LOG.warnf("Command %s did not end even after KILL (a process stuck in the kernel, such as on a hung"
                    + " NFS mount); not waiting for it", spec.name());
            finish(compose(-1, true, elapsed()));
        }
    }

    /** Kills the command (the agent is stopping) and makes its result final with what it wrote so far. */
    void abort() {
        Process p;
        synchronized (this) {
            aborted = true;
            p = ended || process == null || !process.isAlive() ? null : process;
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
        long capBytes = output.cutByCycleBudget() ? cycleBudget.total() : settings.maxOutputBytes();
        String marker = !capped ? LimitMarkers.killedAfter(settings.timeout())
                : killed ? LimitMarkers.cutAndKilled(capBytes, output.cutByCycleBudget(), settings.timeout())
                : output.cutByCycleBudget() ? LimitMarkers.cycleOutputCut(capBytes)
                : LimitMarkers.outputCut(capBytes);
        out.writeBytes(marker.getBytes(StandardCharsets.UTF_8));
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
