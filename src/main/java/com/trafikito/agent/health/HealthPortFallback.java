package com.trafikito.agent.health;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.trafikito.agent.config.AgentPaths;
import com.trafikito.agent.state.VarDir;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * When the health port was taken at start, the daemon boots without its HTTP server (cycles must run: a
 * restart loop under systemd would mean no monitoring at all), says so, and tries to bind the port again
 * every {@link #RETRY}. Once bound it serves the same probes and metrics: {@code /q/health},
 * {@code /q/health/live}, {@code /q/health/ready} and {@code /q/metrics}, from Quarkus' own health reporter
 * and Prometheus registry.
 */
@ApplicationScoped
public class HealthPortFallback {

    /**
     * Set by the launcher ({@code AgentMain}) for the daemon: {@code host:port} when the port was taken
     * before boot, empty when it was free.
     */
    public static final String TAKEN_MARKER = "trafikito.agent.health-port-taken";

    static final Duration RETRY = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(HealthPortFallback.class);

    private final Vertx vertx;
    private final AgentPaths paths;
    private final VarDir var;
    private final SmallRyeHealthReporter health;
    private final Instance<PrometheusMeterRegistry> prometheus;

    private volatile String problem;
    private volatile long timer = -1;
    private volatile HttpServer server;

    @Inject
    public HealthPortFallback(Vertx vertx, AgentPaths paths, VarDir var, SmallRyeHealthReporter health,
            Instance<PrometheusMeterRegistry> prometheus) {
        this.vertx = vertx;
        this.paths = paths;
        this.var = var;
        this.health = health;
        this.prometheus = prometheus;
    }

    void start(@Observes StartupEvent event) {
        String taken = System.getProperty(TAKEN_MARKER);
        if (taken == null) {
            return; // not the daemon, or its HTTP server set by hand: nothing of this bean's
        }
        if (taken.isEmpty()) {
            forget(); // the daemon has its port: an old note of a previous run would mislead `agent status`
            return;
        }
        int colon = taken.lastIndexOf(':');
        String host = taken.substring(0, colon);
        int port = Integer.parseInt(taken.substring(colon + 1));
        problem = "health port " + taken + " is taken by another process: no /q/health or /q/metrics until it is"
                + " free (tried every " + RETRY.toSeconds() + " s); cycles run as usual";
        LOG.error(problem + ". Set QUARKUS_HTTP_PORT (or quarkus.http.port in etc/agent.properties) to another"
                + " port, or stop what holds it");
        record(problem);
        timer = vertx.setPeriodic(RETRY.toMillis(), id -> bind(host, port));
    }

    /**
     * For {@code agent status}, another process. Best effort: a read-only or untrusted var/ (where the agent
     * writes nothing) only loses that line.
     */
    private void record(String text) {
        try {
            var.write(paths.healthPortProblem(), text + "\n");
        } catch (IOException e) {
            LOG.debugf("cannot write %s: %s", paths.healthPortProblem(), e.getMessage());
        }
    }

    private void forget() {
        try {
            var.delete(paths.healthPortProblem());
        } catch (IOException e) {
            LOG.debugf("cannot remove %s: %s", paths.healthPortProblem(), e.getMessage());
        }
    }

    /** Why the health endpoints are not served, while they are not. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    private void bind(String host, int port) {
        if (server != null) {
            return;
        }
        HttpServer candidate = vertx.createHttpServer().requestHandler(this::serve);
        candidate.listen(port, host).onSuccess(bound -> {
            vertx.cancelTimer(timer);
            server = bound;
            problem = null;
            vertx.executeBlocking(() -> {
                forget();
                return null;
            });
            LOG.infof("health port %s:%d is free again: /q/health and /q/metrics are served", host, port);
        }).onFailure(e -> LOG.debugf("health port %s:%d still taken: %s", host, port, e.getMessage()));
    }

    private void serve(HttpServerRequest request) {
        String path = request.path();
        if (path.equals("/q/metrics") && prometheus.isResolvable()) {
            vertx.executeBlocking(() -> prometheus.get().scrape()).onComplete(result -> request.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(result.result()));
            return;
        }
        if (!path.equals("/q/health") && !path.equals("/q/health/live") && !path.equals("/q/health/ready")) {
            request.response().setStatusCode(404).end();
            return;
        }
        vertx.executeBlocking(() -> report(path)).onComplete(result -> {
            SmallRyeHealth report = result.result();
            request.response().setStatusCode(report.isDown() ? 503 : 200)
                    .putHeader("Content-Type", "application/json; charset=UTF-8").end(report.getPayload().toString());
        });
    }

    private SmallRyeHealth report(String path) {
        return switch (path) {
            case "/q/health/live" -> health.getLiveness();
            case "/q/health/ready" -> health.getReadiness();
            default -> health.getHealth();
        };
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (server != null) {
            server.close();
        }
    }
}
