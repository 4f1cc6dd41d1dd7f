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

    @Test
    void valuesAreReadAsShReadsThem() {
        CredentialsFile cfg = CredentialsFile.parse("""
                export SERVER_ID="S1" # my server
                export API_KEY='k 1'\t
                RUNAS=trafikito#not-a-comment
                server_name = "web"'-1'   # conf form, quotes joined as sh joins them
                """);

        assertThat(cfg.get(CredentialsFile.SERVER_ID)).contains("S1");
        assertThat(cfg.get(CredentialsFile.API_KEY)).contains("k 1");
        assertThat(cfg.get(CredentialsFile.RUN_AS)).contains("trafikito#not-a-comment");
        assertThat(cfg.get("server_name")).contains("web-1");
        assertThat(cfg.malformedLines()).isEmpty();
    }

    @Test
    void aValueOnlyAShellCouldEvaluateIsUnreadableNamedByLineWithoutItsValue() {
        CredentialsFile cfg = CredentialsFile.parse("""
                export SERVER_ID="$(hostname)"
                export API_KEY="secret-1" extra
                export RUNAS="unclosed
                """);

        assertThat(cfg.get(CredentialsFile.SERVER_ID)).isEmpty();
        assertThat(cfg.unreadable(CredentialsFile.SERVER_ID)).contains("line 1: the value of SERVER_ID uses $ or a"
                + " backtick, which only a shell could expand");
        assertThat(cfg.unreadable(CredentialsFile.API_KEY)).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith("line 2: the value of API_KEY is followed by more than a # comment")
                .doesNotContain("secret-1"));
        assertThat(cfg.unreadable(CredentialsFile.RUN_AS)).contains("line 3: the value of RUNAS has a quote that is"
                + " not closed on its line");
        assertThat(cfg.malformedLines()).hasSize(3);
    }

    @Test
    void theLastAssignmentWinsAsInSh() {
        assertThat(CredentialsFile.parse("export SERVER_ID=$x\nexport SERVER_ID=ok\n").get("server_id")).contains("ok");
        assertThat(CredentialsFile.parse("export SERVER_ID=ok\nexport SERVER_ID=$x\n").unreadable("server_id"))
                .isPresent();
    }
}
