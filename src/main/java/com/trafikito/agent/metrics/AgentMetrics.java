package com.trafikito.agent.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.trafikito.agent.api.ApiResult;
import com.trafikito.agent.api.Endpoint;
import com.trafikito.agent.commands.CommandResult;
import com.trafikito.agent.cycle.CycleOutcome;
import com.trafikito.agent.state.AgentState;
import com.trafikito.agent.state.CycleEnded;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * The agent's own metrics at {@code /q/metrics}. The exported names and labels are a contract for dashboards
 * and alerts (DESIGN.md, Metrics). Micrometer's Prometheus naming adds {@code _total} to counters and
 * {@code _seconds} to timers, so the meter names below are the contract's names without those suffixes.
 * <p>
 * Label values are bounded: cycle and request outcomes and endpoints are fixed sets, created at start with
 * zero values so that {@code rate()} and {@code increase()} work from the first scrape; the {@code command}
 * label only ever holds names of {@code available_commands.sh} that actually ran, never a name the API asked
 * for.
 * <p>
 * A singleton without a client proxy: a cycle still ending while the application shuts down (SIGTERM) can
 * still count itself, where a proxied bean would have to be looked up in a container that is gone.
 */
@Startup
@Singleton
public class AgentMetrics {

    static final String CYCLES = "agent.cycles";
    static final String CYCLE_DURATION = "agent.cycle.duration";
    static final String COMMAND_DURATION = "agent.command.duration";
    static final String COMMAND_TIMEOUTS = "agent.command.timeouts";
    static final String API_REQUESTS = "agent.api.requests";
    static final String API_REQUEST_DURATION = "agent.api.request.duration";
    static final String LAST_SUCCESS = "agent.last.success.timestamp.seconds";
    static final String STOPPED = "agent.stopped";

    private static final String CYCLES_HELP = "Finished cycles by outcome: " + String.join(", ", CycleOutcome.labels());

    // Histogram buckets sized to each measure: a cycle takes seconds (commands run 30 s at most), a command
    // milliseconds to its time limit, an API call up to its read timeout.
    private static final Duration[] CYCLE_BUCKETS = seconds(1, 5, 15, 30, 60, 120);
    private static final Duration[] COMMAND_BUCKETS = seconds(0.1, 0.5, 1, 5, 10, 30);
    private static final Duration[] API_BUCKETS = seconds(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30);

    private final MeterRegistry registry;
    // Gauges hold their object weakly: this field keeps the state reachable for as long as the metrics live.
    private final AgentState state;

    @Inject
    public AgentMetrics(MeterRegistry registry, AgentState state) {
        this.registry = registry;
        this.state = state;
        // A gauge reads its object through this application's CDI proxy. The registry (Micrometer's global
        // composite) can outlive the application: one started again in the same JVM (tests with another profile)
        // would be handed the earlier gauge, whose proxy reads NaN once its container is gone. Ours replace it.
        for (String name : List.of(STOPPED, LAST_SUCCESS)) {
            registry.find(name).gauges().forEach(registry::remove);
        }
        Gauge.builder(STOPPED, state, s -> s.stopReason().isPresent() ? 1 : 0)
                .description("1 while the API has STOPped this agent (var/STOP exists), else 0")
                .register(registry);
        Gauge.builder(LAST_SUCCESS, state, s -> s.snapshot().lastSuccess())
                .description("Epoch second of the last cycle whose output the API saved (OK); 0 if never")
                .register(registry);
        CycleOutcome.labels().forEach(this::cycleCounter);
        cycleTimer();
        for (Endpoint endpoint : Endpoint.values()) {
            for (ApiOutcome outcome : ApiOutcome.values()) {
                apiCounter(endpoint, outcome);
            }
            apiTimer(endpoint);
        }
        state.onCycleEnded(this::cycleEnded);
    }

    /** Counts a finished cycle; called by {@link AgentState#cycleEnded}. */
    void cycleEnded(CycleEnded cycle) {
        cycleCounter(cycle.outcome().label()).increment();
        cycleTimer().record(cycle.duration());
    }

    /** Times one API request and counts it by its outcome (see {@link ApiOutcome}). */
    public ApiResult timeApiCall(Endpoint endpoint, Supplier<ApiResult> call) {
        long started = System.nanoTime();
        ApiResult result = call.get();
        apiTimer(endpoint).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        apiCounter(endpoint, ApiOutcome.of(endpoint, result)).increment();
        return result;
    }

    /** Records the duration and time-outs of commands that ran; returns {@code results} for chaining. */
    public List<CommandResult> commandsRan(List<CommandResult> results) {
        for (CommandResult result : results) {
            Timer.builder(COMMAND_DURATION).tag("command", result.name())
                    .description("Wall time of each whitelisted command run")
                    .serviceLevelObjectives(COMMAND_BUCKETS)
                    .register(registry).record(result.duration());
            Counter timeouts = Counter.builder(COMMAND_TIMEOUTS).tag("command", result.name())
                    .description("Whitelisted commands killed at their time limit")
                    .register(registry);
            if (result.timedOut()) {
                timeouts.increment();
            }
        }
        return results;
    }

    private Counter cycleCounter(String outcome) {
        return Counter.builder(CYCLES).tag("outcome", outcome)
                .description(CYCLES_HELP)
                .register(registry);
    }

    private Timer cycleTimer() {
        return Timer.builder(CYCLE_DURATION).description("Wall time of each cycle")
                .serviceLevelObjectives(CYCLE_BUCKETS).register(registry);
    }

    private Counter apiCounter(Endpoint endpoint, ApiOutcome outcome) {
        return Counter.builder(API_REQUESTS).tag("endpoint", endpoint.label()).tag("outcome", outcome.label())
                .description("API requests by endpoint and outcome: ok, refused, http_error, io_error")
                .register(registry);
    }

    private Timer apiTimer(Endpoint endpoint) {
        return Timer.builder(API_REQUEST_DURATION).tag("endpoint", endpoint.label())
                .description("Wall time of each API request, answer read included")
                .serviceLevelObjectives(API_BUCKETS).register(registry);
    }

    private static Duration[] seconds(double... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofMillis(Math.round(values[i] * 1000));
        }
        return durations;
    }
}
