package com.trafikito.agent.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import com.trafikito.agent.config.AgentConfig;
import com.trafikito.agent.config.ApiUrls;
import com.trafikito.agent.config.ConfigProblem;
import com.trafikito.agent.config.ServerCredentials;
import com.trafikito.agent.metrics.AgentMetrics;
import com.trafikito.agent.state.Stopping;
import com.trafikito.agent.time.Ticker;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.vertx.core.buffer.Buffer;
import com.trafikito.agent.text.Printable;

/**
 * The agent's side of the wire: builds the forms of PROTOCOL.md, calls {@link TrafikitoApi} on the current
 * edge, reads at most {@link #MAX_ANSWER_BYTES} of an answer and turns every way a call can end into an
 * {@link ApiResult}. It never throws for a network or HTTP failure.
 * <p>
 * Retries: get_config (which changes nothing on the API) with backoff within the cycle's {@link CallBudget};
 * save_output only when the request never left the agent, since the API blocks agents that send twice a
 * minute; error_feedback never. Every call of a cycle draws on the cycle's budget; get_config's retries and
 * the pings of a failover before the output is sent keep one call's worst case for save_output. Once the
 * agent has begun to stop ({@link Stopping}) nothing more is sent, retried or failed over.
 */
@ApplicationScoped
public class ApiGateway {

    public static final int MAX_ANSWER_BYTES = 64 * 1024;
    /**
     * Multipart bodies up to this size go out with a Content-Length, as the original's curl -F sent them (servers
     * without chunked request bodies, as many WSGI stacks are, read a chunked form as empty). The client's default
     * of 8 KiB sent larger payloads chunked; a cycle's payload is at most 4 MiB of output plus the whitelists
     * (1 MiB each at most). The encoder sizes its buffers by this value for every multipart request, so it is kept
     * just above that payload: 16 MiB ran the shipped -Xmx64m out of heap at the first request.
     */
    static final int MAX_LENGTH_DELIMITED_BYTES = 6 * 1024 * 1024 + 64 * 1024;
    static final int MAX_GET_CONFIG_ATTEMPTS = 4;
    static final int MAX_SAVE_ATTEMPTS = 3;

    private static final Logger LOG = Logger.getLogger(ApiGateway.class);

    private final AgentConfig config;
    private final Map<URI, TrafikitoApi> clients = new ConcurrentHashMap<>();
    private final Backoff backoff = Backoff.unpredictable();
    private volatile EdgeSelector edges;
    private volatile CallBudget cycleBudget;

    @Inject
    AgentMetrics metrics;

    @Inject
    Stopping stopping;

    @Inject
    RestClientTls tls;

    @Inject
    public ApiGateway(AgentConfig config) {
        this.config = config;
    }

    /** The validated edges; a bad {@code agent.api.url} is a config problem before any network call. */
    public List<URI> edges() throws ConfigProblem {
        return ApiUrls.validate(config.api().url(), config.api().allowInsecure());
    }

    /**
     * The budget that calls without one of their own (error_feedback, the widget calls) draw on until the
     * cycle ends; null outside a cycle (install's calls).
     */
    public void cycleBudget(CallBudget budget) {
        cycleBudget = budget;
    }

    /** A new cycle's budget: {@link CallBudget#forCalls} of this configuration's worst call. */
    public CallBudget newCycleBudget() {
        return CallBudget.forCalls(worstCaseCall());
    }

    public ApiResult getConfig(ServerCredentials credentials, String previousToken, CallBudget budget) {
        GetConfigRequest request = new GetConfigRequest(credentials.serverId(), credentials.apiKey(), previousToken);
        ApiResult result = null;
        // Before the output is sent, a retry or a failover must leave the time save_output may need.
        Duration reserve = worstCaseCall();
        for (int attempt = 1; attempt <= MAX_GET_CONFIG_ATTEMPTS; attempt++) {
            if (attempt > 1 && !pause(attempt - 1, budget, reserve)) {
                break;
            }
            result = call(Endpoint.GET_CONFIG, api -> api.getConfig(request), budget, reserve);
            if (!isRetryable(result) || stopping.began()) {
                return result;
            }
            LOG.infof("get_config attempt %d of %d failed: %s", attempt, MAX_GET_CONFIG_ATTEMPTS,
                    Printable.line(result.describe()));
        }
        return result;
    }

