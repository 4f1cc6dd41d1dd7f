package com.trafikito.agent.commands;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fixed environment of PROTOCOL.md. Commands must not see the agent's own environment: it holds
 * {@code AGENT_*} settings and may hold the api key (a container gets it from a Secret as an env var),
 * and a whitelisted command line could print or forward it. The backend also parses {@code top},
 * {@code df} and {@code vmstat} output in the C locale only.
 */
public final class CommandEnvironment {

    /** The search path of PROTOCOL.md, so that results do not depend on how the agent was started. */
    public static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private CommandEnvironment() {
    }

    /** The variables every command gets, and no others. */
    public static Map<String, String> variables() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LC_ALL", "C");
        env.put("PATH", PATH);
        putIfKnown(env, "HOME", System.getProperty("user.home"));
        putIfKnown(env, "USER", System.getProperty("user.name"));
        return env;
    }

    /** Replaces the whole environment of {@code target} (a {@link ProcessBuilder#environment()}). */
    public static void replace(Map<String, String> target) {
        target.clear();
        target.putAll(variables());
    }

    private static void putIfKnown(Map<String, String> env, String name, String value) {
        // The JVM reports "?" when the user has no passwd entry (e.g. an arbitrary uid in a container).
        if (value != null && !value.isEmpty() && !"?".equals(value)) {
            env.put(name, value);
        }
    }
}
