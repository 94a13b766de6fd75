package dev.tcpspec.trace;

import java.util.Arrays;

/**
 * One TCP segment as it crosses the wire: ports, sequence and acknowledgement numbers, control bits, window,
 * options and payload. Addresses are implied by the sending {@link Side} (see {@link TraceInfo}).
 *
 * <p>The payload array is shared, never copied: treat it as read-only.
 *
 * <pre>{@code
 * Segment fin = new Segment(40000, 80, 1001, 5001, Segment.FIN | Segment.ACK, 65535, Segment.NO_PAYLOAD, TcpOptions.NONE);
 * assert fin.seqLength() == 1;   // a FIN takes one sequence number (RULES.md HS-1)
 * }</pre>
 *
 * @param srcPort source port
 * @param dstPort destination port
 * @param seq     sequence number of the first octet (or of the SYN)
 * @param ack     acknowledgement number, meaningful only when {@link #ACK} is set
 * @param flags   control bits, a combination of {@link #FIN}, {@link #SYN}, {@link #RST}, {@link #PSH}, {@link #ACK}
 * @param window  advertised receive window (unscaled)
 * @param payload the data octets, never null
 * @param options TCP options
 */
public record Segment(int srcPort, int dstPort, int seq, int ack, int flags, int window, byte[] payload,
                      TcpOptions options) {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final byte[] NO_PAYLOAD = new byte[0];

    public Segment {
        if (payload == null) throw new IllegalArgumentException("payload must not be null; use Segment.NO_PAYLOAD");
        if (options == null) throw new IllegalArgumentException("options must not be null; use TcpOptions.NONE");
    }

    public boolean fin() {
        return (flags & FIN) != 0;
    }

    public boolean syn() {
        return (flags & SYN) != 0;
    }

    public boolean rst() {
        return (flags & RST) != 0;
    }

    public boolean hasAck() {
        return (flags & ACK) != 0;
    }

    /** Number of payload octets. */
    public int len() {
        return payload.length;
    }

    /** Sequence space taken: payload plus one each for SYN and FIN (RFC 9293 SEG.LEN). */
    public int seqLength() {
        return payload.length + (syn() ? 1 : 0) + (fin() ? 1 : 0);
    }

    /** True for a segment with no payload, SYN, FIN or RST: an acknowledgement and nothing more. */
    public boolean isPureAck() {
        return hasAck() && payload.length == 0 && (flags & (SYN | FIN | RST)) == 0;
    }

    /** The control bits as text, e.g. {@code SYN,ACK} or {@code FIN,ACK}; {@code none} if no bit is set. */
    public String flagNames() {
        return flagNames(flags);
    }

    /** The control bits of {@code flags} as text, in the order SYN, FIN, RST, PSH, ACK. */
    public static String flagNames(int flags) {
        StringBuilder sb = new StringBuilder(12);
        if ((flags & SYN) != 0) sb.append("SYN,");
        if ((flags & FIN) != 0) sb.append("FIN,");
        if ((flags & RST) != 0) sb.append("RST,");
        if ((flags & PSH) != 0) sb.append("PSH,");
        if ((flags & ACK) != 0) sb.append("ACK,");
        if (sb.length() == 0) return "none";
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    /** A copy with other flags. */
    public Segment withFlags(int newFlags) {
        return new Segment(srcPort, dstPort, seq, ack, newFlags, window, payload, options);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Segment s && srcPort == s.srcPort && dstPort == s.dstPort && seq == s.seq && ack == s.ack
                && flags == s.flags && window == s.window && Arrays.equals(payload, s.payload)
                && options.equals(s.options);
    }

    @Override
    public int hashCode() {
        return ((31 * seq + ack) * 31 + flags) * 31 + Arrays.hashCode(payload);
    }

    /** Canonical text, with absolute unsigned sequence numbers, e.g. {@code 40000>80 [FIN,ACK] seq=1001 ack=5001 win=65535 len=0}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(80);
        sb.append(srcPort).append('>').append(dstPort).append(" [").append(flagNames()).append("] seq=")
                .append(Seq.str(seq));
        if (hasAck()) sb.append(" ack=").append(Seq.str(ack));
        sb.append(" win=").append(window).append(" len=").append(payload.length);
        if (options.mss() > 0) sb.append(" mss=").append(options.mss());
        if (options.hasTimestamps()) {
            sb.append(" ts=").append(Integer.toUnsignedString(options.tsVal())).append('/')
                    .append(Integer.toUnsignedString(options.tsEcr()));
        }
        return sb.toString();
    }
}