    public ApiResult saveOutput(ServerCredentials credentials, byte[] payload, long timeTookLastTime, String callToken,
            CallBudget budget) {
        ClientMultipartForm form = ClientMultipartForm.create()
                .binaryFileUpload("output", "trafikito.tmp", Buffer.buffer(payload), "application/octet-stream")
                .attribute("timeTookLastTime", Long.toString(timeTookLastTime), null)
                .attribute("serverId", credentials.serverId(), null)
                .attribute("serverApiKey", credentials.apiKey(), null)
                .attribute("callToken", callToken, null);
        ApiResult result = null;
        for (int attempt = 1; attempt <= MAX_SAVE_ATTEMPTS; attempt++) {
            if (attempt > 1 && !pause(attempt - 1, budget, Duration.ZERO)) {
                break;
            }
            result = call(Endpoint.SAVE_OUTPUT, api -> api.saveOutput(form), budget, Duration.ZERO);
            if (!(result instanceof ApiResult.IoFailure io && io.neverSent())) {
                return result;
            }
        }
        return result;
    }

    /** Plain text fields only: text from the API is data, never a file reference (PROTOCOL.md, Faults). */
    public ApiResult errorFeedback(String apiKey, int code, String message, String details) {
        ClientMultipartForm form = ClientMultipartForm.create()
                .attribute("code", Integer.toString(code), null)
                .attribute("message", message, null)
                .attribute("details", details, null)
                .attribute("serverApiKey", apiKey, null);
        return call(Endpoint.ERROR_FEEDBACK, api -> api.errorFeedback(form), cycleBudget, Duration.ZERO);
    }

    public ApiResult widgetCommand(String widgetId) {
        return call(Endpoint.WIDGET_GET_COMMAND, api -> api.widgetGetCommand(new WidgetCommandRequest(widgetId)),
                cycleBudget, Duration.ZERO);
    }

    public ApiResult widgetInstall(ServerCredentials credentials, String widgetId, String name, byte[] output) {
        ClientMultipartForm form = ClientMultipartForm.create()
                .binaryFileUpload("output", "trafikito.tmp", Buffer.buffer(output), "application/octet-stream")
                .attribute("serverId", credentials.serverId(), null)
                .attribute("widgetId", widgetId, null)
                .attribute("cmd", name, null)
                .attribute("serverApiKey", credentials.apiKey(), null);
        return call(Endpoint.WIDGET_INSTALL, api -> api.widgetInstall(form), cycleBudget, Duration.ZERO);
    }

    /**
     * One call on the current edge, then a failover when the edge failed.
     *
     * @param budget  what the call draws on (null: unbounded, outside a cycle)
     * @param reserve what the budget must keep after this call and a failover's pings
     */
    private ApiResult call(Endpoint endpoint, Function<TrafikitoApi, InputStream> request, CallBudget budget,
            Duration reserve) {
        EdgeSelector selector;
        try {
            selector = selector();
        } catch (ConfigProblem e) {
            return new ApiResult.IoFailure(e.getMessage(), true);
        }
        if (stopping.began()) {
            LOG.debugf("%s not sent: the agent is stopping", endpoint.label());
            return new ApiResult.IoFailure("not sent: the agent is stopping", false);
        }
        if (!fits(budget, reserve)) {
            LOG.warnf("%s not sent: the cycle's %d s of API time are spent", endpoint.label(),
                    CallBudget.PER_CYCLE.toSeconds());
            return new ApiResult.IoFailure("not sent: the cycle's API time is spent", false);
        }
        URI edge = selector.current();
        ApiResult result = callEdge(edge, endpoint, request, budget);
        if (isEdgeFailure(result) && selector.failOver(edge,
                candidate -> !stopping.began() && fits(budget, reserve) && pingsOk(candidate, budget))) {
            LOG.warnf("API edge %s failed (%s); next calls go to %s", edge, Printable.line(result.describe()),
                    selector.current());
        }
        return result;
    }

    /** Whether one more call, at its worst, leaves {@code reserve} of the budget. */
    private boolean fits(CallBudget budget, Duration reserve) {
        return budget == null || budget.allows(worstCaseCall().plus(reserve));
    }

    private ApiResult callEdge(URI edge, Endpoint endpoint, Function<TrafikitoApi, InputStream> request,
            CallBudget budget) {
        long start = System.nanoTime();
        try {
            return metrics.timeApiCall(endpoint, () -> send(edge, endpoint, request));
        } finally {
            if (budget != null) {
                budget.spend(System.nanoTime() - start);
            }
        }
    }

