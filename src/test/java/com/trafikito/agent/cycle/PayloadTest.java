package com.trafikito.agent.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class PayloadTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyDelimiterStartsALineEvenAfterOutputWithoutANewline() {
        byte[] payload = Payload.build(List.of(
                new Payload.Section("trafikito_a", bytes("no newline")),
                new Payload.Section("trafikito_b", new byte[0]),
                new Payload.Section("trafikito_c", bytes("done\n"))),
                List.of("trafikito_a=\"printf x\""));

        assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo("""
                *-*-*-*------------ Trafikito command: trafikito_a
                no newline
                *-*-*-*------------ Trafikito command: trafikito_b
                *-*-*-*------------ Trafikito command: trafikito_c
                done
                *-*-*-*------------ Available commands:
                trafikito_a="printf x"
                """);
    }

    @Test
    void outputBytesArePassedThroughUntouched() {
        byte[] binary = { (byte) 0xff, 0x00, (byte) 0xc3, '\n' };
        byte[] payload = Payload.build(List.of(new Payload.Section("trafikito_bin", binary)), List.of());
        byte[] delimiter = bytes("*-*-*-*------------ Trafikito command: trafikito_bin\n");
        assertThat(payload).startsWith(delimiter);
        assertThat(java.util.Arrays.copyOfRange(payload, delimiter.length, delimiter.length + 4)).isEqualTo(binary);
    }

    @Test
    void controlCharactersOfARefusedNameCannotBreakTheLayout() {
        byte[] payload = Payload.build(List.of(new Payload.Section("trafikito_a\rb\u0007", bytes("x\n"))), List.of());
        assertThat(new String(payload, StandardCharsets.UTF_8)).startsWith(
                "*-*-*-*------------ Trafikito command: trafikito_a?b?\nx\n");
    }
}
