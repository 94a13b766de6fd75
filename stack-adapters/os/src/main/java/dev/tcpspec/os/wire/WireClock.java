package dev.tcpspec.os.wire;

import dev.tcpspec.sim.ReferencePeer;

/**
 * A run's clock on the packet wire: real nanoseconds since the session opened, plus whatever waits were skipped. A
 * wait is skipped only when nothing can happen during it (no kernel timer can fire, no segment is in flight): the
 * reference stack's next event then comes at once, and the trace says how much time was skipped.
 */
final class WireClock implements ReferencePeer.Clock {
    private final long start = System.nanoTime();
    private volatile long skipped;

    @Override
    public long nowNanos() {
        return System.nanoTime() - start + skipped;
    }

    /** A {@link System#nanoTime()} reading on this clock (the skips so far included). */
    long at(long nanoTime) {
        return nanoTime - start + skipped;
    }

    /** Jumps {@code nanos} forward. */
    void skip(long nanos) {
        if (nanos > 0) skipped += nanos;
    }

    /** All the time skipped so far. */
    long skipped() {
        return skipped;
    }
}
