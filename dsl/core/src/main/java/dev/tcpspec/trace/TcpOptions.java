package dev.tcpspec.trace;

/**
 * The TCP options tcpspec models: MSS (RFC 9293 §3.7.1) and timestamps (RFC 7323 §3).
 *
 * <pre>{@code
 * TcpOptions syn = TcpOptions.NONE.withMss(1460).withTimestamps(1000, 0);
 * }</pre>
 *
 * @param mss           maximum segment size, or 0 when the option is absent
 * @param hasTimestamps whether the timestamps option is present
 * @param tsVal         TSval (unsigned 32 bit), meaningful only with timestamps
 * @param tsEcr         TSecr (unsigned 32 bit), meaningful only with timestamps
 */
public record TcpOptions(int mss, boolean hasTimestamps, int tsVal, int tsEcr) {
    /** No options at all. */
    public static final TcpOptions NONE = new TcpOptions(0, false, 0, 0);

    /** A copy with the MSS option set. */
    public TcpOptions withMss(int mss) {
        return new TcpOptions(mss, hasTimestamps, tsVal, tsEcr);
    }

    /** A copy with the timestamps option set. */
    public TcpOptions withTimestamps(int tsVal, int tsEcr) {
        return new TcpOptions(mss, true, tsVal, tsEcr);
    }

    /** Length of these options on the wire, padded to a multiple of four bytes. */
    public int wireLength() {
        int n = (mss > 0 ? 4 : 0) + (hasTimestamps ? 10 : 0);
        return (n + 3) & ~3;
    }
}
