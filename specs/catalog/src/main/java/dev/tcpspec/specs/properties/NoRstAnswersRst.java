package dev.tcpspec.specs.properties;

import dev.tcpspec.dsl.Capability;
import dev.tcpspec.dsl.Expectation;
import dev.tcpspec.dsl.Judgement;
import dev.tcpspec.dsl.Timing;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;

import java.util.Set;

/**
 * No endpoint answers a RST with a RST (RFC 9293 §3.10.7: "an incoming segment containing a RST is discarded"),
 * whatever connection the RST is for, or none. A RST counts as an answer when the receiving host sends it at the
 * instant the RST arrives, before anything else arrives or the application acts.
 */
record NoRstAnswersRst() implements Expectation {
    @Override
    public String describe() {
        return "no endpoint answers a RST with a RST";
    }

    @Override
    public Set<Capability> requires() {
        return Set.of(Capability.SEGMENT_OBSERVATION);
    }

    @Override
    public Judgement judge(Trace trace, Timing timing) {
        Arrivals arrivals = new Arrivals(trace);
        int rsts = 0;
        for (Arrivals.Arrival a : arrivals.all()) {
            if (!a.sent().segment().rst()) continue;
            rsts++;
            for (TraceEvent e : arrivals.reactionTo(a)) {
                if (e instanceof TraceEvent.SegmentSent s && s.from() == a.to() && s.segment().rst()) {
                    return Judgement.fails(a.to().label() + " answered the RST from " + a.sent().from().label() + " ("
                            + a.sent().segment() + ") that reached it at t=" + Trace.human(a.nanos())
                            + " with a RST: " + s.segment());
                }
            }
        }
        if (rsts == 0) return Judgement.notObserved("no RST arrived anywhere, so none could be answered");
        return Judgement.holds(rsts + " RST(s) arrived; none was answered with a RST");
    }
}
