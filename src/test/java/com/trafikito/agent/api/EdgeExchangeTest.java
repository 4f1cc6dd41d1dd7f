package com.trafikito.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import com.trafikito.agent.metrics.AgentMetrics;
import com.trafikito.agent.state.AgentState;
import com.trafikito.agent.state.Stopping;
import com.trafikito.agent.time.Ticker;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** One call on one edge: what counts against the call's deadline. */
class EdgeExchangeTest {

    private static final URI EDGE = URI.create("http://127.0.0.1:9");

    /** A client that answers at once, from a builder as slow as a cold JVM on a loaded host. */
    private static final class SlowToBuild extends RestClients {
        private final long buildNanos;

        SlowToBuild(Duration build) {
            super(null, null);
            this.buildNanos = build.toNanos();
        }

        @Override
        TrafikitoApi of(URI edge) {
            long until = System.nanoTime() + buildNanos;
            while (System.nanoTime() < until) {
                LockSupport.parkNanos(until - System.nanoTime());
            }
            return (TrafikitoApi) Proxy.newProxyInstance(TrafikitoApi.class.getClassLoader(),
                    new Class<?>[] {TrafikitoApi.class}, (proxy, method, args) -> {
                        throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    @Test
    void buildingTheClientIsNotTheApisTime() {
        EdgeExchange exchange = new EdgeExchange(new SlowToBuild(Duration.ofMillis(300)),
                new AgentMetrics(new SimpleMeterRegistry(), new AgentState(null, Ticker.SYSTEM)), new Stopping(),
                Duration.ofMillis(100));
        Function<TrafikitoApi, InputStream> answersOk =
                client -> new ByteArrayInputStream("OK".getBytes(StandardCharsets.UTF_8));

        ApiResult result = exchange.send(EDGE, new ApiCall(Endpoint.PING, answersOk));

        // Before, the deadline started before the client was built, and an answer read at once was dropped as
        // "longer than the connect and read timeouts together".
        assertThat(result).isEqualTo(new ApiResult.Answer("OK"));
    }

    @Test
    void anAnswerThatKeepsComingPastTheDeadlineIsStillDropped() {
        EdgeExchange exchange = new EdgeExchange(new SlowToBuild(Duration.ZERO),
                new AgentMetrics(new SimpleMeterRegistry(), new AgentState(null, Ticker.SYSTEM)), new Stopping(),
                Duration.ofMillis(50));
        Function<TrafikitoApi, InputStream> dripping = client -> new InputStream() {
            @Override
            public int read() {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                b[off] = (byte) read();
                return 1;
            }
        };

        ApiResult result = exchange.send(EDGE, new ApiCall(Endpoint.PING, dripping));

        assertThat(result).isInstanceOf(ApiResult.IoFailure.class);
        assertThat(result.describe()).contains("longer than the connect and read timeouts together");
    }
}
