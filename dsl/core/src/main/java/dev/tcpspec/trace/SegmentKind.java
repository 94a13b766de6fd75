package dev.tcpspec.trace;

/**
 * What a segment is for, as the fault injector and the property engine target segments: "drop the first
 * {@code ACK_OF_FIN} from the client". A segment has exactly one kind; the first matching rule wins, top to bottom.
 *
 * <pre>{@code
 * SegmentKind k = SegmentKind.classify(segment, peerFinSeq);   // ACK_OF_FIN if it acknowledges the peer's FIN
 * }</pre>
 */
public enum SegmentKind {
    /** RST set (with or without ACK). */
    RST,
    /** SYN without ACK: an active open. */
    SYN,
    /** SYN with ACK: the passive side's answer. */
    SYN_ACK,
    /** FIN set (it may carry data). */
    FIN,
    /** Payload without FIN. */
    DATA,
    /** A pure ACK that acknowledges the peer's FIN (the "final ACK" of a close). */
    ACK_OF_FIN,
    /** Any other pure ACK. */
    ACK;

    /**
     * Classifies a segment.
     *
     * @param s          the segment
     * @param peerFinSeq sequence number of the FIN the receiving side sent on this connection, or {@code null}
     *                   if it has sent none; a pure ACK whose ack field passes it is an {@link #ACK_OF_FIN}
     */
    public static SegmentKind classify(Segment s, Integer peerFinSeq) {
        if (s.rst()) return RST;
        if (s.syn()) return s.hasAck() ? SYN_ACK : SYN;
        if (s.fin()) return FIN;
        if (s.len() > 0) return DATA;
        if (peerFinSeq != null && s.hasAck() && Seq.gt(s.ack(), peerFinSeq)) return ACK_OF_FIN;
        return ACK;
    }

    /** Lower-case name with hyphens, as used on the command line and in fault schedules: {@code ack-of-fin}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
