package com.trafikito.agent.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LimitMarkersTest {

    @Test
    void markerTextsAreTheContract() {
        assertThat(LimitMarkers.outputCut(524288))
                .isEqualTo("[trafikito-agent: output cut at 524288 bytes (agent.commands.max-output)]\n");
        assertThat(LimitMarkers.killedAfter(Duration.ofSeconds(30)))
                .isEqualTo("[trafikito-agent: command killed after 30s (agent.commands.timeout)]\n");
        assertThat(LimitMarkers.couldNotStart("error=2, No such file or directory"))
                .isEqualTo("[trafikito-agent: could not start: error=2, No such file or directory]\n");
    }

    @Test
    void bothLimitsMakeOneLine() {
        assertThat(LimitMarkers.cutAndKilled(1000, false, Duration.ofSeconds(30))).isEqualTo(
                "[trafikito-agent: output cut at 1000 bytes (agent.commands.max-output); command killed after 30s"
                        + " (agent.commands.timeout)]\n");
        assertThat(LimitMarkers.cutAndKilled(4096, true, Duration.ofMillis(500))).isEqualTo(
                "[trafikito-agent: output cut: the cycle's commands wrote more than 4096 bytes in all; command killed"
                        + " after 0.5s (agent.commands.timeout)]\n");
    }

    @Test
    void timeoutsAreWrittenInSeconds() {
        assertThat(LimitMarkers.seconds(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(LimitMarkers.seconds(Duration.ofMillis(250))).isEqualTo("0.25s");
        assertThat(LimitMarkers.seconds(Duration.ofMinutes(2))).isEqualTo("120s");
        assertThat(LimitMarkers.seconds(Duration.ofSeconds(1))).isEqualTo("1s");
    }

    @Test
    void aReasonStaysOnOneLine() {
        assertThat(LimitMarkers.couldNotStart("first\nsecond\r\n"))
                .isEqualTo("[trafikito-agent: could not start: first second]\n");
    }
}
