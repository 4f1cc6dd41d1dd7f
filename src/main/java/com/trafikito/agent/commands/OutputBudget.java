package com.trafikito.agent.commands;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of output one cycle may keep across all its commands. The per-command cap alone would let 256
 * commands keep 128 MiB; this keeps the payload, and so the agent's heap, small whatever the whitelist holds.
 */
final class OutputBudget {

    /** 4 MiB: eight commands at the full per-command cap, far above a normal cycle (~10 KiB). */
    static final long DEFAULT_BYTES = 4L * 1024 * 1024;

    private final long total;
    private final AtomicLong left;

    OutputBudget(long total) {
        this.total = total;
        this.left = new AtomicLong(total);
    }

    long total() {
        return total;
    }

    /** Takes up to {@code wanted} bytes; returns how many were granted. */
    long take(long wanted) {
        while (true) {
            long now = left.get();
            long granted = Math.min(now, wanted);
            if (granted <= 0 || left.compareAndSet(now, now - granted)) {
                return Math.max(granted, 0);
            }
        }
    }
}
