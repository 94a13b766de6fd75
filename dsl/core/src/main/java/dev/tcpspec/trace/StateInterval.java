package dev.tcpspec.trace;

/**
 * A stretch of time one endpoint spent in one state.
 *
 * @param state      the state
 * @param startNanos when it was entered
 * @param endNanos   when it was left, or the end of the trace if {@code open}
 * @param open       true if the trace ended while the endpoint was still in this state
 * @param leftFor    the state entered next, or null if {@code open}
 * @param leftBecause the cause recorded for leaving, or empty if {@code open}
 */
public record StateInterval(TcpState state, long startNanos, long endNanos, boolean open, TcpState leftFor,
                            String leftBecause) {
    /** How long the state was held (at least this long, if {@code open}). */
    public long durationNanos() {
        return endNanos - startNanos;
    }
}
