package com.trafikito.agent.state;

import java.time.Duration;

import jakarta.inject.Singleton;

/**
 * Whether the agent has begun to stop (SIGTERM, SIGINT, or Quarkus shutting down). Set first thing by the
 * signal handler, before any bean is torn down, so that a cycle under way sends nothing more and the API
 * calls stop retrying and failing over at once. A {@code @Singleton}: no client proxy, so the cycle's thread
 * can still ask after the container has shut down.
 */
@Singleton
public class Stopping {

    private volatile boolean began;

    public synchronized void begin() {
        began = true;
        notifyAll();
    }

    public boolean began() {
        return began;
    }

    /**
     * Waits {@code wait} unless the agent begins to stop meanwhile.
     *
     * @return false when the agent is stopping (the caller should give up), true after the full wait
     */
    public synchronized boolean pause(Duration wait) {
        long end = System.nanoTime() + wait.toNanos();
        try {
            while (!began) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                wait(left / 1_000_000, (int) (left % 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
