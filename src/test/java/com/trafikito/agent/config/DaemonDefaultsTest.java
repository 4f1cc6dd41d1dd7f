package com.trafikito.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.trafikito.agent.logs.LogFileSafety;
import com.trafikito.agent.testing.Modes;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;

/** The log file is turned on for the daemon only where it is safe, and then even an owner cannot force it. */
class DaemonDefaultsTest {

    @TempDir
    Path base;

    private final Map<String, ConfigValue> values = new HashMap<>();

    @AfterEach
    void clearMarker() {
        System.clearProperty(DaemonDefaults.DAEMON_MARKER);
    }

    @Test
    void aSafeVarGetsTheLogFileForTheDaemonOnly() throws Exception {
        Files.createDirectory(base.resolve("var"));
        set("agent.base-dir", base.toString(), 260);
        assertThat(sources()).isEmpty();
        System.setProperty(DaemonDefaults.DAEMON_MARKER, "true");
        assertThat(enabled(sources())).isEqualTo("true");
    }

    @Test
    void aLinkAtAgentLogTurnsTheFileOffAboveEveryOwnersSetting() throws Exception {
        Path var = Files.createDirectory(base.resolve("var"));
        Path precious = Files.writeString(base.resolve("crontab"), "root's\n");
        Files.createSymbolicLink(var.resolve("agent.log"), precious);
        set("agent.base-dir", base.toString(), 260);
        set("quarkus.log.file.enabled", "true", 260); // the owner asked for it in etc/agent.properties
        List<ConfigSource> sources = sources();
        assertThat(enabled(sources)).isEqualTo("false");
        assertThat(sources.get(0).getOrdinal()).isGreaterThan(400);
        assertThat(LogFileSafety.refusal()).hasValueSatisfying(p -> assertThat(p).contains("agent.log is a link"));
    }

    @Test
    void anUntrustedVarTurnsItOffForTheDaemon() throws Exception {
        Path var = Files.createDirectory(base.resolve("var"));
        Modes.chmod(var, "1777");
        set("agent.base-dir", base.toString(), 260);
        System.setProperty(DaemonDefaults.DAEMON_MARKER, "true");
        assertThat(enabled(sources())).isEqualTo("false");
    }

    @Test
    void anOwnersNoStays() throws Exception {
        Files.createDirectory(base.resolve("var"));
        set("agent.base-dir", base.toString(), 260);
        set("quarkus.log.file.enabled", "false", 300);
        System.setProperty(DaemonDefaults.DAEMON_MARKER, "true");
        assertThat(sources()).isEmpty();
    }

    private void set(String name, String value, int ordinal) {
        values.put(name, ConfigValue.builder().withName(name).withValue(value).withConfigSourceOrdinal(ordinal).build());
    }

    private List<ConfigSource> sources() {
        List<ConfigSource> list = new ArrayList<>();
        new DaemonDefaults().getConfigSources(new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                return values.get(name);
            }

            @Override
            public Iterator<String> iterateNames() {
                return Collections.unmodifiableSet(values.keySet()).iterator();
            }
        }).forEach(list::add);
        return list;
    }

    private static String enabled(List<ConfigSource> sources) {
        assertThat(sources).hasSize(1);
        return sources.get(0).getValue("quarkus.log.file.enabled");
    }
}
