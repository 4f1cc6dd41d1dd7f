package com.trafikito.agent.commands;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LaunchMechanismTest {

    @Test
    void vforkOnTheJavaVersionsThatSupportItQuietly() {
        assertThat(LaunchMechanism.choice(17, false, null)).contains("VFORK");
        assertThat(LaunchMechanism.choice(21, false, null)).contains("VFORK");
        assertThat(LaunchMechanism.choice(24, false, null)).contains("VFORK");
    }

    @Test
    void theJdksOwnChoiceFromJava25On() {
        // 25 warns on stderr at every start; later versions throw an Error at every process start.
        assertThat(LaunchMechanism.choice(25, false, null)).isEmpty();
        assertThat(LaunchMechanism.choice(26, false, null)).isEmpty();
    }

    @Test
    void neverOverAnOwnersSettingNorInANativeImage() {
        assertThat(LaunchMechanism.choice(17, false, "POSIX_SPAWN")).isEmpty();
        assertThat(LaunchMechanism.choice(17, false, "FORK")).isEmpty();
        assertThat(LaunchMechanism.choice(17, true, null)).isEmpty();
    }
}
