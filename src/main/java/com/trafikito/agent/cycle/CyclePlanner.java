package com.trafikito.agent.cycle;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;

/**
 * When cycles start (PROTOCOL.md, Timing): at most once per interval plus the API's delay, never before the
 * previous cycle ended, and, with splay, at a stable offset within the interval derived from the server id,
 * so that a fleet started at the same second does not hit the API at the same second.
 */
public final class CyclePlanner {

    private final long intervalMillis;
    private final boolean splay;

    public CyclePlanner(Duration interval, boolean splay) {
        this.intervalMillis = Math.max(1, interval.toMillis());
        this.splay = splay;
    }

    /** The first start: now without splay, else the next instant at this server's offset. */
    public Instant first(Instant now, String serverId) {
        if (!splay || serverId == null) {
            return now;
        }
        return nextSlot(now, offsetMillis(serverId));
    }

    /** What a cycle's start adds up to before the next: the interval and the API's delay. */
    public Duration intervalAndDelay(int delaySeconds) {
        return Duration.ofMillis(intervalMillis).plusSeconds(Math.max(0, delaySeconds));
    }

    /** The next start after a cycle that started at {@code started} and ended at {@code ended}. */
    public Instant next(Instant started, Instant ended, int delaySeconds, String serverId) {
        Instant planned = started.plusMillis(intervalMillis).plusSeconds(Math.max(0, delaySeconds));
        if (!planned.isBefore(ended)) {
            return planned;
        }
        return afterOverrun(ended, serverId);
    }

    /** The cycle overran its slot: the next one waits for its own slot after the end (or starts at once). */
    public Instant afterOverrun(Instant ended, String serverId) {
        return splay && serverId != null ? nextSlot(ended, offsetMillis(serverId)) : ended;
    }

    /** A stable offset in [0, interval) from the server id: its SHA-256, so ids spread evenly. */
    public long offsetMillis(String serverId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(serverId.getBytes(StandardCharsets.UTF_8));
            long value = ByteBuffer.wrap(hash).getLong() & Long.MAX_VALUE;
            return value % intervalMillis;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private Instant nextSlot(Instant from, long offset) {
        long now = from.toEpochMilli();
        long slot = Math.floorDiv(now - offset, intervalMillis) * intervalMillis + offset;
        if (slot < now) {
            slot += intervalMillis;
        }
        return Instant.ofEpochMilli(slot);
    }
}
