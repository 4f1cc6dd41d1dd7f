package com.trafikito.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.trafikito.agent.cycle.CycleReport;
import com.trafikito.agent.cycle.CycleService;
import com.trafikito.agent.testing.KeepAliveApi;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A cycle's calls share one connection, and the agent closes it well before the next cycle (60 s on): a connection
 * kept through the idle minute is the one a NAT or the API's load balancer has dropped silently meanwhile, and a
 * save_output sent into it is lost (it is never sent twice). Vert.x's default kept it 60 s, checked every second.
 */
@QuarkusTest
@WithTestResource(KeepAliveApi.class)
class IdleConnectionTest {

    @Inject
    CycleService cycles;

    @Test
    void aCycleUsesOneConnectionAndTheAgentClosesItLongBeforeTheNextCycle() {
        KeepAliveApi.clear();

        CycleReport report = cycles.runOnce();

        assertThat(report.exitCode()).as(report.reason()).isZero();
        assertThat(KeepAliveApi.connections()).singleElement().satisfies(connection -> assertThat(connection.paths())
                .containsExactly("/v2/agent/get_config", "/v2/agent/save_output"));
        long limit = (RestClients.IDLE_CONNECTION_SECONDS * 1000L + RestClients.POOL_CLEANER_MILLIS) + 5_000;
        await().atMost(Duration.ofMillis(limit)).until(() -> KeepAliveApi.connections().get(0).closedByClient());
        assertThat(KeepAliveApi.connections().get(0).idleMillisBeforeClose())
                .isGreaterThanOrEqualTo(RestClients.IDLE_CONNECTION_SECONDS * 1000L - 1000)
                .isLessThan(60_000);
    }
}
