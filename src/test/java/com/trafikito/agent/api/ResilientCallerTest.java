package com.trafikito.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import com.trafikito.agent.config.ConfigProblem;
import com.trafikito.agent.state.Stopping;

/**
 * Retries, backoff, failover and the cycle's budget on their own: a scripted exchange per edge, a monotonic
 * clock that only moves when a call or a wait takes time, and seeded jitter. Nothing waits for real.
 */
class ResilientCallerTest {

    private static final URI MAIN = URI.create("https://api.example");
    private static final URI EU = URI.create("https://eu.api.example");
    private static final URI AP = URI.create("https://ap.api.example");
    private static final Duration WORST_CALL = Duration.ofSeconds(4);
    private static final Duration CALL_TAKES = Duration.ofSeconds(1);

    private static final ApiResult OK = new ApiResult.Answer("OK\n");
    private static final ApiResult REFUSED = new ApiResult.IoFailure("ConnectException: refused", true);
    private static final ApiResult TIMED_OUT = new ApiResult.IoFailure("SocketTimeoutException", false);
    private static final ApiResult OVERLOADED = new ApiResult.HttpFailure(503);

    private final AtomicLong nanos = new AtomicLong(123_456_789L);
    private final List<String> sent = new ArrayList<>();
    private final List<Duration> waits = new ArrayList<>();
    private final Map<String, Deque<ApiResult>> script = new HashMap<>();
    private List<URI> edges = List.of(MAIN, EU, AP);

    /** The agent's stop, whose pauses move the test's clock instead of waiting. */
    private final Stopping stopping = new Stopping() {
        @Override
        public synchronized boolean pause(Duration wait) {
            waits.add(wait);
            nanos.addAndGet(wait.toNanos());
            return !began();
        }
    };

    @Test
    void anEdgeThatFailsIsLeftForTheNextThatAnswersPingInOrder() {
        ResilientCaller caller = caller(42);
        answer(MAIN, Endpoint.ERROR_FEEDBACK, TIMED_OUT);
        answer(EU, Endpoint.PING, new ApiResult.Answer("maintenance"));
        answer(AP, Endpoint.PING, OK);
        answer(AP, Endpoint.ERROR_FEEDBACK, OK);

        assertThat(caller.once(call(Endpoint.ERROR_FEEDBACK))).isEqualTo(TIMED_OUT);
        assertThat(caller.once(call(Endpoint.ERROR_FEEDBACK))).isEqualTo(OK);

        assertThat(sent).containsExactly("error_feedback api", "ping eu", "ping ap", "error_feedback ap");
    }

    @Test
    void anAnswerOrAClientErrorKeepsTheEdge() {
        ResilientCaller caller = caller(42);
        answer(MAIN, Endpoint.WIDGET_GET_COMMAND, new ApiResult.HttpFailure(404), new ApiResult.Answer("garbage"));

        caller.once(call(Endpoint.WIDGET_GET_COMMAND));
        caller.once(call(Endpoint.WIDGET_GET_COMMAND));

        assertThat(sent).containsExactly("widget_get_command api", "widget_get_command api");
    }

    @Test
    void theFirstEdgeIsTriedAgainAfterAnHourOnTheCallersClock() {
        ResilientCaller caller = caller(42);
        answer(MAIN, Endpoint.ERROR_FEEDBACK, REFUSED, OK);
        answer(EU, Endpoint.PING, OK);
        answer(EU, Endpoint.ERROR_FEEDBACK, OK);

        caller.once(call(Endpoint.ERROR_FEEDBACK));
        caller.once(call(Endpoint.ERROR_FEEDBACK));
        nanos.addAndGet(Duration.ofMinutes(61).toNanos());
        caller.once(call(Endpoint.ERROR_FEEDBACK));

        assertThat(sent).containsExactly("error_feedback api", "ping eu", "error_feedback eu", "error_feedback api");
    }

    @Test
    void getConfigIsRetriedWhileTheEdgeFailsWithWaitsWithinTheBackoffsCeilings() {
        edges = List.of(MAIN);
        ResilientCaller caller = caller(42);
        answer(MAIN, Endpoint.GET_CONFIG, OVERLOADED, TIMED_OUT, REFUSED, OVERLOADED);

        ApiResult result = caller.retriedWhileTheEdgeFails(call(Endpoint.GET_CONFIG), CallBudget.of(Duration.ofMinutes(5)));

        assertThat(result).isEqualTo(OVERLOADED);
        assertThat(sent).hasSize(ResilientCaller.MAX_GET_CONFIG_ATTEMPTS);
        assertThat(waits).hasSize(ResilientCaller.MAX_GET_CONFIG_ATTEMPTS - 1);
        assertThat(waits.get(0)).isBetween(Duration.ZERO, Backoff.BASE);
        assertThat(waits.get(1)).isBetween(Duration.ZERO, Backoff.BASE.multipliedBy(2));
        assertThat(waits.get(2)).isBetween(Duration.ZERO, Backoff.BASE.multipliedBy(4));
    }

