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
 * sent them, what they answer. An immutable record: every DSL word ({@code from}, {@code acking}, {@code sentIn}, ...)
 * and every {@code with...} method returns a changed copy. Made by {@link Tcp#rst()}, {@link Tcp#fin()}, {@link Tcp#pureAck()} and
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
public record SegmentPattern(String what, int required, int forbidden, Boolean withData, Side from, int conn,
                             SegmentPattern acking, boolean injectedOnes, TcpState sentIn, SegmentPattern inReplyTo,
                             SegmentPattern startingAfter, Integer seqFromSndNxt, boolean onlyDuringSteps,
                             SegmentPattern seqFromAckOf) {
    static final int ANY_CONNECTION = Integer.MIN_VALUE;

    /**
     * A pattern of every component; {@link Tcp}'s factories ({@code rst()}, {@code fin()}, ...) and the fluent methods
     * below are the usual way to make one.
     *
     * @param what            what is looked for, for messages ("RST", "pure ACK")
     * @param required        control bits a segment must carry ({@link Segment#ACK} | ...)
     * @param forbidden       control bits it must not carry
     * @param withData        whether it must carry data (true), must not (false), or either (null)
     * @param from            its sender, or null for either
     * @param conn            its connection (0 the main one), or {@code Integer.MIN_VALUE} for any
     * @param acking          what its ACK must cover, or null
     * @param injectedOnes    whether it looks at segments the harness injected instead of those the stacks sent
     * @param sentIn          the state its sender was in when it sent it, or null
     * @param inReplyTo       what it must answer, or null
     * @param startingAfter   what its SEG.SEQ must follow, or null
     * @param seqFromSndNxt   its SEG.SEQ relative to the sender's SND.NXT, or null
     * @param onlyDuringSteps whether only segments sent once the steps began count
     * @param seqFromAckOf    the pattern whose ACK its SEG.SEQ must be, or null
     */
    public SegmentPattern {
        if (what == null || what.isBlank()) throw new IllegalArgumentException("a segment pattern needs a name");
    }

    static SegmentPattern of(String what, int required, int forbidden, Boolean withData) {
        return new SegmentPattern(what, required, forbidden, withData, null, 0, null, false, null, null, null, null,
                false, null);
    }

    /** Segments the harness injected (any connection). */
    static SegmentPattern injectedSegments() {
        return new SegmentPattern("injected segment", 0, 0, null, null, ANY_CONNECTION, null, true, null, null, null,
                null, false, null);
    }

    // ---- copy methods: one per component -----------------------------------------------------------------------

    /** A copy named {@code what}. */
    public SegmentPattern withWhat(String what) {
        return new SegmentPattern(what, required, forbidden, withData, from, conn, acking, injectedOnes, sentIn,
                inReplyTo, startingAfter, seqFromSndNxt, onlyDuringSteps, seqFromAckOf);
    }

    /** A copy requiring exactly the control bits {@code required}. */
    public SegmentPattern withRequired(int required) {
        return new SegmentPattern(what, required, forbidden, withData, from, conn, acking, injectedOnes, sentIn,
                inReplyTo, startingAfter, seqFromSndNxt, onlyDuringSteps, seqFromAckOf);
    }

    /** A copy forbidding exactly the control bits {@code forbidden}. */
    public SegmentPattern withForbidden(int forbidden) {
        return new SegmentPattern(what, required, forbidden, withData, from, conn, acking, injectedOnes, sentIn,
                inReplyTo, startingAfter, seqFromSndNxt, onlyDuringSteps, seqFromAckOf);
    }

    /** A copy that requires data (true), no data (false), or either (null). */
    public SegmentPattern withData(Boolean withData) {
        return new SegmentPattern(what, required, forbidden, withData, from, conn, acking, injectedOnes, sentIn,
                inReplyTo, startingAfter, seqFromSndNxt, onlyDuringSteps, seqFromAckOf);
    }

    /** A copy sent by {@code side} on connection {@code conn} ({@code from(client())} says it in the DSL). */
    public SegmentPattern withSender(Side side, int conn) {
        return new SegmentPattern(what, required, forbidden, withData, side, conn, acking, injectedOnes, sentIn,
                inReplyTo, startingAfter, seqFromSndNxt, onlyDuringSteps, seqFromAckOf);
    }

    /** A copy whose ACK must cover a segment matching {@code acked} (the ACK bit is not added: see {@link #acking}). */
    public SegmentPattern withAcking(SegmentPattern acked) {
        return new SegmentPattern(what, required, forbidden, withData, from, conn, acked, injectedOnes, sentIn,
                inReplyTo, startingAfter, seqFromSndNxt, onlyDuringSteps, seqFromAckOf);
    }

    /** A copy sent in {@code state}, or in any state (null). */
    public SegmentPattern withSentIn(TcpState state) {
        return new SegmentPattern(what, required, forbidden, withData, from, conn, acking, injectedOnes, state,
                inReplyTo, startingAfter, seqFromSndNxt, onlyDuringSteps, seqFromAckOf);
    }

    /** A copy answering a segment matching {@code request}, or anything (null). */
    public SegmentPattern withInReplyTo(SegmentPattern request) {
        return new SegmentPattern(what, required, forbidden, withData, from, conn, acking, injectedOnes, sentIn,
                request, startingAfter, seqFromSndNxt, onlyDuringSteps, seqFromAckOf);
    }

    /** A copy whose SEG.SEQ follows a segment matching {@code other}, or anything (null). */
    public SegmentPattern withStartingAfter(SegmentPattern other) {
        return new SegmentPattern(what, required, forbidden, withData, from, conn, acking, injectedOnes, sentIn,
                inReplyTo, other, seqFromSndNxt, onlyDuringSteps, seqFromAckOf);
    }

    /** A copy whose SEG.SEQ is SND.NXT + {@code offset}, or any (null). */
    public SegmentPattern withSeqFromSndNxt(Integer offset) {
        return new SegmentPattern(what, required, forbidden, withData, from, conn, acking, injectedOnes, sentIn,
                inReplyTo, startingAfter, offset, onlyDuringSteps, seqFromAckOf);
    }

    /** A copy that counts only segments sent once the steps began (true), or all (false). */
    public SegmentPattern withOnlyDuringSteps(boolean only) {
        return new SegmentPattern(what, required, forbidden, withData, from, conn, acking, injectedOnes, sentIn,
                inReplyTo, startingAfter, seqFromSndNxt, only, seqFromAckOf);
    }

    // ---- the DSL's words ---------------------------------------------------------------------------------------

    /** Only segments sent by {@code endpoint} (on its connection). */
    public SegmentPattern from(EndpointRef endpoint) {
        return withSender(endpoint.side(), endpoint.connection());
    }

    /** Only segments whose acknowledgement number covers a segment matching {@code other} (ACK = SEQ + LEN). */
    public SegmentPattern acking(SegmentPattern other) {
        return withRequired(required | Segment.ACK).withAcking(other);
    }

    /** Not RST segments (a pattern that would otherwise match them, e.g. {@code anySegment().withAck().notRst()}). */
    public SegmentPattern notRst() {
        return withWhat(what + " (not RST)").withForbidden(forbidden | Segment.RST);
    }

    /** Only segments that also carry the ACK bit. */
    public SegmentPattern withAck() {
        return withRequired(required | Segment.ACK);
    }

    /** Segments of any connection, not only the main one. */
    public SegmentPattern onAnyConnection() {
        return withSender(from, ANY_CONNECTION);
    }

    /** Only segments sent while their sender was in {@code state} (after any state change the same event caused). */
    public SegmentPattern sentIn(TcpState state) {
        return withSentIn(state);
    }

    /**
     * Only segments that answer one matching {@code request}: the first segment its receiver sent after it arrived,
     * before anything else arrived there.
     */
    public SegmentPattern inReplyTo(SegmentPattern request) {
        return withInReplyTo(request);
    }

    /** Only segments whose SEG.SEQ is the sequence number right after a segment matching {@code other} (SEQ + LEN). */
    public SegmentPattern startingAfter(SegmentPattern other) {
        return withStartingAfter(other);
    }

    /**
     * Only segments whose SEG.SEQ is the sender's SND.NXT + {@code offset}, SND.NXT being the end of everything it had
     * sent before on that connection: 0 for new data or a RST (which consumes no sequence number), -1 for a
     * keepalive probe.
     */
    public SegmentPattern atSndNxt(int offset) {
        return withSeqFromSndNxt(offset);
    }

    /**
     * Only segments whose SEG.SEQ is the acknowledgement number of a segment matching {@code other}, as a RST
     * answering a stray ACK must be (RFC 9293 §3.10.7.1: &lt;SEQ=SEG.ACK&gt;&lt;CTL=RST&gt;).
     */
    public SegmentPattern withSeqFromAckOf(SegmentPattern other) {
        return new SegmentPattern(what, required, forbidden, withData, from, conn, acking, injectedOnes, sentIn,
                inReplyTo, startingAfter, seqFromSndNxt, onlyDuringSteps, other);
    }

    /** Only segments sent once the scenario's steps had begun (not during the setup). */
    public SegmentPattern duringSteps() {
        return withOnlyDuringSteps(true);
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
        boolean stepsBegan = !onlyDuringSteps;
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
        if (onlyDuringSteps) sb.append(" once the steps began");
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
