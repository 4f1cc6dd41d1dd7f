package com.trafikito.agent.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** Planned starts move with the monotonic clock only: wall-clock steps neither pause nor hurry cycles. */
class CycleScheduleTest {

    private static final Duration MINUTE = Duration.ofSeconds(60);

    private final AtomicReference<Instant> wall = new AtomicReference<>(Instant.parse("2026-11-26T12:00:07.250Z"));
    private final AtomicLong nanos = new AtomicLong(42_000_000_000L);
    private final CycleSchedule schedule = new CycleSchedule(new CyclePlanner(MINUTE, false), new Clock() {
        @Override
        public Instant instant() {
            return wall.get();
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }, nanos::get);

    /** Time passes: both clocks move. */
    private void pass(Duration duration) {
        nanos.addAndGet(duration.toNanos());
        wall.set(wall.get().plus(duration));
    }

    /** The wall clock alone jumps (NTP step, date -s). */
    private void step(Duration duration) {
        wall.set(wall.get().plus(duration));
    }

    private long cycleRunsFor(Duration duration) {
        long started = nanos.get();
        pass(duration);
        schedule.ran(started, 0, () -> "srv-1");
        return started;
    }

    @Test
    void aStepBackOfAnHourDoesNotPauseMonitoring() {
        assertThat(schedule.isDue(() -> "srv-1")).isTrue();
        cycleRunsFor(Duration.ofSeconds(2));

        step(Duration.ofHours(-1));
        pass(Duration.ofSeconds(57));
        assertThat(schedule.isDue(() -> "srv-1")).isFalse();
        pass(Duration.ofSeconds(1));
        assertThat(schedule.isDue(() -> "srv-1")).as("60 s after the start, whatever the wall clock says").isTrue();
    }

    @Test
    void aStepForwardDoesNotStartTheNextCycleEarly() {
        assertThat(schedule.isDue(() -> "srv-1")).isTrue();
        cycleRunsFor(Duration.ofSeconds(2));

        step(Duration.ofHours(1));
        assertThat(schedule.isDue(() -> "srv-1")).isFalse();
        pass(Duration.ofSeconds(57));
        assertThat(schedule.isDue(() -> "srv-1")).isFalse();
        pass(Duration.ofSeconds(1));
        assertThat(schedule.isDue(() -> "srv-1")).isTrue();
    }

    @Test
    void theShownTimeFollowsTheWallClockOfNow() {
        assertThat(schedule.isDue(() -> "srv-1")).isTrue();
        cycleRunsFor(Duration.ofSeconds(2));
        step(Duration.ofHours(-1));

        assertThat(schedule.dueAt()).isEqualTo(wall.get().plusSeconds(58));
    }

    @Test
    void aCycleThatOverranItsSlotIsFollowedAtOnceWithoutSplay() {
        assertThat(schedule.isDue(() -> "srv-1")).isTrue();
        cycleRunsFor(Duration.ofSeconds(75));

        assertThat(schedule.isDue(() -> "srv-1")).isTrue();
    }

    @Test
    void theServerIdIsReadOnlyWhenASlotIsPlacedNotAtEveryTick() {
        AtomicLong reads = new AtomicLong();
        java.util.function.Supplier<String> serverId = () -> {
            reads.incrementAndGet();
            return "srv-1";
        };
        assertThat(schedule.isDue(serverId)).isTrue();
        schedule.ran(nanos.get(), 0, serverId);
        for (int second = 1; second < 60; second++) {
            pass(Duration.ofSeconds(1));
            assertThat(schedule.isDue(serverId)).isFalse();
        }

        // Before, the once-a-second tick read etc/trafikito.cfg each time: 60 reads here instead of 1.
        assertThat(reads.get()).isEqualTo(1);
    }
}
