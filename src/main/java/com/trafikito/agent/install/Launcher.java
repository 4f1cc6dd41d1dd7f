package com.trafikito.agent.install;

import java.nio.file.Path;

/**
 * {@code <base-dir>/agent} in JVM mode: a small sh script that runs the installed jar with the options of
 * {@code etc/jvm.options}, so that the unit, an owner's {@code agent status} and the docs all say
 * {@code <base-dir>/agent}. (A native build is copied to that path itself.)
 */
public final class Launcher {

    /** Where the jar's {@code quarkus-app} folder is installed, relative to the base dir. */
    public static final String APP_DIR = "lib/quarkus-app";

    /** Where the Java runtime of the distribution archive is installed, relative to the base dir. */
    public static final String RUNTIME_DIR = "lib/" + Distribution.RUNTIME_DIR;

    /** A line of every launcher we write, to tell it from other files named {@code agent}. */
    public static final String MARKER = "# trafikito-agent launcher";

    private Launcher() {
    }

    /**
     * The launcher of an installation with the archive's Java runtime in {@code lib/runtime}: it runs that runtime
     * and nothing else, so that a Java of the host is never needed nor used.
     */
    public static String renderWithRuntime(Path baseDir, String version) {
        return """
                #!/bin/sh
                %s (version %s), written by `agent install`; rewritten by every install.
                # Runs the agent's jar on the Java runtime installed beside it (lib/runtime) with the JVM options of
                # etc/jvm.options (one option a line, # comments); every argument goes to the agent: `agent run`,
                # `agent status`, `agent check`...
                base=%s
                export AGENT_BASE_DIR="${AGENT_BASE_DIR:-$base}"
                # The options are split into words on purpose; globbing is off so that none is taken as a pattern.
                set -f
                exec "$base/%s/bin/java" $(grep -v '^#' "$base/etc/jvm.options") -jar "$base/%s/quarkus-run.jar" "$@"
                """.formatted(MARKER, version, quote(baseDir.toString()), RUNTIME_DIR, APP_DIR);
    }

    /**
     * @param baseDir an absolute path that {@link InstallPaths#problem} accepted
     * @param java    the java executable that ran install: pinned, because a service's PATH may not hold a JDK;
     *                {@code java} from the PATH is the fallback when it goes away
     */
    public static String render(Path baseDir, Path java, String version) {
        return """
                #!/bin/sh
                %s (version %s), written by `agent install`; rewritten by every install.
                # Runs the agent's jar with the JVM options of etc/jvm.options (one option a line, # comments);
                # every argument goes to the agent: `agent run`, `agent status`, `agent check`...
                base=%s
                java=%s
                [ -x "$java" ] || java=java
                export AGENT_BASE_DIR="${AGENT_BASE_DIR:-$base}"
                # Only a regular file of at most 64 KiB is read (a FIFO would hang, /dev/zero never end); anything
                # else is skipped with a warning and the JVM's defaults apply.
                opts="$base/etc/jvm.options"
                jvm=
                if [ -f "$opts" ] && [ ! -L "$opts" ] && [ "$(wc -c < "$opts")" -le 65536 ]; then
                    jvm=$(grep -v '^#' "$opts")
                elif [ -e "$opts" ] || [ -L "$opts" ]; then
                    echo "agent: ignoring $opts: not a regular file of at most 64 KiB" >&2
                fi
                # The options are split into words on purpose; globbing is off so that none is taken as a pattern.
                set -f
                exec "$java" $jvm -jar "$base/%s/quarkus-run.jar" "$@"
                """.formatted(MARKER, version, quote(baseDir.toString()), quote(java.toString()), APP_DIR);
    }

    /** A single-quoted sh word. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
