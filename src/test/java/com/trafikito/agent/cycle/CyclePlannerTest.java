package com.trafikito.agent.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class CyclePlannerTest {

    private static final Duration MINUTE = Duration.ofSeconds(60);
    private final Instant now = Instant.parse("2026-11-26T12:00:07.250Z");

    @Test
    void withoutSplayTheFirstCycleStartsAtOnce() {
        assertThat(new CyclePlanner(MINUTE, false).first(now, "srv-1")).isEqualTo(now);
    }

    @Test
    void withSplayTheFirstCycleWaitsForThisServersStableOffset() {
        CyclePlanner planner = new CyclePlanner(MINUTE, true);
        Instant first = planner.first(now, "srv-1");
        long offset = planner.offsetMillis("srv-1");

        assertThat(first).isAfterOrEqualTo(now).isBefore(now.plus(MINUTE));
        assertThat(first.toEpochMilli() % 60_000).isEqualTo(offset);
        assertThat(planner.offsetMillis("srv-1")).isEqualTo(offset);
        assertThat(planner.first(now.plusSeconds(3600), "srv-1").toEpochMilli() % 60_000).isEqualTo(offset);
    }

    /**
     * The splay simulation: 10,000 agents started at the same second (a fleet rebooted at once) and the
     * per-second histogram of their requests within the minute. Printed for the record.
     */
    @Test
    void tenThousandAgentsStartedTogetherSpreadEvenlyOverTheMinute() {
        CyclePlanner planner = new CyclePlanner(MINUTE, true);
        int[] perSecond = new int[60];
        IntStream.range(0, 10_000).forEach(i -> {
            String serverId = java.util.UUID.nameUUIDFromBytes(("server-" + i).getBytes()).toString();
            Instant first = planner.first(now, serverId);
            perSecond[(int) ((first.toEpochMilli() / 1000) % 60)]++;
        });
        double mean = 10_000 / 60.0;
        int busiest = IntStream.of(perSecond).max().orElseThrow();
        int quietest = IntStream.of(perSecond).min().orElseThrow();
        System.out.printf("SPLAY: 10000 server ids over 60 s: mean %.1f/s, busiest %d/s (%.2fx mean), quietest %d/s%n",
                mean, busiest, busiest / mean, quietest);
        StringBuilder histogram = new StringBuilder("SPLAY histogram (second:requests):");
        for (int s = 0; s < 60; s++) {
            histogram.append(' ').append(s).append(':').append(perSecond[s]);
        }
        System.out.println(histogram);
        assertThat(busiest).isLessThanOrEqualTo((int) (mean * 1.3));

        int[] withoutSplay = new int[60];
        IntStream.range(0, 10_000).forEach(i -> withoutSplay[(int) ((new CyclePlanner(MINUTE, false)
                .first(now, "server-" + i).toEpochMilli() / 1000) % 60)]++);
        System.out.printf("SPLAY off: busiest %d/s%n", IntStream.of(withoutSplay).max().orElseThrow());
    }

    @Test
    void nextStartIsAMinutePlusTheApisDelayAfterThePreviousStart() {
        CyclePlanner planner = new CyclePlanner(MINUTE, true);
        Instant ended = now.plusSeconds(2);
        assertThat(planner.next(now, ended, 0, "srv-1")).isEqualTo(now.plus(MINUTE));
        assertThat(planner.next(now, ended, 30, "srv-1")).isEqualTo(now.plusSeconds(90));
    }

    @Test
    void aCycleThatOverranItsSlotIsNeverFollowedBeforeItEnded() {
        CyclePlanner plain = new CyclePlanner(MINUTE, false);
        Instant ended = now.plusSeconds(75);
        assertThat(plain.next(now, ended, 0, "srv-1")).isEqualTo(ended);

        CyclePlanner splayed = new CyclePlanner(MINUTE, true);
        Instant next = splayed.next(now, ended, 0, "srv-1");
        assertThat(next).isAfterOrEqualTo(ended);
        assertThat(next.toEpochMilli() % 60_000).isEqualTo(splayed.offsetMillis("srv-1"));
    }
}
