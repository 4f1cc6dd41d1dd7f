package com.trafikito.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The {@code agent.*} keys of DESIGN.md. Every key can be set in {@code <base-dir>/etc/agent.properties},
 * overridden by an environment variable ({@code AGENT_...}) or a {@code -D} system property.
 */
@ConfigMapping(prefix = "agent")
public interface AgentConfig {

    /** The installation folder: whitelist, {@code etc/} and {@code var/}. */
    @WithDefault("/opt/trafikito")
    String baseDir();

    /** Overrides the server id of {@code etc/trafikito.cfg}. */
    Optional<String> serverId();

    /** Overrides the api key of {@code etc/trafikito.cfg}. A secret: never logged. */
    Optional<String> apiKey();

    /** A file holding the api key (a mounted Secret): {@code AGENT_API_KEY_FILE}, used when no api key is set. */
    Optional<String> apiKeyFile();

    Api api();

    Commands commands();

    Widgets widgets();

    Cycle cycle();

    Http http();

    Install install();

    interface Api {
        /** The API base URLs (edges), in order of preference. */
        @WithDefault("https://api.trafikito.com")
        List<String> url();

        /** Allows plain {@code http://} to hosts other than loopback. */
        @WithDefault("false")
        boolean allowInsecure();

        /** Per call. With the read timeout, it bounds how many get_config tries fit a cycle's 40 s. */
        @WithDefault("5s")
        Duration connectTimeout();

        @WithDefault("15s")
        Duration readTimeout();
    }

    interface Commands {
        /** Per-command time limit; the process group gets TERM, then KILL 2 s later. */
        @WithDefault("30s")
        Duration timeout();

        /** Bytes of output kept per command; the rest is drained and dropped. */
        @WithDefault("512K")
        MemorySize maxOutput();

        /** How many commands run at once. */
        @WithDefault("4")
        int parallelism();
    }

    interface Widgets {
        /** Whether dashboard-pushed widget commands may be added and run (PROTOCOL.md, Widgets). */
        @WithDefault("false")
        boolean install();
    }

    interface Cycle {
        /** Time between cycle starts (plus the API's delay). Shorter than 60 s only for tests and benchmarks. */
        @WithDefault("60s")
        Duration interval();

        /** Start cycles at a stable per-server offset within the interval. */
        @WithDefault("true")
        boolean splay();
    }

    interface Http {
        /**
         * Whether {@code agent run} serves {@code /q/health} and {@code /q/metrics} on {@code quarkus.http.host}
         * and {@code quarkus.http.port} (DESIGN.md's contract, on by default: dashboards scrape the metrics of
         * hosts too). Off, the daemon opens no port at all; it saves about 1 MiB, since Vert.x stays for the
         * REST client, so it is a choice about an open port, not about memory.
         */
        @WithDefault("true")
        boolean enabled();
    }

    /**
     * Where {@code agent install}, {@code uninstall} and {@code status} find the system's service manager
     * and user tools. The defaults are right on a host; tests point them at fakes so that no real user or
     * service is ever created. Not for owners to change.
     */
    interface Install {
        /** PATH-like list searched for systemctl, useradd, getent, service...; unset: the standard system path. */
        Optional<String> toolsPath();

        /** Where the unit {@code trafikito.service} is written. */
        @WithDefault("/etc/systemd/system")
        String systemdDir();

        /** systemd manages this host when this directory exists (the check of sd_booted()). */
        @WithDefault("/run/systemd/system")
        String systemdRuntimeDir();

        /** Where SysV and OpenRC init scripts live (the shell agent's {@code trafikito} script, on a takeover). */
        @WithDefault("/etc/init.d")
        String initDir();

        /** The agent to install: a {@code quarkus-app} folder or a native executable; unset: the running agent. */
        Optional<String> distribution();

        /** Overrides whether install runs as root; unset: uid 0 is root. */
        Optional<Boolean> assumeRoot();
    }
}
