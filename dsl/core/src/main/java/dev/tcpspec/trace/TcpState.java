package dev.tcpspec.trace;

/**
 * The eleven connection states of RFC 9293 §3.3.2, plus the hex code Linux shows for each in
 * {@code /proc/net/tcp} (column {@code st}).
 *
 * <pre>{@code
 * TcpState s = TcpState.fromLinuxCode(0x06);   // TIME_WAIT
 * }</pre>
 */
public enum TcpState {
    CLOSED(0x07),
    LISTEN(0x0A),
    SYN_SENT(0x02),
    SYN_RECEIVED(0x03),
    ESTABLISHED(0x01),
    FIN_WAIT_1(0x04),
    FIN_WAIT_2(0x05),
    CLOSE_WAIT(0x08),
    CLOSING(0x0B),
    LAST_ACK(0x09),
    TIME_WAIT(0x06);

    private final int linuxCode;

    TcpState(int linuxCode) {
        this.linuxCode = linuxCode;
    }

    /** The value of the {@code st} column of /proc/net/tcp for this state. */
    public int linuxCode() {
        return linuxCode;
    }

    /** The state Linux reports as {@code code} in /proc/net/tcp. */
    public static TcpState fromLinuxCode(int code) {
        for (TcpState s : values()) {
            if (s.linuxCode == code) return s;
        }
        throw new IllegalArgumentException(String.format("no TCP state has /proc code %02X (known: 01-0B)", code));
    }

    /** True once both sides' initial sequence numbers are known (RFC 9293 "synchronized states"). */
    public boolean isSynchronized() {
        return switch (this) {
            case CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED -> false;
            default -> true;
        };
    }

    /**
     * True for the states a connection leaves as soon as the peer's next segment arrives (SYN_SENT, SYN_RECEIVED,
     * FIN_WAIT_1, CLOSING, LAST_ACK): microseconds on loopback, too short for a sampling observer to see. The
     * others are held until a timer fires or the application acts.
     */
    public boolean isTransient() {
        return switch (this) {
            case SYN_SENT, SYN_RECEIVED, FIN_WAIT_1, CLOSING, LAST_ACK -> true;
            default -> false;
        };
    }

    /** True in the states that follow a received FIN: no more data will arrive from the peer. */
    public boolean finReceived() {
        return this == CLOSE_WAIT || this == CLOSING || this == LAST_ACK || this == TIME_WAIT;
    }
}
