package dev.tcpspec.specs.properties;

import dev.tcpspec.dsl.Capability;
import dev.tcpspec.dsl.Endpoint;
import dev.tcpspec.dsl.Expectation;
import dev.tcpspec.dsl.Judgement;
import dev.tcpspec.dsl.Timing;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Seq;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.TraceEvent;

import java.util.List;
import java.util.Set;

/**
 * Every FIN that reaches the endpoint while it is in TIME_WAIT (a retransmission, a duplicate, a late copy) is
 * acknowledged: an ACK covering it leaves before the next different segment arrives on that connection. Copies of
 * the same FIN that arrive together may share one ACK.
 */
record ReAcksFinInTimeWait(Endpoint closer) implements Expectation {
    @Override
    public String describe() {
        return closer + " acknowledges every FIN that reaches it in TIME_WAIT";
    }

    @Override
    public Set<Capability> requires() {
        return Set.of(Capability.STATE_OBSERVATION, Capability.SEGMENT_OBSERVATION);
    }

    @Override
    public Judgement judge(Trace trace, Timing timing) {
        Arrivals arrivals = new Arrivals(trace);
        List<TraceEvent> events = trace.events();
        List<Arrivals.Arrival> all = arrivals.all();
        int reAcked = 0;
        for (int k = 0; k < all.size(); k++) {
            Arrivals.Arrival a = all.get(k);
            if (a.to() != closer.side() || a.sent().conn() != closer.connection()) continue;
            Segment fin = a.sent().segment();
            if (!fin.fin() || a.stateBefore() != TcpState.TIME_WAIT) continue;
            int end = events.size();
            for (int j = k + 1; j < all.size(); j++) {
                Arrivals.Arrival b = all.get(j);
                if (b.to() == closer.side() && b.sent().conn() == closer.connection()
                        && !b.sent().segment().equals(fin)) {
                    end = b.index();
                    break;
                }
            }
            boolean acked = false;
            for (int i = a.index() + 1; i < end && !acked; i++) {
                if (events.get(i) instanceof TraceEvent.SegmentSent s && s.from() == closer.side()
                        && s.conn() == closer.connection() && s.segment().hasAck()
                        && Seq.ge(s.segment().ack(), fin.seq() + fin.seqLength())) {
                    acked = true;
                }
            }
            if (!acked) {
                return Judgement.fails("a FIN from " + closer.peer() + " (" + fin + ") reached " + closer
                        + " in TIME_WAIT at t=" + Trace.human(a.nanos()) + ", and " + closer
                        + " sent no ACK for it");
            }
            reAcked++;
        }
        if (reAcked == 0) {
            return Judgement.notObserved("no FIN reached " + closer + " in TIME_WAIT: nothing to re-ACK, so the rule "
                    + "was not put to the test");
        }
        return Judgement.holds(closer + " acknowledged each of the " + reAcked + " FIN(s) that reached it in TIME_WAIT");
    }
}
