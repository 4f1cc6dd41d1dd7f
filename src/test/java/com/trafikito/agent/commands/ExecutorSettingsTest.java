package com.trafikito.agent.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.trafikito.agent.config.AgentConfig;

import io.quarkus.runtime.configuration.MemorySize;

class ExecutorSettingsTest {

    @TempDir
    Path base;

    @Test
    void takesTheConfiguredLimitsAndRunsInVar() throws IOException {
        Path var = Files.createDirectory(base.resolve("var"));

        ExecutorSettings settings = ExecutorSettings.from(config(base.toString()));

        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(settings.maxOutputBytes()).isEqualTo(4096);
        assertThat(settings.parallelism()).isEqualTo(3);
        assertThat(settings.workingDirectory()).isEqualTo(var);
        assertThat(settings.killGrace()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void withoutVarRunsInTheBaseDirAndWithoutThatInRoot() {
        assertThat(ExecutorSettings.from(config(base.toString())).workingDirectory()).isEqualTo(base);
        assertThat(ExecutorSettings.from(config(base.resolve("missing").toString())).workingDirectory())
                .isEqualTo(Path.of("/"));
    }

    @Test
    void refusesLimitsThatCannotWork() {
        assertThatThrownBy(() -> new ExecutorSettings(Duration.ofSeconds(1), 10, 0, base))
                .hasMessageContaining("agent.commands.parallelism");
        assertThatThrownBy(() -> new ExecutorSettings(Duration.ZERO, 10, 1, base))
                .hasMessageContaining("agent.commands.timeout");
    }

    /**
     * A proxy rather than an implementation: the mapping gains keys as the agent grows, and this test
     * should not have to follow.
     */
    private static AgentConfig config(String baseDir) {
        AgentConfig.Commands commands = proxy(AgentConfig.Commands.class, method -> switch (method) {
            case "timeout" -> Duration.ofSeconds(7);
            case "maxOutput" -> new MemorySize(BigInteger.valueOf(4096));
            case "parallelism" -> 3;
            default -> throw new UnsupportedOperationException(method);
        });
        return proxy(AgentConfig.class, method -> switch (method) {
            case "baseDir" -> baseDir;
            case "commands" -> commands;
            default -> throw new UnsupportedOperationException(method);
        });
    }

    private static <T> T proxy(Class<T> type, java.util.function.Function<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (p, method, args) -> answers.apply(method.getName())));
    }
}
