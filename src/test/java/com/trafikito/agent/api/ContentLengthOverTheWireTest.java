package com.trafikito.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.trafikito.agent.cycle.CycleReport;
import com.trafikito.agent.cycle.CycleService;
import com.trafikito.agent.testing.LengthOnlyApi;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A 4 MiB save_output reaches a server that reads only Content-Length bodies (a plain Python HTTP server, many
 * WSGI stacks): every request carries Content-Length, none is chunked, as with the original's curl -F.
 */
@QuarkusTest
@WithTestResource(LengthOnlyApi.class)
class ContentLengthOverTheWireTest {

    @Inject
    CycleService cycles;

    @Test
    void aFourMebibytePayloadIsSentWithContentLength() {
        LengthOnlyApi.installation().writeWhitelist("trafikito_big=\"head -c 4194304 /dev/zero | tr '\\\\000' a\"\n");
        LengthOnlyApi.clear();

        CycleReport report = cycles.runOnce();

        assertThat(LengthOnlyApi.seen()).allSatisfy(seen -> {
            assertThat(seen.transferEncoding()).as(seen.path()).isNull();
            assertThat(seen.contentLength()).as(seen.path()).isNotNull();
        });
        assertThat(report.exitCode()).as(report.reason()).isZero();
        assertThat(LengthOnlyApi.seen()).filteredOn(seen -> seen.path().endsWith("/save_output")).singleElement()
                .satisfies(save -> assertThat(save.bodyBytes()).isGreaterThan(4 * 1024 * 1024));
    }
}
