package com.trafikito.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

class ApiUrlsTest {

    @Test
    void httpsAndLoopbackHttpAreAccepted() throws ConfigProblem {
        assertThat(ApiUrls.validate(List.of("https://api.trafikito.com", " http://127.0.0.1:8080/ ",
                "http://localhost:1", "http://[::1]:2"), false))
                .containsExactly(URI.create("https://api.trafikito.com"), URI.create("http://127.0.0.1:8080"),
                        URI.create("http://localhost:1"), URI.create("http://[::1]:2"));
    }

    @Test
    void plainHttpElsewhereIsRefusedUnlessAllowed() throws ConfigProblem {
        assertThatThrownBy(() -> ApiUrls.validate(List.of("http://api.example.com"), false))
                .hasMessageContaining("https://").hasMessageContaining("agent.api.allow-insecure");
        assertThat(ApiUrls.validate(List.of("http://api.example.com"), true)).hasSize(1);
    }

    @Test
    void otherSchemesAndEmptyListsAreRefused() {
        assertThatThrownBy(() -> ApiUrls.validate(List.of("ftp://x"), true)).hasMessageContaining("ftp://x");
        assertThatThrownBy(() -> ApiUrls.validate(List.of(" "), true)).hasMessageContaining("no API URL");
        assertThatThrownBy(() -> ApiUrls.validate(List.of("https://u:p@host"), true))
                .hasMessageContaining("credentials").hasMessageNotContaining("u:p");
    }
}
