package com.trafikito.agent.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class InstallPathsTest {

    @Test
    void plainAbsolutePathsAreAccepted() {
        assertThat(InstallPaths.problem(Path.of("/opt/trafikito"))).isNull();
        assertThat(InstallPaths.problem(Path.of("/srv/agents/trafikito-2.0_a+b@c"))).isNull();
    }

    @Test
    void pathsThatWouldNeedQuotingInTheUnitAreRefused() {
        assertThat(InstallPaths.problem(Path.of("/"))).contains("cannot be /");
        assertThat(InstallPaths.problem(Path.of("/opt/my agent"))).contains("may only use");
        assertThat(InstallPaths.problem(Path.of("/opt/%n"))).contains("may only use");
        assertThat(InstallPaths.problem(Path.of("/opt/a/../b"))).contains("without . or ..");
        assertThat(InstallPaths.problem(Path.of("opt/trafikito"))).contains("absolute");
    }

    @Test
    void anAgentThatDoesNotRunFromAPackagedBuildHasNothingToInstall() {
        // These tests run from target/classes: no quarkus-run.jar beside them, no native image.
        AgentConfigs.Settings settings = new AgentConfigs.Settings(Optional.empty());
        assertThatThrownBy(() -> new Distribution(AgentConfigs.withDistribution(settings)).locate())
                .isInstanceOf(InstallException.class).hasMessageContaining("./mvnw package");
    }
}
