package com.trafikito.agent.api;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

import org.jboss.logging.Logger;

import com.trafikito.agent.config.ConfigProblem;
import com.trafikito.agent.state.Stopping;
import com.trafikito.agent.text.Printable;
import com.trafikito.agent.time.Ticker;

/**
 * How the agent keeps calling when the network or an edge fails: retries with full-jitter {@link Backoff},
 * failover to the next edge that answers ping ({@link EdgeSelector}), and the cycle's {@link CallBudget}.
 * <p>
 * Retries: a call that changes nothing on the API (get_config) with backoff while its edge fails; save_output
 * only when the request never left the agent, since the API blocks agents that send twice a minute; the
 * others never. Every call of a cycle draws on the cycle's budget; get_config's retries and the pings of a
 * failover before the output is sent keep one call's worst case for save_output. Once the agent has begun to
 * stop ({@link Stopping}) nothing more is sent, retried or failed over.
 * <p>
 * The random source of the waits and the monotonic clock that measures the calls are given, so that tests
 * drive them; the waits themselves are {@link Stopping#pause}s, which a stop cuts short.
 */
final class ResilientCaller {

    static final int MAX_GET_CONFIG_ATTEMPTS = 4;
    static final int MAX_SAVE_ATTEMPTS = 3;

    // The category the API's log lines have always had.
    private static final Logger LOG = Logger.getLogger(ApiGateway.class);

    /** The configured edges, in order of preference; a bad list is a config problem, reported per call. */
    @FunctionalInterface
    interface Edges {
        List<URI> list() throws ConfigProblem;
    }

    /** One call on one edge, once, however it ends ({@link EdgeExchange}). */
    @FunctionalInterface
    interface Exchange {
        ApiResult send(URI edge, ApiCall call);
    }

    private final Edges edges;
    private final Exchange exchange;
    private final Duration worstCall;
    private final Stopping stopping;
    private final Backoff backoff;
    private final Ticker ticker;
    private volatile EdgeSelector selector;
    private volatile CallBudget cycleBudget;

    /**
     * @param worstCall one call's worst case (connect and read timeouts): a call starts only when that fits
     * @param random    the source of the retries' jitter: each agent needs its own, or a fleet retries in lockstep
     * @param ticker    the monotonic clock that measures what calls spend and how long a fallback edge is kept
     */
    ResilientCaller(Edges edges, Exchange exchange, Duration worstCall, Stopping stopping, RandomGenerator random,
            Ticker ticker) {
        this.edges = edges;
        this.exchange = exchange;
        this.worstCall = worstCall;
        this.stopping = stopping;
        this.backoff = new Backoff(random);
        this.ticker = ticker;
    }

    /** A new cycle's budget: {@link CallBudget#forCalls} of the worst call. */
    CallBudget newCycleBudget() {
        return CallBudget.forCalls(worstCall);
    }

    /** The budget that {@link #once} draws on until the cycle ends; null outside a cycle. */
    void cycleBudget(CallBudget budget) {
        cycleBudget = budget;
    }

    /**
     * A call that changes nothing on the API (get_config): retried with backoff while the edge fails (network,
     * 5xx), as long as a retry leaves the budget the time save_output may need.
     */
    ApiResult retriedWhileTheEdgeFails(ApiCall call, CallBudget budget) {
        ApiResult result = null;
        Duration reserve = worstCall;
        for (int attempt = 1; attempt <= MAX_GET_CONFIG_ATTEMPTS; attempt++) {
            if (attempt > 1 && !pause(attempt - 1, budget, reserve)) {
                break;
            }
            result = call(call, budget, reserve);
            if (!result.edgeFailed() || stopping.began()) {
                return result;
            }
            LOG.infof("%s attempt %d of %d failed: %s", call.endpoint().label(), attempt, MAX_GET_CONFIG_ATTEMPTS,
                    Printable.line(result.describe()));
        }
        return result;
    }

    /** save_output: retried only when the request certainly never reached the API. */
    ApiResult retriedWhenNeverSent(ApiCall call, CallBudget budget) {
        ApiResult result = null;
        for (int attempt = 1; attempt <= MAX_SAVE_ATTEMPTS; attempt++) {
            if (attempt > 1 && !pause(attempt - 1, budget, Duration.ZERO)) {
                break;
            }
            result = call(call, budget, Duration.ZERO);
            if (!(result instanceof ApiResult.IoFailure io && io.neverSent())) {
                return result;
            }
        }
        return result;
    }

    /** Sent once (error_feedback, the widget calls) on the cycle's budget, if any. */
    ApiResult once(ApiCall call) {
        return call(call, cycleBudget, Duration.ZERO);
    }

    /** Sent once, outside any budget (registration by {@code agent install}). */
    ApiResult onceOutsideACycle(ApiCall call) {
        return call(call, null, Duration.ZERO);
    }

    /**
     * One call on the current edge, then a failover when the edge failed.
     *
     * @param budget  what the call draws on (null: unbounded, outside a cycle)
     * @param reserve what the budget must keep after this call and a failover's pings
     */
    private ApiResult call(ApiCall call, CallBudget budget, Duration reserve) {
        EdgeSelector edgeSelector;
        try {
            edgeSelector = selector();
        } catch (ConfigProblem e) {
            return new ApiResult.IoFailure(e.getMessage(), true);
        }
        String label = call.endpoint().label();
        if (stopping.began()) {
            LOG.debugf("%s not sent: the agent is stopping", label);
            return new ApiResult.IoFailure("not sent: the agent is stopping", false);
        }
        if (!fits(budget, reserve)) {
            LOG.warnf("%s not sent: the cycle's %d s of API time are spent", label, CallBudget.PER_CYCLE.toSeconds());
            return new ApiResult.IoFailure("not sent: the cycle's API time is spent", false);
        }
        URI edge = edgeSelector.current();
        ApiResult result = callEdge(edge, call, budget);
        if (result.edgeFailed() && edgeSelector.failOver(edge,
                candidate -> !stopping.began() && fits(budget, reserve) && pingsOk(candidate, budget))) {
            LOG.warnf("API edge %s failed (%s); next calls go to %s", edge, Printable.line(result.describe()),
                    edgeSelector.current());
        }
        return result;
    }

    /** Whether one more call, at its worst, leaves {@code reserve} of the budget. */
    private boolean fits(CallBudget budget, Duration reserve) {
        return budget == null || budget.allows(worstCall.plus(reserve));
    }

    private ApiResult callEdge(URI edge, ApiCall call, CallBudget budget) {
        long start = ticker.nanos();
        try {
            return exchange.send(edge, call);
        } finally {
            if (budget != null) {
                budget.spend(ticker.nanos() - start);
            }
        }
    }

    /**
     * Waits before retry number {@code failedAttempt}; false when the retry would not fit the budget with
     * {@code reserve} left, or the agent began to stop meanwhile.
     */
    private boolean pause(int failedAttempt, CallBudget budget, Duration reserve) {
        Duration wait = backoff.after(failedAttempt);
        if (stopping.began() || !budget.allows(wait.plus(worstCall).plus(reserve))) {
            return false;
        }
        budget.spend(wait.toNanos());
        return stopping.pause(wait);
    }

    private boolean pingsOk(URI edge, CallBudget budget) {
        return callEdge(edge, WireForms.ping(), budget) instanceof ApiResult.Answer a && a.isOk();
    }

    private EdgeSelector selector() throws ConfigProblem {
        EdgeSelector current = selector;
        if (current == null) {
            current = new EdgeSelector(edges.list(), ticker);
            selector = current;
        }
        return current;
    }
}
