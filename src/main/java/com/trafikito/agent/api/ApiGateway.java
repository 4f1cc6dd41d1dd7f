package com.trafikito.agent.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import com.trafikito.agent.config.AgentConfig;
import com.trafikito.agent.config.ApiUrls;
import com.trafikito.agent.config.ConfigProblem;
import com.trafikito.agent.config.ServerCredentials;
import com.trafikito.agent.metrics.AgentMetrics;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.vertx.core.buffer.Buffer;

/**
 * The agent's side of the wire: builds the forms of PROTOCOL.md, calls {@link TrafikitoApi} on the current
 * edge, reads at most {@link #MAX_ANSWER_BYTES} of an answer and turns every way a call can end into an
 * {@link ApiResult}. It never throws for a network or HTTP failure.
 */
@ApplicationScoped
public class ApiGateway {

    public static final int MAX_ANSWER_BYTES = 64 * 1024;

    private static final Logger LOG = Logger.getLogger(ApiGateway.class);

    private final AgentConfig config;
    private final Map<URI, TrafikitoApi> clients = new ConcurrentHashMap<>();
    private volatile EdgeSelector edges;

    @Inject
    AgentMetrics metrics;

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

    public ApiResult getConfig(ServerCredentials credentials, String previousToken) {
        GetConfigRequest request = new GetConfigRequest(credentials.serverId(), credentials.apiKey(), previousToken);
        return call(Endpoint.GET_CONFIG, api -> api.getConfig(request));
    }

    public ApiResult saveOutput(ServerCredentials credentials, byte[] payload, long timeTookLastTime, String callToken) {
        ClientMultipartForm form = ClientMultipartForm.create()
                .binaryFileUpload("output", "trafikito.tmp", Buffer.buffer(payload), "application/octet-stream")
                .attribute("timeTookLastTime", Long.toString(timeTookLastTime), null)
                .attribute("serverId", credentials.serverId(), null)
                .attribute("serverApiKey", credentials.apiKey(), null)
                .attribute("callToken", callToken, null);
        return call(Endpoint.SAVE_OUTPUT, api -> api.saveOutput(form));
    }

    /** Plain text fields only: text from the API is data, never a file reference (PROTOCOL.md, Faults). */
    public ApiResult errorFeedback(String apiKey, int code, String message, String details) {
        ClientMultipartForm form = ClientMultipartForm.create()
                .attribute("code", Integer.toString(code), null)
                .attribute("message", message, null)
                .attribute("details", details, null)
                .attribute("serverApiKey", apiKey, null);
        return call(Endpoint.ERROR_FEEDBACK, api -> api.errorFeedback(form));
    }

    private ApiResult call(Endpoint endpoint, Function<TrafikitoApi, InputStream> request) {
        EdgeSelector selector;
        try {
            selector = selector();
        } catch (ConfigProblem e) {
            return new ApiResult.IoFailure(e.getMessage(), true);
        }
        URI edge = selector.current();
        ApiResult result = callEdge(edge, endpoint, request);
        if (isEdgeFailure(result) && selector.failOver(edge, this::pingsOk)) {
            LOG.warnf("API edge %s failed (%s); next calls go to %s", edge, result.describe(), selector.current());
        }
        return result;
    }

    private ApiResult callEdge(URI edge, Endpoint endpoint, Function<TrafikitoApi, InputStream> request) {
        return metrics.timeApiCall(endpoint, () -> send(edge, endpoint, request));
    }

    private ApiResult send(URI edge, Endpoint endpoint, Function<TrafikitoApi, InputStream> request) {
        try (InputStream body = request.apply(client(edge))) {
            byte[] bytes = body == null ? new byte[0] : body.readNBytes(MAX_ANSWER_BYTES + 1);
            if (bytes.length > MAX_ANSWER_BYTES) {
                LOG.warnf("%s: answer larger than %d bytes refused", endpoint.label(), MAX_ANSWER_BYTES);
                return new ApiResult.TooLarge(MAX_ANSWER_BYTES);
            }
            return new ApiResult.Answer(new String(bytes, StandardCharsets.UTF_8));
        } catch (ApiStatusException e) {
            LOG.warnf("%s: the API answered HTTP %d", endpoint.label(), e.status());
            return new ApiResult.HttpFailure(e.status());
        } catch (RuntimeException | IOException e) {
            ApiResult.IoFailure failure = new ApiResult.IoFailure(describe(e), neverSent(e));
            LOG.warnf("%s on %s: %s", endpoint.label(), edge, failure.reason());
            return failure;
        }
    }

    private boolean pingsOk(URI edge) {
        return callEdge(edge, Endpoint.PING, TrafikitoApi::ping) instanceof ApiResult.Answer a && a.isOk();
    }

    private static boolean isEdgeFailure(ApiResult result) {
        return result instanceof ApiResult.IoFailure
                || result instanceof ApiResult.HttpFailure h && h.status() >= 500;
    }

    private EdgeSelector selector() throws ConfigProblem {
        EdgeSelector selector = edges;
        if (selector == null) {
            selector = new EdgeSelector(edges(), Clock.systemUTC());
            edges = selector;
        }
        return selector;
    }

    private TrafikitoApi client(URI edge) {
        return clients.computeIfAbsent(edge, uri -> tls.configure(QuarkusRestClientBuilder.newBuilder())
                .baseUri(uri)
                .connectTimeout(config.api().connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.api().readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .build(TrafikitoApi.class));
    }

    /** Connection refused or an unknown host: the request never left the agent, so a retry is safe. */
    static boolean neverSent(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /** The root cause's class and message: enough to tell refused from timed out, never a request body. */
    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return root.getClass().getSimpleName() + message;
    }
}
