package com.trafikito.agent.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.trafikito.agent.config.CredentialsFile;

class CfgTextTest {

    @Test
    void aNewFileHasTheShellAgentsExportForm() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(CfgText.SERVER_ID, "srv-1");
        values.put(CfgText.API_KEY, "key-1");
        values.put(CfgText.SERVER_NAME, "web 1 (eu)");

        String text = CfgText.fresh(values);

        assertThat(text).endsWith("export SERVER_ID=\"srv-1\"\nexport API_KEY=\"key-1\"\nexport SERVER_NAME=\"web 1 (eu)\"\n");
        CredentialsFile parsed = CredentialsFile.parse(text);
        assertThat(parsed.get("server_id")).contains("srv-1");
        assertThat(parsed.get("server_name")).contains("web 1 (eu)");
        assertThat(parsed.malformedLines()).isEmpty();
    }

    @Test
    void anUpdateReplacesKeysOfEitherFormInPlaceAndKeepsEveryOtherLine() {
        String existing = "# mine\nserver_id = old\nexport TMP_FILE=\"/x\"\nexport RUNAS=\"nobody\"\n";

        String text = CfgText.update(existing, Map.of(CfgText.SERVER_ID, "new", CfgText.WORKSPACE_ID, "ws"));

        assertThat(text).isEqualTo("# mine\nexport SERVER_ID=\"new\"\nexport TMP_FILE=\"/x\"\nexport RUNAS=\"nobody\"\n"
                + "export WORKSPACE_ID=\"ws\"\n");
    }

    @Test
    void aKeyThatKeepsItsValueKeepsItsLineAsItIs() {
        String existing = "export RUNAS=nobody\napi_key = k\n";

        assertThat(CfgText.update(existing, Map.of(CfgText.RUNAS, "nobody"))).isEqualTo(existing);
    }

    @Test
    void valuesThatWouldBeShellCodeAreRefusedWithoutShowingThem() {
        for (String bad : new String[] { "a\"; rm -rf /; \"", "$(id)", "`id`", "a\\b", "two\nlines" }) {
            assertThat(CfgText.problem(bad)).as(bad).isNotNull();
            assertThatThrownBy(() -> CfgText.fresh(Map.of(CfgText.SERVER_NAME, bad)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("SERVER_NAME must not contain")
                    .hasMessageNotContaining(bad);
        }
        assertThat(CfgText.problem("web-1.example.com (eu)")).isNull();
    }
}
