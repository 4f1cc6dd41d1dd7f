package com.trafikito.agent.commands;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * Starts commands in a process group of their own and signals whole groups. Java can do neither:
 * {@code Process.destroy()} reaches only the direct child, and a grandchild re-parented to init is not
 * even a descendant any more. {@code setsid} gives the command a new session whose process group id is
 * the child's pid (the JVM's child is never a group leader, so setsid execs in place instead of forking),
 * and {@code kill -SIG -- -<pgid>} reaches every member.
 */
final class ProcessGroups {

    private static final Logger LOG = Logger.getLogger(ProcessGroups.class);

    static final List<Path> SETSID_PATHS = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));
    static final List<Path> KILL_PATHS = List.of(Path.of("/bin/kill"), Path.of("/usr/bin/kill"));
    private static final File DEV_NULL = new File("/dev/null");

    private final List<Path> setsidPaths;
    private final List<Path> killPaths;
    private final Path setsid;
    private final Path kill;

    ProcessGroups(List<Path> setsidPaths, List<Path> killPaths) {
        this.setsidPaths = List.copyOf(setsidPaths);
        this.killPaths = List.copyOf(killPaths);
        this.setsid = firstExecutable(setsidPaths).orElse(null);
        this.kill = firstExecutable(killPaths).orElse(null);
        if (missingTools() != null) {
            LOG.errorf("Commands cannot run: %s", missingTools());
        }
    }

    static ProcessGroups system() {
        return new ProcessGroups(SETSID_PATHS, KILL_PATHS);
    }

    /**
     * Why commands cannot run here, or null when they can. Without these tools the agent could not stop
     * a command's children, so it runs nothing rather than leave processes behind.
     */
    String missingTools() {
        if (setsid == null) {
            return "no setsid at " + setsidPaths + " (install util-linux)";
        }
        if (kill == null) {
            return "no kill at " + killPaths + " (install procps or util-linux)";
        }
        return null;
    }

    /**
     * What the shell runs for a command line that is not plain ASCII: it decodes its first argument with
     * {@code printf %b} (POSIX: backslash, zero and three octal digits make a byte; two backslashes make one)
     * and evaluates the result, having cleared the positional parameters, as {@code sh -c} leaves them.
     */
    static final String DECODE_AND_EVAL = "eval \"set --; $(printf '%b' \"$1\")\"";

    /**
     * The argument vector that runs {@code commandLine} through {@code /bin/sh -c} in a new session. A line
     * with bytes outside ASCII ({@code grep 'é'}) travels as ASCII escapes: the JVM encodes arguments with
     * its own charset (from Java 18 on, {@code sun.jnu.encoding}, ASCII under the C locale of a service), which
     * would turn {@code é} into {@code ?}; the shell gets the line's UTF-8 bytes exactly.
     */
    List<String> command(String commandLine) {
        if (commandLine.chars().allMatch(c -> c < 0x80)) {
            return List.of(setsid.toString(), "/bin/sh", "-c", commandLine);
        }
        return List.of(setsid.toString(), "/bin/sh", "-c", DECODE_AND_EVAL, "sh", printfEscaped(commandLine));
    }

    /** The UTF-8 bytes of {@code text} as an operand of {@code printf %b}: ASCII as is, the rest in octal. */
    static String printfEscaped(String text) {
        StringBuilder escaped = new StringBuilder(text.length() * 2);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int unsigned = b & 0xff;
            if (unsigned == '\\') {
                escaped.append("\\\\");
            } else if (unsigned < 0x80 && unsigned != 0) {
                escaped.append((char) unsigned);
            } else {
                escaped.append(String.format("\\0%03o", unsigned));
            }
        }
        return escaped.toString();
    }

    /**
     * Sends {@code signal} (TERM or KILL) to every process of the group. A group that is gone already
     * is the usual case after a normal end and not worth a word.
     */
    void signal(long pgid, String signal) {
        signal(List.of(pgid), signal);
    }

    /**
     * Sends {@code signal} to every process of each group, through one {@code kill} process: the sweep
     * of a cycle's leftovers costs one process start, not one per command.
     */
    void signal(Collection<Long> pgids, String signal) {
        List<String> command = new ArrayList<>(pgids.size() + 3);
        command.addAll(List.of(kill.toString(), "-" + signal, "--"));
        for (long pgid : pgids) {
            if (pgid <= 1) {
                throw new IllegalArgumentException("refusing to signal process group " + pgid);
            }
            command.add("-" + pgid);
        }
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        CommandEnvironment.replace(pb.environment());
        try {
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.warnf("kill -%s -- %s did not return within 5 s", signal, pgids);
            }
        } catch (IOException e) {
            LOG.warnf("Could not send %s to process groups %s: %s", signal, pgids, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<Path> firstExecutable(List<Path> candidates) {
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }
}
