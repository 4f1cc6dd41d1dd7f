package com.trafikito.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What each kind of result says of itself in logs and on stderr. */
class ApiResultTest {

    @Test
    void eachKindDescribesItself() {
        assertThat(new ApiResult.Answer("OK\n").describe()).isEqualTo("answer of 3 characters");
        assertThat(new ApiResult.TooLarge(65536).describe()).isEqualTo("answer larger than 65536 bytes, refused");
        assertThat(new ApiResult.HttpFailure(503).describe()).isEqualTo("HTTP status 503");
        assertThat(new ApiResult.IoFailure("connection refused", true).describe())
                .isEqualTo("network error: connection refused");
    }
}
