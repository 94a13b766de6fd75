package dev.tcpspec.trace;

/**
 * What the wire did with a segment that was sent.
 */
public enum Fate {
    /** Arrived once, after the wire's latency. */
    DELIVERED,
    /** Never arrived. */
    DROPPED,
    /** Arrived twice. */
    DUPLICATED,
    /** Arrived later than the wire's latency. */
    DELAYED,
    /** Held back until later segments in the same direction had passed it (reordering). */
    REORDERED
}
