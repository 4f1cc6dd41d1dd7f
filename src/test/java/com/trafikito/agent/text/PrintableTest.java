package com.trafikito.agent.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Outside text before a log line, status, check, health: one line, no terminal control, bounded. */
class PrintableTest {

    @Test
    void aForgedLogLineStaysOnItsLineAndEscapesShowAsText() {
        String hostile = "bad key\n2026-12-02 06:00:00,000 INFO  [c.t.a.c.CycleService] cycle ok\r\u001b[31mred\u001b[0m\u009b\u202e";

        String line = Printable.line(hostile);

        assertThat(line).doesNotContain("\n", "\r", "\u001b", "\u009b", "\u202e")
                .isEqualTo("bad key\\n2026-12-02 06:00:00,000 INFO  [c.t.a.c.CycleService] cycle ok\\r\\x1b[31mred"
                        + "\\x1b[0m\\x9b\\u202e");
    }

    @Test
    void aLongTextIsCutAt200CharactersAndSaysHowManyBytesAreLeft() {
        String text = "é".repeat(50_000);

        String line = Printable.line(text);

        assertThat(line).isEqualTo("é".repeat(200) + " (99600 more bytes)");
    }

    @Test
    void anEscapeIsNeverCutInTheMiddle() {
        String line = Printable.line("a".repeat(198) + "\u001bxyz");

        assertThat(line).isEqualTo("a".repeat(198) + " (4 more bytes)");
    }

    @Test
    void nullIsEmptyAndPlainTextIsUnchanged() {
        assertThat(Printable.line(null)).isEmpty();
        assertThat(Printable.line("df -h | sed '/^\\s*$/q'\ttab")).isEqualTo("df -h | sed '/^\\s*$/q'\\ttab");
    }
}
