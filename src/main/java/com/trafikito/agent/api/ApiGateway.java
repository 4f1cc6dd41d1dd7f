package com.trafikito.agent.api;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.trafikito.agent.config.AgentConfig;
import com.trafikito.agent.config.ApiUrls;
import com.trafikito.agent.config.ConfigProblem;
import com.trafikito.agent.config.ServerCredentials;
import com.trafikito.agent.metrics.AgentMetrics;
import com.trafikito.agent.state.Stopping;
import com.trafikito.agent.time.Ticker;

/**
 * The agent's side of the wire, one method per call of PROTOCOL.md: {@link WireForms} builds the request,
 * {@link ResilientCaller} sends it with its retry rule, failover and the cycle's budget, {@link EdgeExchange}
 * makes each exchange on a client of {@link RestClients}, reading at most {@link #MAX_ANSWER_BYTES} of the
 * answer. Every way a call can end is an {@link ApiResult}: nothing here throws for a network or HTTP failure.
 */
@ApplicationScoped
public class ApiGateway {

    public static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final AgentConfig config;
    private final RestClients clients;
    private final ResilientCaller calls;

    @Inject
    ApiGateway(AgentConfig config, RestClients clients, AgentMetrics metrics, Stopping stopping) {
        this.config = config;
        this.clients = clients;
        // One call's worst case: connecting, then waiting for the answer.
        Duration worstCall = config.api().connectTimeout().plus(config.api().readTimeout());
        this.calls = new ResilientCaller(this::edges, new EdgeExchange(clients, metrics, stopping, worstCall),
                worstCall, stopping, Backoff.unpredictableRandom(), Ticker.SYSTEM);
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
        calls.cycleBudget(budget);
    }

    /** A new cycle's budget: {@link CallBudget#forCalls} of this configuration's worst call. */
    public CallBudget newCycleBudget() {
        return calls.newCycleBudget();
    }

    public ApiResult getConfig(ServerCredentials credentials, String previousToken, CallBudget budget) {
        return calls.retriedWhileTheEdgeFails(WireForms.getConfig(credentials, previousToken), budget);
    }

    public ApiResult saveOutput(ServerCredentials credentials, byte[] payload, long timeTookLastTime, String callToken,
            CallBudget budget) {
        return calls.retriedWhenNeverSent(WireForms.saveOutput(credentials, payload, timeTookLastTime, callToken),
                budget);
    }

    public ApiResult errorFeedback(String apiKey, int code, String message, String details) {
        return calls.once(WireForms.errorFeedback(apiKey, code, message, details));
    }

    public ApiResult widgetCommand(String widgetId) {
        return calls.once(WireForms.widgetCommand(widgetId));
    }

    public ApiResult widgetInstall(ServerCredentials credentials, String widgetId, String name, byte[] output) {
        return calls.once(WireForms.widgetInstall(credentials, widgetId, name, output));
    }

    /** Registration's first call (by {@code agent install}, outside a cycle): a new server id and api key. */
    public ApiResult register(RegistrationRequest request) {
        return calls.onceOutsideACycle(WireForms.register(request));
    }

    /** Registration's second call: the initial whitelist for the default commands' {@code payload}. */
    public ApiResult initialCommands(InitialCommandsRequest request, byte[] payload) {
        return calls.onceOutsideACycle(WireForms.initialCommands(request, payload));
    }

    /**
     * Closes the clients, which fails a call in flight at once: called when the agent begins to stop (see
     * {@link RestClients#closeAll}).
     */
    public void closeClients() {
        clients.closeAll();
    }
}
