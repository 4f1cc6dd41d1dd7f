package com.trafikito.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CredentialsFileTest {

    @Test
    void readsTheShellAgentsExportForm() {
        CredentialsFile cfg = CredentialsFile.parse("""
                export SERVER_ID="srv-1"
                export API_KEY=key-unquoted
                export RUNAS="trafikito"
                export TMP_FILE="/tmp/trafikito.tmp"
                """);
        assertThat(cfg.get(CredentialsFile.SERVER_ID)).contains("srv-1");
        assertThat(cfg.get(CredentialsFile.API_KEY)).contains("key-unquoted");
        assertThat(cfg.get(CredentialsFile.RUN_AS)).contains("trafikito");
        assertThat(cfg.malformedLines()).isEmpty();
    }

    @Test
    void readsTheOlderKeyValueForm() {
        CredentialsFile cfg = CredentialsFile.parse("""
                # trafikito.conf
                server_id = srv-2
                api_key = 'k2'
                url_output = https://example.invalid/save
                """);
        assertThat(cfg.get("SERVER_ID")).contains("srv-2");
        assertThat(cfg.get("api_key")).contains("k2");
    }

    @Test
    void blankValuesAreMissingAndCrLfIsTolerated() {
        CredentialsFile cfg = CredentialsFile.parse("export SERVER_ID=\"\"\r\nexport API_KEY=\"k\"\r\n");
        assertThat(cfg.get(CredentialsFile.SERVER_ID)).isEmpty();
        assertThat(cfg.get(CredentialsFile.API_KEY)).contains("k");
    }

    @Test
    void malformedLinesAreReportedByNumberWithoutTheirText() {
        CredentialsFile cfg = CredentialsFile.parse("export SERVER_ID=a\nsecret-looking-garbage\n");
        assertThat(cfg.malformedLines()).containsExactly("line 2: not of the form KEY=\"value\" or key = value");
    }

    @Test
    void maskShowsOnlyTheEndOfALongSecret() {
        assertThat(ServerCredentials.mask("sk-0123456789abcdef")).isEqualTo("****cdef");
        assertThat(ServerCredentials.mask("short")).isEqualTo("****");
        assertThat(new ServerCredentials("id", "sk-0123456789abcdef").toString()).doesNotContain("0123456789");
    }
}