    private ApiResult send(URI edge, Endpoint endpoint, Function<TrafikitoApi, InputStream> request) {
        long deadline = System.nanoTime() + worstCaseCall().toNanos();
        try (InputStream body = request.apply(client(edge))) {
            byte[] bytes = Answers.readBounded(body, deadline);
            if (bytes == null) {
                LOG.warnf("%s: answer larger than %d bytes refused", endpoint.label(), MAX_ANSWER_BYTES);
                return new ApiResult.TooLarge(MAX_ANSWER_BYTES);
            }
            return new ApiResult.Answer(new String(bytes, StandardCharsets.UTF_8));
        } catch (ApiStatusException e) {
            LOG.warnf("%s: the API answered HTTP %d", endpoint.label(), e.status());
            return new ApiResult.HttpFailure(e.status());
        } catch (Answers.TooSlow e) {
            LOG.warnf("%s on %s: %s", endpoint.label(), edge, Printable.line(e.getMessage()));
            return new ApiResult.IoFailure(e.getMessage(), false);
        } catch (RuntimeException | IOException e) {
            ApiResult.IoFailure failure = new ApiResult.IoFailure(Answers.describe(e), Answers.neverSent(e));
            if (stopping.began()) {
                // The HTTP client is being closed under the call: expected, not worth a warning.
                LOG.debugf("%s on %s ended by the stop: %s", endpoint.label(), edge, Printable.line(failure.reason()));
            } else {
                LOG.warnf("%s on %s: %s", endpoint.label(), edge, Printable.line(failure.reason()));
            }
            return failure;
        }
    }

    /** One call's worst case: connecting, then waiting for the answer. */
    private Duration worstCaseCall() {
        return config.api().connectTimeout().plus(config.api().readTimeout());
    }

    /**
     * Waits before retry number {@code failedAttempt}; false when the retry would not fit the budget with
     * {@code reserve} left, or the agent began to stop meanwhile.
     */
    private boolean pause(int failedAttempt, CallBudget budget, Duration reserve) {
        Duration wait = backoff.after(failedAttempt);
        if (stopping.began() || !budget.allows(wait.plus(worstCaseCall()).plus(reserve))) {
            return false;
        }
        budget.spend(wait.toNanos());
        return stopping.pause(wait);
    }

    private boolean pingsOk(URI edge, CallBudget budget) {
        return callEdge(edge, Endpoint.PING, TrafikitoApi::ping, budget) instanceof ApiResult.Answer a && a.isOk();
    }

    /** Retried: the network failed or the API is overloaded (5xx). Not retried: answers and 4xx. */
    private static boolean isRetryable(ApiResult result) {
        return isEdgeFailure(result);
    }

    private static boolean isEdgeFailure(ApiResult result) {
        return result instanceof ApiResult.IoFailure
                || result instanceof ApiResult.HttpFailure h && h.status() >= 500;
    }

    private EdgeSelector selector() throws ConfigProblem {
        EdgeSelector selector = edges;
        if (selector == null) {
            selector = new EdgeSelector(edges(), Ticker.SYSTEM);
            edges = selector;
        }
        return selector;
    }

    private TrafikitoApi client(URI edge) {
        return clients.computeIfAbsent(edge, uri -> tls.configure(QuarkusRestClientBuilder.newBuilder())
                .baseUri(uri)
                .connectTimeout(config.api().connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.api().readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .property(QuarkusRestClientProperties.MAX_CHUNK_SIZE, MAX_LENGTH_DELIMITED_BYTES)
                .build(TrafikitoApi.class));
    }

    /**
     * Closes the clients, which fails a call in flight at once. Called when the agent begins to stop, while
     * Vert.x and context propagation still run: a call left to Vert.x's own shutdown never returns to its
     * caller (the client's failure handler meets a torn-down context) and holds the process up.
     */
    public void closeClients() {
        for (URI edge : List.copyOf(clients.keySet())) {
            TrafikitoApi client = clients.remove(edge);
            if (client instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.debugf("closing a REST client: %s", e.getMessage());
                }
            }
        }
    }

    @PreDestroy
    void close() {
        closeClients();
    }

    /**
     * A call outside the cycle (registration by {@code agent install}), with the same edge choice, 64 KiB
     * bound and failure handling as the cycle's calls.
     */
    public ApiResult callOnce(Endpoint endpoint, Function<TrafikitoApi, InputStream> request) {
        return call(endpoint, request, null, Duration.ZERO);
    }
}
