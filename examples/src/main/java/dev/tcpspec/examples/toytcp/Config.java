package dev.tcpspec.examples.toytcp;

/**
 * The host-wide knobs of toytcp, in nanoseconds where they are times.
 *
 * @param orphanRetries   retransmissions of a connection the application has closed, before giving up
 * @param finWait2Timeout how long an orphaned FIN_WAIT_2 lives, or 0 for ever
 * @param timestamps      whether to offer the timestamps option (RFC 7323) and so guard with PAWS
 * @param pawsIdleLimit   how long TS.Recent stays trusted without a segment (RFC 7323 §5.5: 24 days)
 * @param isnTickNanos    the ISN clock's tick (RFC 6528: 4 µs)
 * @param synLinearTimeouts SYN retransmissions at the initial RTO before the backed-off ones (Linux 6.5+), on top of
 *                          {@code synRetries}
 */
public record Config(long rtoInitial, long rtoMin, long rtoMax, int maxRetries, int synRetries, int orphanRetries,
                     long finWait2Timeout, long keepAliveIdle, long keepAliveInterval, int keepAliveProbes,
                     int ephemeralLow, int ephemeralHigh, int mss, int receiveBuffer, int sendBuffer,
                     long challengeAckInterval, boolean timestamps, long pawsIdleLimit, long isnTickNanos,
                     long secret, int synLinearTimeouts) {

    /** RFC-ish defaults: RTO 1 s to 60 s, keepalive 2 h / 75 s / 9, ports 49152-65535, MSS 1460, no timestamps. */
    public static Config defaults(long secret) {
        long s = 1_000_000_000L;
        return new Config(s, s, 60 * s, 7, 5, 7, 0, 7200 * s, 75 * s, 9, 49152, 65535, 1460, 65535, 65535, s, false,
                24 * 86_400 * s, 4_000, secret, 0);
    }
}
