package com.trafikito.agent.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jboss.logging.Logger;

import com.trafikito.agent.metrics.AgentMetrics;
import com.trafikito.agent.state.Stopping;
import com.trafikito.agent.text.Printable;

/**
 * One call on one edge, once: sends it on that edge's client, reads at most {@link ApiGateway#MAX_ANSWER_BYTES}
 * of the answer within the call's worst case, and says how it ended as an {@link ApiResult}, timed in the
 * metrics. It never throws for a network or HTTP failure; retrying and choosing the edge are
 * {@link ResilientCaller}'s.
 */
final class EdgeExchange implements ResilientCaller.Exchange {

    // The category the API's log lines have always had.
    private static final Logger LOG = Logger.getLogger(ApiGateway.class);

    private final RestClients clients;
    private final AgentMetrics metrics;
    private final Stopping stopping;
    private final Duration worstCall;

    /** @param worstCall one call's worst case (connect and read timeouts): the longest an answer may take */
    EdgeExchange(RestClients clients, AgentMetrics metrics, Stopping stopping, Duration worstCall) {
        this.clients = clients;
        this.metrics = metrics;
        this.stopping = stopping;
        this.worstCall = worstCall;
    }

    @Override
    public ApiResult send(URI edge, ApiCall call) {
        return metrics.timeApiCall(call.endpoint(), () -> exchange(edge, call));
    }

    private ApiResult exchange(URI edge, ApiCall call) {
        String label = call.endpoint().label();
        try {
            TrafikitoApi client = clients.of(edge);
            // The deadline starts once the client exists: building the first one on an edge (classes, TLS
            // context) is this JVM's time, not the API's, and on a loaded host it can take seconds.
            long deadline = System.nanoTime() + worstCall.toNanos();
            try (InputStream body = call.send().apply(client)) {
                byte[] bytes = Answers.readBounded(body, deadline);
                if (bytes == null) {
                    LOG.warnf("%s: answer larger than %d bytes refused", label, ApiGateway.MAX_ANSWER_BYTES);
                    return new ApiResult.TooLarge(ApiGateway.MAX_ANSWER_BYTES);
                }
                return new ApiResult.Answer(new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (ApiStatusException e) {
            LOG.warnf("%s: the API answered HTTP %d", label, e.status());
            return new ApiResult.HttpFailure(e.status());
        } catch (Answers.TooSlow e) {
            LOG.warnf("%s on %s: %s", label, edge, Printable.line(e.getMessage()));
            return new ApiResult.IoFailure(e.getMessage(), false);
        } catch (RuntimeException | IOException e) {
            ApiResult.IoFailure failure = new ApiResult.IoFailure(Answers.describe(e), Answers.neverSent(e));
            if (stopping.began()) {
                // The HTTP client is being closed under the call: expected, not worth a warning.
                LOG.debugf("%s on %s ended by the stop: %s", label, edge, Printable.line(failure.reason()));
            } else {
                LOG.warnf("%s on %s: %s", label, edge, Printable.line(failure.reason()));
            }
            return failure;
        }
    }
}
