package com.trafikito.agent.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.trafikito.agent.commands.CommandResult;
import com.trafikito.agent.whitelist.Whitelist;
import com.trafikito.agent.whitelist.WhitelistParser;

class PayloadTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static CommandResult ran(String name, String output) {
        return new CommandResult(name, bytes(output), 0, false, false, Duration.ZERO);
    }

    private static String text(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
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

    @Test
    void aCyclesPayloadNamesEachCommandInTheOrderAskedWithRefusalsInPlaceAndEndsWithTheWholeWhitelist() {
        Whitelist whitelist = WhitelistParser.parse("""
                trafikito_a="printf a"
                not a line
                trafikito_b="echo b"
                """);
        List<CommandSelection.Slot> slots = CommandSelection.select(List.of("b", "nope", "a", "bad-name"),
                List.of("late"), whitelist);

        byte[] payload = Payload.ofCycle(slots, List.of(ran("trafikito_b", "b\n"), ran("trafikito_a", "a")), whitelist);

        assertThat(text(payload)).isEqualTo("""
                *-*-*-*------------ Trafikito command: trafikito_b
                b
                *-*-*-*------------ Trafikito command: trafikito_nope
                [trafikito-agent: refused: this name is not in available_commands.sh, nothing was run]
                *-*-*-*------------ Trafikito command: trafikito_a
                a
                *-*-*-*------------ Trafikito command: trafikito_bad-name
                [trafikito-agent: refused: the name has a character outside [A-Za-z0-9_], nothing was run]
                *-*-*-*------------ Trafikito command: trafikito_late
                [trafikito-agent: refused: more than 256 commands asked in one cycle, nothing was run]
                *-*-*-*------------ Available commands:
                trafikito_a="printf a"
                trafikito_b="echo b"
                """);
    }

    @Test
    void registrationsPayloadNamesTheCommandLineVerbatimAndHasNoAvailableCommandsSection() {
        // A tab is allowed in a command line; a cycle's delimiter would show it as '?', registration's keeps it.
        Whitelist defaults = WhitelistParser.parse("trafikito_free=\"free\"\ntrafikito_tab=\"printf 'a\tb'\"\n");

        byte[] payload = Payload.ofRegistration(defaults.effectiveEntries(),
                List.of(ran("trafikito_free", "Mem: 1"), ran("trafikito_tab", "a\tb\n")));

        assertThat(text(payload)).isEqualTo("*-*-*-*------------ Trafikito command: free\nMem: 1\n"
                + "*-*-*-*------------ Trafikito command: printf 'a\tb'\na\tb\n");
    }

    @Test
    void aWidgetsSectionIsOneDelimiterAndItsOutputAlone() {
        assertThat(text(Payload.section("trafikito_nginx", bytes("active: 3")))).isEqualTo(
                "*-*-*-*------------ Trafikito command: trafikito_nginx\nactive: 3\n");
    }
}
