package com.trafikito.agent.api;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import com.trafikito.agent.config.AgentConfig;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/**
 * The REST clients, one per edge, built on first use with the configured timeouts, Quarkus' proxy and TLS keys
 * ({@link RestClientTls}), a Content-Length on every request and no connection kept between cycles, and closed
 * when the agent begins to stop.
 */
@Singleton
class RestClients {

    /**
     * Multipart bodies up to this size go out with a Content-Length, as the original's curl -F sent them (servers
     * without chunked request bodies, as many WSGI stacks are, read a chunked form as empty). The client's default
     * of 8 KiB sent larger payloads chunked; a cycle's payload is at most 4 MiB of output plus the whitelists
     * (1 MiB each at most), so the limit is kept just above that. Every part of a form is in memory
     * ({@code WireForms}): the encoder slices them, and allocates nothing of this size.
     */
    static final int MAX_LENGTH_DELIMITED_BYTES = 6 * 1024 * 1024 + 64 * 1024;

    /**
     * How long an idle connection is kept, in seconds: long enough for save_output to reuse get_config's connection
     * within a cycle, never through the idle minute between cycles. A connection kept that long is the one a NAT or
     * the API's load balancer has silently dropped in the meantime (save_output sent into it is lost: it is never
     * resent), and thousands of agents would each hold one open on the API.
     */
    static final int IDLE_CONNECTION_SECONDS = 15;

    /**
     * How often the client's pool closes expired connections, in milliseconds. Vert.x's default, every second,
     * woke the event loop 60 times in each idle minute (90 ms of CPU a minute on a 2-core build machine).
     */
    static final int POOL_CLEANER_MILLIS = IDLE_CONNECTION_SECONDS * 1000;

    // The category the API's log lines have always had.
    private static final Logger LOG = Logger.getLogger(ApiGateway.class);

    private final AgentConfig config;
    private final RestClientTls tls;
    private final Map<URI, TrafikitoApi> clients = new ConcurrentHashMap<>();

    @Inject
    RestClients(AgentConfig config, RestClientTls tls) {
        this.config = config;
        this.tls = tls;
    }

    /**
     * The client of {@code edge}, built on first use.
     *
     * @throws IllegalStateException when the configured trust cannot be loaded ({@link RestClientTls})
     */
    TrafikitoApi of(URI edge) {
        return clients.computeIfAbsent(edge, uri -> tls.configure(QuarkusRestClientBuilder.newBuilder())
                .baseUri(uri)
                .connectTimeout(config.api().connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.api().readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .property(QuarkusRestClientProperties.MAX_CHUNK_SIZE, MAX_LENGTH_DELIMITED_BYTES)
                .property(QuarkusRestClientProperties.CONNECTION_TTL, IDLE_CONNECTION_SECONDS)
                .httpClientOptionsCustomizer(options -> options.setPoolCleanerPeriod(POOL_CLEANER_MILLIS))
                .build(TrafikitoApi.class));
    }

    /**
     * Closes the clients, which fails a call in flight at once. Called when the agent begins to stop, while
     * Vert.x and context propagation still run: a call left to Vert.x's own shutdown never returns to its
     * caller (the client's failure handler meets a torn-down context) and holds the process up.
     */
    void closeAll() {
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
        closeAll();
    }
}