    @Test
    void aFixedSeedReproducesTheRetriesWaitsAndAnotherSeedDoesNot() {
        assertThat(waitsOfFailingGetConfig(42)).isEqualTo(waitsOfFailingGetConfig(42))
                .isNotEqualTo(waitsOfFailingGetConfig(43));
    }

    @Test
    void twoCallersOfTheAgentDrawDifferentWaits() {
        // As ApiGateway builds it: each agent's own seed, so a fleet whose API came back does not retry in lockstep.
        List<List<Duration>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            runs.add(waitsOfFailingGetConfig(Backoff.unpredictableRandom()));
        }
        assertThat(runs.get(0)).isNotEqualTo(runs.get(1));
    }

    @Test
    void getConfigStopsAtTheFirstAnswerOrClientError() {
        edges = List.of(MAIN);
        ResilientCaller caller = caller(42);
        answer(MAIN, Endpoint.GET_CONFIG, OVERLOADED, new ApiResult.HttpFailure(403));

        ApiResult result = caller.retriedWhileTheEdgeFails(call(Endpoint.GET_CONFIG), CallBudget.of(Duration.ofMinutes(5)));

        assertThat(result).isEqualTo(new ApiResult.HttpFailure(403));
        assertThat(sent).hasSize(2);
    }

    @Test
    void getConfigLeavesSaveOutputsWorstCaseInTheBudget() {
        ResilientCaller caller = caller(42);
        answer(MAIN, Endpoint.GET_CONFIG, OVERLOADED);
        // After one call (1 s) of 8.5 s, 7.5 s are left: a ping or a retry (4 s at worst) would leave less than
        // the 4 s save_output may need, so neither is sent.
        CallBudget budget = CallBudget.of(Duration.ofMillis(8_500));

        assertThat(caller.retriedWhileTheEdgeFails(call(Endpoint.GET_CONFIG), budget)).isEqualTo(OVERLOADED);

        assertThat(sent).containsExactly("get_config api");
        assertThat(waits).isEmpty();
        assertThat(budget.remaining()).isEqualTo(Duration.ofMillis(7_500));
    }

    @Test
    void saveOutputIsRetriedOnlyWhileItNeverLeftTheAgent() {
        edges = List.of(MAIN);
        ResilientCaller caller = caller(42);
        answer(MAIN, Endpoint.SAVE_OUTPUT, REFUSED, REFUSED, OK);
        assertThat(caller.retriedWhenNeverSent(call(Endpoint.SAVE_OUTPUT), CallBudget.of(Duration.ofMinutes(5))))
                .isEqualTo(OK);
        assertThat(sent).hasSize(3);

        for (ApiResult once : List.of(TIMED_OUT, OVERLOADED)) {
            sent.clear();
            answer(MAIN, Endpoint.SAVE_OUTPUT, once, OK);
            assertThat(caller.retriedWhenNeverSent(call(Endpoint.SAVE_OUTPUT), CallBudget.of(Duration.ofMinutes(5))))
                    .isEqualTo(once);
            assertThat(sent).as("after %s", once).hasSize(1);
            script.clear();
        }
    }

    @Test
    void saveOutputIsSentAtMostThreeTimes() {
        edges = List.of(MAIN);
        ResilientCaller caller = caller(42);
        answer(MAIN, Endpoint.SAVE_OUTPUT, REFUSED, REFUSED, REFUSED, OK);

        assertThat(caller.retriedWhenNeverSent(call(Endpoint.SAVE_OUTPUT), CallBudget.of(Duration.ofMinutes(5))))
                .isEqualTo(REFUSED);
        assertThat(sent).hasSize(ResilientCaller.MAX_SAVE_ATTEMPTS);
    }

    @Test
    void callsOfACycleStopWhenItsBudgetCannotHoldAnotherWorstCase() {
        edges = List.of(MAIN);
        ResilientCaller caller = caller(42);
        answer(MAIN, Endpoint.ERROR_FEEDBACK, OK, OK, OK, OK, OK, OK, OK);
        // 10 s: a call starts while its 4 s worst case fits; each takes 1 s here: 10, 9, ..., 4 s left.
        caller.cycleBudget(CallBudget.of(Duration.ofSeconds(10)));

        List<ApiResult> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(caller.once(call(Endpoint.ERROR_FEEDBACK)));
        }

        assertThat(sent).hasSize(7);
        assertThat(results.get(7).describe()).contains("the cycle's API time is spent");
    }

    @Test
    void outsideACycleNoBudgetApplies() {
        edges = List.of(MAIN);
        ResilientCaller caller = caller(42);
        answer(MAIN, Endpoint.GET_AGENT_FILE, OK);
        caller.cycleBudget(CallBudget.of(Duration.ZERO));

        assertThat(caller.onceOutsideACycle(call(Endpoint.GET_AGENT_FILE))).isEqualTo(OK);
    }

    @Test
    void aCycleBudgetHoldsTwoWorstCallsWhenTheTimeoutsAreLong() {
        assertThat(caller(42).newCycleBudget().total()).isEqualTo(CallBudget.PER_CYCLE);
        ResilientCaller slow = new ResilientCaller(() -> edges, this::exchange, Duration.ofSeconds(30), stopping,
                new Random(42), nanos::get);
        assertThat(slow.newCycleBudget().total()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void nothingIsSentRetriedOrFailedOverOnceTheAgentStops() {
        ResilientCaller caller = caller(42);
        answer(MAIN, Endpoint.GET_CONFIG, OVERLOADED, OVERLOADED);
        answer(EU, Endpoint.PING, OK);
        stopping.begin();

        ApiResult result = caller.retriedWhileTheEdgeFails(call(Endpoint.GET_CONFIG), CallBudget.of(Duration.ofMinutes(5)));

        assertThat(result.describe()).contains("the agent is stopping");
        assertThat(sent).isEmpty();
    }

    @Test
    void aBadEdgeListIsAFailureThatNeverLeftTheAgent() {
        ResilientCaller caller = new ResilientCaller(() -> {
            throw new ConfigProblem("agent.api.url: not a URL");
        }, this::exchange, WORST_CALL, stopping, new Random(42), nanos::get);

        assertThat(caller.once(call(Endpoint.ERROR_FEEDBACK)))
                .isEqualTo(new ApiResult.IoFailure("agent.api.url: not a URL", true));
        assertThat(sent).isEmpty();
    }

    private List<Duration> waitsOfFailingGetConfig(long seed) {
        return waitsOfFailingGetConfig(new Random(seed));
    }

    private List<Duration> waitsOfFailingGetConfig(RandomGenerator random) {
        edges = List.of(MAIN);
        waits.clear();
        answer(MAIN, Endpoint.GET_CONFIG, OVERLOADED, OVERLOADED, OVERLOADED, OVERLOADED);
        new ResilientCaller(() -> edges, this::exchange, WORST_CALL, stopping, random, nanos::get)
                .retriedWhileTheEdgeFails(call(Endpoint.GET_CONFIG), CallBudget.of(Duration.ofMinutes(5)));
        assertThat(waits).hasSize(ResilientCaller.MAX_GET_CONFIG_ATTEMPTS - 1);
        return List.copyOf(waits);
    }

    private ResilientCaller caller(long seed) {
        return new ResilientCaller(() -> edges, this::exchange, WORST_CALL, stopping, new Random(seed), nanos::get);
    }

    private static ApiCall call(Endpoint endpoint) {
        return new ApiCall(endpoint, api -> {
            throw new AssertionError("the scripted exchange sends nothing");
        });
    }

    private void answer(URI edge, Endpoint endpoint, ApiResult... results) {
        script.computeIfAbsent(key(edge, endpoint), k -> new ArrayDeque<>()).addAll(List.of(results));
    }

    private ApiResult exchange(URI edge, ApiCall call) {
        String key = key(edge, call.endpoint());
        sent.add(key);
        nanos.addAndGet(CALL_TAKES.toNanos());
        Deque<ApiResult> answers = script.get(key);
        if (answers == null || answers.isEmpty()) {
            throw new AssertionError("unexpected " + key);
        }
        return answers.poll();
    }

    private static String key(URI edge, Endpoint endpoint) {
        return endpoint.label() + " " + edge.getHost().split("\\.")[0];
    }
}
