package dev.tcpspec.dsl;

import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Seq;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;
import dev.tcpspec.trace.TraceEvent.SegmentSent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Describes segments to look for on the wire: control bits, sender, what they acknowledge, the sender's state when it
 * sent them, what they answer. Immutable; made by {@link Tcp#rst()}, {@link Tcp#fin()}, {@link Tcp#pureAck()} and
 * friends. By default a pattern looks at the scenario's main connection (number 0) and at segments the stacks sent
 * (never at segments the harness injected, which {@link Tcp#injected()} selects).
 *
 * <pre>{@code
 * SegmentPattern finalAck = pureAck().from(client()).acking(fin().from(server()));
 * SegmentPattern challenge = pureAck().from(client()).inReplyTo(injected());
 * SegmentPattern probe = keepAliveProbe().from(client());          // SEG.SEQ = SND.NXT - 1, no data
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
    private final boolean injectedOnes;
    private final TcpState sentIn;
    private final SegmentPattern inReplyTo;
    private final SegmentPattern startingAfter;
    private final Integer seqFromSndNxt;
    private final boolean duringSteps;
    private SegmentPattern seqFromAckOf;

    private SegmentPattern(String what, int required, int forbidden, Boolean withData, Side from, int conn,
                           SegmentPattern acking, boolean injectedOnes, TcpState sentIn, SegmentPattern inReplyTo,
                           SegmentPattern startingAfter, Integer seqFromSndNxt, boolean duringSteps) {
        this.what = what;
        this.required = required;
        this.forbidden = forbidden;
        this.withData = withData;
        this.from = from;
        this.conn = conn;
        this.acking = acking;
        this.injectedOnes = injectedOnes;
        this.sentIn = sentIn;
        this.inReplyTo = inReplyTo;
        this.startingAfter = startingAfter;
        this.seqFromSndNxt = seqFromSndNxt;
        this.duringSteps = duringSteps;
    }

    static SegmentPattern of(String what, int required, int forbidden, Boolean withData) {
        return new SegmentPattern(what, required, forbidden, withData, null, 0, null, false, null, null, null, null,
                false);
    }

    /** Segments the harness injected (any connection). */
    static SegmentPattern injectedSegments() {
        return new SegmentPattern("injected segment", 0, 0, null, null, ANY_CONNECTION, null, true, null, null, null,
                null, false);
    }

    private SegmentPattern with(String what, int required, Boolean withData, Side from, int conn,
                                SegmentPattern acking, TcpState sentIn, SegmentPattern inReplyTo,
                                SegmentPattern startingAfter, Integer seqFromSndNxt, boolean duringSteps) {
        SegmentPattern p = new SegmentPattern(what, required, forbidden, withData, from, conn, acking, injectedOnes,
                sentIn, inReplyTo, startingAfter, seqFromSndNxt, duringSteps);
        p.seqFromAckOf = seqFromAckOf;
        return p;
    }

    /** Only segments sent by {@code endpoint} (on its connection). */
    public SegmentPattern from(Endpoint endpoint) {
        return with(what, required, withData, endpoint.side(), endpoint.connection(), acking, sentIn, inReplyTo,
                startingAfter, seqFromSndNxt, duringSteps);
    }

    /** Only segments whose acknowledgement number covers a segment matching {@code other} (ACK = SEQ + LEN). */
    public SegmentPattern acking(SegmentPattern other) {
        return with(what, required | Segment.ACK, withData, from, conn, other, sentIn, inReplyTo, startingAfter,
                seqFromSndNxt, duringSteps);
    }

    /** Not RST segments (a pattern that would otherwise match them, e.g. {@code anySegment().withAck().notRst()}). */
    public SegmentPattern notRst() {
        SegmentPattern p = new SegmentPattern(what + " (not RST)", required, forbidden | Segment.RST, withData, from,
                conn, acking, injectedOnes, sentIn, inReplyTo, startingAfter, seqFromSndNxt, duringSteps);
        p.seqFromAckOf = seqFromAckOf;
        return p;
    }

    /** Only segments that also carry the ACK bit. */
    public SegmentPattern withAck() {
        return with(what, required | Segment.ACK, withData, from, conn, acking, sentIn, inReplyTo, startingAfter,
                seqFromSndNxt, duringSteps);
    }

    /** Segments of any connection, not only the main one. */
    public SegmentPattern onAnyConnection() {
        return with(what, required, withData, from, ANY_CONNECTION, acking, sentIn, inReplyTo, startingAfter,
                seqFromSndNxt, duringSteps);
    }

    /** Only segments sent while their sender was in {@code state} (after any state change the same event caused). */
    public SegmentPattern sentIn(TcpState state) {
        return with(what, required, withData, from, conn, acking, state, inReplyTo, startingAfter, seqFromSndNxt,
                duringSteps);
    }

    /**
     * Only segments that answer one matching {@code request}: the first segment its receiver sent after it arrived,
     * before anything else arrived there.
     */
    public SegmentPattern inReplyTo(SegmentPattern request) {
        return with(what, required, withData, from, conn, acking, sentIn, request, startingAfter, seqFromSndNxt,
                duringSteps);
    }

    /** Only segments whose SEG.SEQ is the sequence number right after a segment matching {@code other} (SEQ + LEN). */
    public SegmentPattern startingAfter(SegmentPattern other) {
        return with(what, required, withData, from, conn, acking, sentIn, inReplyTo, other, seqFromSndNxt,
                duringSteps);
    }

    /**
     * Only segments whose SEG.SEQ is the sender's SND.NXT + {@code offset}, SND.NXT being the end of everything it had
     * sent before on that connection: 0 for new data or a RST (which consumes no sequence number), -1 for a
     * keepalive probe.
     */
    public SegmentPattern atSndNxt(int offset) {
        return with(what, required, withData, from, conn, acking, sentIn, inReplyTo, startingAfter, offset,
                duringSteps);
    }

    /**
     * Only segments whose SEG.SEQ is the acknowledgement number of a segment matching {@code other}, as a RST
     * answering a stray ACK must be (RFC 9293 §3.10.7.1: &lt;SEQ=SEG.ACK&gt;&lt;CTL=RST&gt;).
     */
    public SegmentPattern withSeqFromAckOf(SegmentPattern other) {
        SegmentPattern p = with(what, required, withData, from, conn, acking, sentIn, inReplyTo, startingAfter,
                seqFromSndNxt, duringSteps);
        p.seqFromAckOf = other;
        return p;
    }

    /** Only segments sent once the scenario's steps had begun (not during the setup). */
    public SegmentPattern duringSteps() {
        return with(what, required, withData, from, conn, acking, sentIn, inReplyTo, startingAfter, seqFromSndNxt,
                true);
    }

    /**
     * Why the absence of matching segments in {@code trace} proves nothing, or null if it does: the wire was never
     * seen carrying anything of the connection (the stack captured nothing, or the connection never existed); the
     * sender's states were never observed, for a pattern about the state it sent in; nothing the pattern refers to
     * ({@code acking}, {@code startingAfter}) was ever sent; or, for a reply to a request ({@code inReplyTo}), the
     * request was never sent or never arrived. "The wire carries no reply" holds only when the request was delivered.
     */
    String missingEvidence(Trace trace) {
        // a capture that saw anything of the connection (either way) would have seen this: that is the evidence
        boolean wireSeen = false;
        for (SegmentSent s : trace.segments()) {
            if (conn == ANY_CONNECTION || s.conn() == conn) {
                wireSeen = true;
                break;
            }
        }
        if (!wireSeen && injectedOnes) wireSeen = !trace.injected().isEmpty();
        if (!wireSeen) {
            return "no segment" + (conn == ANY_CONNECTION ? "" : " of connection " + conn)
                    + " was observed on the wire";
        }
        if (sentIn != null) {
            boolean statesSeen = false;
            for (TraceEvent e : trace.events()) {
                if (e instanceof TraceEvent.StateChange c && (from == null || c.side() == from)
                        && (conn == ANY_CONNECTION || c.conn() == conn)) {
                    statesSeen = true;
                    break;
                }
            }
            if (!statesSeen) return "the sender's states were never observed, so what it sent in " + sentIn
                    + " cannot be told apart";
        }
        for (SegmentPattern referred : new SegmentPattern[]{acking, startingAfter, seqFromAckOf}) {
            if (referred != null && referred.matches(trace).isEmpty()) {
                return "no " + referred.describe() + " was observed, so nothing could answer to it";
            }
        }
        if (inReplyTo != null) {
            List<Match> requests = inReplyTo.matches(trace);
            if (requests.isEmpty()) return "no " + inReplyTo.describe() + " was sent, so nothing could answer it";
            Map<Integer, Side> senders = new HashMap<>();
            for (Match m : requests) senders.put(m.sent().id(), m.sent().from());
            boolean delivered = false;
            for (TraceEvent e : trace.events()) {
                if (e instanceof TraceEvent.Delivery d && senders.containsKey(d.id()) && senders.get(d.id()) != d.to()) {
                    delivered = true;
                    break;
                }
            }
            if (!delivered) {
                return requests.size() == 1 ? "the " + inReplyTo.describe() + " was sent but never seen to arrive"
                        : requests.size() + " of " + inReplyTo.describe() + " were sent but none was seen to arrive";
            }
        }
        return null;
    }

    /** The segments of a trace this pattern matches, in order. */
    public List<SegmentSent> select(Trace trace) {
        List<SegmentSent> out = new ArrayList<>();
        for (Match m : matches(trace)) out.add(m.sent());
        return out;
    }

    /** A matching segment: sent by a stack, or injected (then {@code sent} is a stand-in built from it). */
    record Match(int index, SegmentSent sent) {
    }

    /** Every matching segment with its index in the trace's events. */
    List<Match> matches(Trace trace) {
        List<TraceEvent> events = trace.events();
        List<SegmentSent> ackedCandidates = acking == null ? null : acking.select(trace);
        List<SegmentSent> predecessors = startingAfter == null ? null : startingAfter.select(trace);
        Set<Integer> replies = inReplyTo == null ? null : replyIndices(trace, inReplyTo.matches(trace));
        Set<Integer> ackValues = null;
        if (seqFromAckOf != null) {
            ackValues = new HashSet<>();
            for (Match m : seqFromAckOf.matches(trace)) ackValues.add(m.sent().segment().ack());
        }
        Map<Long, TcpState> states = sentIn == null ? null : new HashMap<>();
        Map<Long, Integer> sndNxt = seqFromSndNxt == null ? null : new HashMap<>();
        boolean stepsBegan = !duringSteps;
        List<Match> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            if (e instanceof TraceEvent.Action) {
                stepsBegan = true;
            } else if (e instanceof TraceEvent.StateChange sc && states != null) {
                states.put(key(sc.side(), sc.conn()), sc.to());
            } else if (e instanceof SegmentSent s && !injectedOnes) {
                Segment seg = s.segment();
                long k = key(s.from(), s.conn());
                Integer nxt = sndNxt == null ? null : sndNxt.get(k);
                if (sndNxt != null && !seg.rst()) { // a RST consumes no sequence number and may carry any SEQ
                    int end = seg.seq() + seg.seqLength();
                    if (nxt == null || Seq.gt(end, nxt)) sndNxt.put(k, end);
                }
                if (!stepsBegan || !matchesAlone(s.from(), s.conn(), seg)) continue;
                if (states != null && states.get(k) != sentIn) continue;
                if (seqFromSndNxt != null && (nxt == null || seg.seq() != nxt + seqFromSndNxt)) continue;
                if (ackedCandidates != null && !acknowledgesOneOf(s, ackedCandidates)) continue;
                if (predecessors != null && !follows(s, predecessors)) continue;
                if (replies != null && !replies.contains(i)) continue;
                if (ackValues != null && !ackValues.contains(seg.seq())) continue;
                out.add(new Match(i, s));
            } else if (e instanceof TraceEvent.SegmentInjected inj && injectedOnes) {
                if (!stepsBegan || !matchesAlone(inj.asIf(), inj.conn(), inj.segment())) continue;
                out.add(new Match(i, inj.asSent()));
            }
        }
        return out;
    }

    /**
     * The trace indices of replies to the requests: for each request that arrived, the first segment its receiver
     * sent afterwards, provided nothing else arrived at the receiver in between.
     */
    private static Set<Integer> replyIndices(Trace trace, List<Match> requests) {
        Map<Integer, Match> byId = new HashMap<>();
        for (Match m : requests) byId.put(m.sent().id(), m);
        Set<Integer> out = new HashSet<>();
        boolean[] awaiting = new boolean[Side.values().length];
        List<TraceEvent> events = trace.events();
        for (int i = 0; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            if (e instanceof TraceEvent.Delivery d) {
                Match request = byId.get(d.id());
                awaiting[d.to().ordinal()] = request != null && request.sent().from() != d.to();
            } else if (e instanceof SegmentSent s && awaiting[s.from().ordinal()]) {
                awaiting[s.from().ordinal()] = false;
                out.add(i);
            }
        }
        return out;
    }

    private boolean matchesAlone(Side sender, int connection, Segment seg) {
        if ((seg.flags() & required) != required || (seg.flags() & forbidden) != 0) return false;
        if (withData != null && withData != (seg.len() > 0)) return false;
        if (from != null && sender != from) return false;
        return conn == ANY_CONNECTION || connection == conn;
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

    private static boolean follows(SegmentSent s, List<SegmentSent> before) {
        for (SegmentSent b : before) {
            if (b.from() == s.from() && b.conn() == s.conn()
                    && s.segment().seq() == b.segment().seq() + b.segment().seqLength()) {
                return true;
            }
        }
        return false;
    }

    private static long key(Side side, int conn) {
        return ((long) conn << 1) | side.ordinal();
    }

    /** E.g. {@code pure ACK from client acknowledging FIN from server}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(what);
        if (from != null) sb.append(" from ").append(from.label()).append(conn > 0 ? " #" + conn : "");
        if (conn == ANY_CONNECTION && !injectedOnes) sb.append(" on any connection");
        if (seqFromSndNxt != null) {
            sb.append(" with SEG.SEQ = SND.NXT").append(seqFromSndNxt == 0 ? "" : (seqFromSndNxt > 0 ? "+" : "")
                    + seqFromSndNxt);
        }
        if (sentIn != null) sb.append(" sent in ").append(sentIn);
        if (duringSteps) sb.append(" once the steps began");
        if (acking != null) sb.append(" acknowledging ").append(acking.describe());
        if (startingAfter != null) sb.append(" starting right after ").append(startingAfter.describe());
        if (inReplyTo != null) sb.append(" in reply to ").append(inReplyTo.describe());
        if (seqFromAckOf != null) sb.append(" with SEG.SEQ = the ACK of ").append(seqFromAckOf.describe());
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
