package com.trafikito.agent.time;

/**
 * A monotonic clock, in nanoseconds from an arbitrary origin: what plans cycles and judges liveness. The
 * wall clock may step (NTP, an operator's {@code date -s}); an hour's step back must not pause monitoring,
 * nor a step forward make a healthy agent look wedged. Wall time is kept for what is shown.
 */
@FunctionalInterface
public interface Ticker {

    /** The JVM's monotonic clock (a class, not a lambda, so that nothing reads a clock while classes initialise). */
    Ticker SYSTEM = new SystemTicker();

    long nanos();

    /** {@link System#nanoTime()}. */
    final class SystemTicker implements Ticker {
        @Override
        public long nanos() {
            return System.nanoTime();
        }
    }
}
