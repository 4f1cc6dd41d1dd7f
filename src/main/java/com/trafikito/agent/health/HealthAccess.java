package com.trafikito.agent.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.trafikito.agent.config.AgentConfig;

/**
 * How an owner reaches the daemon's health and metrics, as this process's configuration says (the same
 * {@code etc/agent.properties}, environment and {@code -D} the daemon reads, but for the service's own
 * environment): for {@code agent status} and {@code agent check}.
 */
@ApplicationScoped
public class HealthAccess {

    private final boolean enabled;
    private final String host;
    private final int port;

    public HealthAccess(AgentConfig config, @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        this.enabled = config.http().enabled();
        this.host = host;
        this.port = port;
    }

    /** One line: where {@code agent run} serves health and metrics, or that it serves none and how to ask. */
    public String describe() {
        if (!enabled) {
            return "not served by agent run (agent.http.enabled is false): set"
                    + " agent.http.enabled=true in etc/agent.properties (or AGENT_HTTP_ENABLED=true) and restart"
                    + " for /q/health and /q/metrics on " + host + ":" + port;
        }
        String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        return base + "/q/health/ready, /q/health/live and " + base + "/q/metrics (agent.http.enabled)";
    }
}
