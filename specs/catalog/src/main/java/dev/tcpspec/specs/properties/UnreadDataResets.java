package dev.tcpspec.specs.properties;

import dev.tcpspec.dsl.Capability;
import dev.tcpspec.dsl.Endpoint;
import dev.tcpspec.dsl.Expectation;
import dev.tcpspec.dsl.Judgement;
import dev.tcpspec.dsl.Timing;
import dev.tcpspec.trace.AppCall;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Seq;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * When the closer's application closes with data unread (bytes the peer sent had reached its host and no read had
 * returned them), it signals the loss: it sends a RST and no FIN from then on, and the peer never reads a clean EOF
 * (RFC 2525 §2.17, RFC 9293 §3.6.1). If the data reaches the closer only after close() (a late or lost segment),
 * there was nothing unread: the rule was not put to the test, and the expectation is not observed, saying so.
 */
record UnreadDataResets(Endpoint closer) implements Expectation {
    @Override
    public String describe() {
        return "if " + closer + " closes with unread data, it sends a RST and no FIN, and " + closer.peer()
                + " never reads EOF";
    }

    @Override
    public Set<Capability> requires() {
        return Set.of(Capability.SEGMENT_OBSERVATION);
    }

    @Override
    public Judgement judge(Trace trace, Timing timing) {
        List<TraceEvent> events = trace.events();
        int closeAt = -1;
        for (int i = 0; i < events.size() && closeAt < 0; i++) {
            if (events.get(i) instanceof TraceEvent.AppResult r && r.side() == closer.side()
                    && r.conn() == closer.connection() && r.call() == AppCall.CLOSE) {
                closeAt = i;
            }
        }
        if (closeAt < 0) return Judgement.fails(closer + " never called close()");
        while (closeAt > 0 && !(events.get(closeAt) instanceof TraceEvent.Action)) closeAt--; // where the call began
        long read = 0;
        List<long[]> ranges = new ArrayList<>();
        Integer base = null;
        for (Arrivals.Arrival a : new Arrivals(trace).all()) {
            if (a.index() >= closeAt || a.to() != closer.side() || a.sent().conn() != closer.connection()) continue;
            Segment s = a.sent().segment();
            if (s.len() == 0) continue;
            if (base == null) base = s.seq();
            long start = Seq.diff(s.seq(), base); // relative, so sequence numbers may wrap
            ranges.add(new long[]{start, start + s.len()});
        }
        long arrived = distinctBytes(ranges);
        for (int i = 0; i < closeAt; i++) {
            if (events.get(i) instanceof TraceEvent.AppResult r && r.side() == closer.side()
                    && r.conn() == closer.connection() && r.call() == AppCall.READ && r.outcome() == AppOutcome.DATA) {
                read += r.bytes();
            }
        }
        long unread = arrived - read;
        long closeNanos = events.get(closeAt).nanos();
        if (unread <= 0) {
            return Judgement.notObserved(closer + " had read all " + arrived + " bytes that had reached it when it "
                    + "closed at t=" + Trace.human(closeNanos) + ": nothing unread to signal, so the rule was not put "
                    + "to the test");
        }
        TraceEvent.SegmentSent rst = null;
        for (int i = closeAt; i < events.size(); i++) {
            if (events.get(i) instanceof TraceEvent.SegmentSent s && s.from() == closer.side()
                    && s.conn() == closer.connection()) {
                if (s.segment().fin()) {
                    return Judgement.fails(closer + " closed at t=" + Trace.human(closeNanos) + " with " + unread
                            + " bytes unread, then sent a FIN at t=" + Trace.human(s.nanos()) + ": " + s.segment());
                }
                if (s.segment().rst() && rst == null) rst = s;
            }
        }
        if (rst == null) {
            return Judgement.fails(closer + " closed at t=" + Trace.human(closeNanos) + " with " + unread
                    + " bytes unread and sent no RST");
        }
        for (TraceEvent.AppResult r : trace.appResults(closer.side().peer())) {
            if (r.conn() == closer.connection() && r.call() == AppCall.READ && r.outcome() == AppOutcome.EOF) {
                return Judgement.fails(closer.peer() + " read EOF at t=" + Trace.human(r.nanos()) + " although "
                        + closer + " closed with " + unread + " bytes unread");
            }
        }
        return Judgement.holds(closer + " closed with " + unread + " bytes unread and sent a RST at t="
                + Trace.human(rst.nanos()) + "; " + closer.peer() + " never read EOF");
    }

    /** How many distinct bytes the ranges [start, end) cover (duplicates and overlaps counted once). */
    private static long distinctBytes(List<long[]> ranges) {
        ranges.sort((x, y) -> Long.compare(x[0], y[0]));
        long total = 0;
        long coveredTo = Long.MIN_VALUE;
        for (long[] r : ranges) {
            long from = Math.max(r[0], coveredTo);
            if (r[1] > from) total += r[1] - from;
            coveredTo = Math.max(coveredTo, r[1]);
        }
        return total;
    }
}
