package com.trafikito.agent.commands;

import java.io.ByteArrayOutputStream;

/**
 * A command's output, kept up to a cap. Written by the reader thread and read by whoever finalises the
 * result (the reader itself, or the timer when it gives up on a stuck reader), hence synchronised.
 * It grows as needed instead of reserving the cap: most commands write a few hundred bytes.
 */
final class CappedOutput {

    private final long cap;
    private final OutputBudget cycleBudget;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream(256);
    private boolean capped;
    private boolean cutByCycleBudget;

    CappedOutput(long cap, OutputBudget cycleBudget) {
        this.cap = cap;
        this.cycleBudget = cycleBudget;
    }

    /**
     * Keeps what still fits and drops the rest.
     *
     * @return true the first time something is dropped
     */
    synchronized boolean append(byte[] bytes, int length) {
        long room = cap - kept.size();
        int wanted = (int) Math.min(room, length);
        int keep = (int) cycleBudget.take(wanted);
        if (keep > 0) {
            kept.write(bytes, 0, keep);
        }
        if (keep < wanted) {
            cutByCycleBudget = true;
        }
        if (keep < length && !capped) {
            capped = true;
            return true;
        }
        return false;
    }

    synchronized boolean capped() {
        return capped;
    }

    /** Cut by the cycle's total budget rather than (only) by the per-command cap. */
    synchronized boolean cutByCycleBudget() {
        return cutByCycleBudget;
    }

    synchronized byte[] snapshot() {
        return kept.toByteArray();
    }
}
