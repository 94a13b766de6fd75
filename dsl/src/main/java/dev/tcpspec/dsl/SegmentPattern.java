package dev.tcpspec.dsl;

import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent.SegmentSent;

import java.util.ArrayList;
import java.util.List;

/**
 * Describes segments to look for on the wire: control bits, sender, what they acknowledge. Immutable; made by
 * {@link Tcp#rst()}, {@link Tcp#fin()}, {@link Tcp#pureAck()} and friends. By default a pattern looks at the
 * scenario's main connection (number 0).
 *
 * <pre>{@code
 * SegmentPattern finalAck = pureAck().from(client()).acking(fin().from(server()));
 * List<SegmentSent> seen = finalAck.select(trace);
 * }</pre>
 */
public final class SegmentPattern {
    static final int ANY_CONNECTION = Integer.MIN_VALUE;

    private final String what;
    private final int required;
    private final int forbidden;
    private final Boolean withData;
    private final Side from;
    private final int conn;
    private final SegmentPattern acking;

    private SegmentPattern(String what, int required, int forbidden, Boolean withData, Side from, int conn,
                           SegmentPattern acking) {
        this.what = what;
        this.required = required;
        this.forbidden = forbidden;
        this.withData = withData;
        this.from = from;
        this.conn = conn;
        this.acking = acking;
    }

    static SegmentPattern of(String what, int required, int forbidden, Boolean withData) {
        return new SegmentPattern(what, required, forbidden, withData, null, 0, null);
    }

    /** Only segments sent by {@code endpoint} (on its connection). */
    public SegmentPattern from(Endpoint endpoint) {
        return new SegmentPattern(what, required, forbidden, withData, endpoint.side(), endpoint.connection(), acking);
    }

    /** Only segments whose acknowledgement number covers a segment matching {@code other} (ACK = SEQ + LEN). */
    public SegmentPattern acking(SegmentPattern other) {
        return new SegmentPattern(what, required | Segment.ACK, forbidden, withData, from, conn, other);
    }

    /** Only segments that also carry the ACK bit. */
    public SegmentPattern withAck() {
        return new SegmentPattern(what, required | Segment.ACK, forbidden, withData, from, conn, acking);
    }

    /** Segments of any connection, not only the main one. */
    public SegmentPattern onAnyConnection() {
        return new SegmentPattern(what, required, forbidden, withData, from, ANY_CONNECTION, acking);
    }

    /** The segments of a trace this pattern matches, in order. */
    public List<SegmentSent> select(Trace trace) {
        List<SegmentSent> acked = acking == null ? null : acking.select(trace);
        List<SegmentSent> out = new ArrayList<>();
        for (SegmentSent s : trace.segments()) {
            if (matchesAlone(s) && (acked == null || acknowledgesOneOf(s, acked))) out.add(s);
        }
        return out;
    }

    private boolean matchesAlone(SegmentSent s) {
        Segment seg = s.segment();
        if ((seg.flags() & required) != required || (seg.flags() & forbidden) != 0) return false;
        if (withData != null && withData != (seg.len() > 0)) return false;
        if (from != null && s.from() != from) return false;
        return conn == ANY_CONNECTION || s.conn() == conn;
    }

    private static boolean acknowledgesOneOf(SegmentSent s, List<SegmentSent> acked) {
        for (SegmentSent a : acked) {
            if (a.from() != s.from() && a.conn() == s.conn()
                    && s.segment().ack() == a.segment().seq() + a.segment().seqLength()) {
                return true;
            }
        }
        return false;
    }

    /** E.g. {@code pure ACK from client acknowledging FIN from server}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(what);
        if (from != null) sb.append(" from ").append(from.label()).append(conn > 0 ? " #" + conn : "");
        if (conn == ANY_CONNECTION) sb.append(" on any connection");
        if (acking != null) sb.append(" acknowledging ").append(acking.describe());
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
