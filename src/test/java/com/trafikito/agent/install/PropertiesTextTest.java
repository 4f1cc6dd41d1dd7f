package com.trafikito.agent.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import com.trafikito.agent.config.AgentConfig;

import io.smallrye.config.WithDefault;

/** etc/agent.properties shows every key of the config mapping, with its default, commented out. */
class PropertiesTextTest {

    @Test
    void everyAgentKeyIsThereWithItsDefault() {
        String text = PropertiesText.render();
        Map<String, String> keys = new LinkedHashMap<>();
        collect("agent", AgentConfig.class, keys);

        assertThat(keys).hasSizeGreaterThan(15);
        keys.forEach((key, defaultValue) -> assertThat(text)
                .as("PropertiesText lacks %s (default %s): add the line '#%s=%s'", key, defaultValue, key, defaultValue)
                .containsPattern("(?m)^#" + java.util.regex.Pattern.quote(key) + "=" + (defaultValue == null ? ".*"
                        : java.util.regex.Pattern.quote(defaultValue)) + "$"));
    }

    @Test
    void nothingIsSetUntilTheOwnerUncommentsIt() throws Exception {
        Properties properties = new Properties();
        properties.load(new java.io.StringReader(PropertiesText.render()));
        assertThat(properties).isEmpty();
    }

    @Test
    void theApiUrlOfInstallIsSetBesideItsCommentedDefaultAndReplacedLater() throws Exception {
        String once = PropertiesText.withApiUrl(PropertiesText.render(), "https://eu.example.com");
        Properties properties = new Properties();
        properties.load(new java.io.StringReader(once));
        assertThat(properties).containsExactly(Map.entry("agent.api.url", "https://eu.example.com"));
        assertThat(once).contains("#agent.api.url=https://api.trafikito.com\n# Set by `agent install`");

        String twice = PropertiesText.withApiUrl(once + "# mine\n", "https://a.example.com,https://b.example.com");
        assertThat(PropertiesText.apiUrl(twice)).contains("https://a.example.com,https://b.example.com");
        assertThat(twice).endsWith("# mine\n").doesNotContain("eu.example.com");
        assertThat(PropertiesText.withApiUrl("x=1", "https://c.example.com")).isEqualTo("x=1\nagent.api.url=https://c.example.com\n");
    }

    @Test
    void theWidgetsCommentSaysThatTrueRunsTheDashboardsCommands() {
        String text = PropertiesText.render();
        String comment = text.substring(text.lastIndexOf("\n\n", text.indexOf("#agent.widgets.install=")),
                text.indexOf("#agent.widgets.install="));

        assertThat(comment).doesNotContain("even when true").contains("true lets whoever controls")
                .contains("run them on this machine").contains("false (the default) refuses them");
    }

    /** The mapping's keys: method names in kebab case, nested interfaces as prefixes. Reflection in a test only. */
    private static void collect(String prefix, Class<?> type, Map<String, String> keys) {
        for (Method method : type.getDeclaredMethods()) {
            if (method.isDefault() || method.isSynthetic() || method.getParameterCount() > 0) {
                continue;
            }
            String key = prefix + "." + kebab(method.getName());
            Class<?> result = method.getReturnType();
            if (result.isInterface() && result.getEnclosingClass() == AgentConfig.class) {
                collect(key, result, keys);
            } else {
                WithDefault def = method.getAnnotation(WithDefault.class);
                keys.put(key, def == null ? null : def.value());
            }
        }
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
