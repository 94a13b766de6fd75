package dev.tcpspec.dsl;

import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The keepalive schedule of RFC 9293 §3.8.4 / RFC 1122 §4.2.3.6: the first probe goes out only after the connection
 * has been idle for the idle time (counted from the last segment received), unanswered probes follow every interval,
 * and an answered probe starts the idle time over.
 *
 * <pre>{@code
 * client().sendsKeepAliveProbes(keepAliveIdle(), keepAliveInterval())
 * }</pre>
 */
record KeepAliveTiming(Endpoint endpoint, ProfileDuration idle, ProfileDuration interval) implements Expectation {
    @Override
    public String describe() {
        return endpoint + " sends its first keepalive probe " + idle.describe() + " after the last segment it "
                + "received, and unanswered probes every " + interval.describe();
    }

    @Override
    public String describe(Timing timing) {
        return endpoint + " sends its first keepalive probe " + idle.describe(timing) + " after the last segment it "
                + "received, and unanswered probes every " + interval.describe(timing);
    }

    @Override
    public Set<Capability> requires() {
        return Set.of(Capability.SEGMENT_OBSERVATION);
    }

    @Override
    public Judgement judge(Trace trace, Timing timing) {
        Side side = endpoint.side();
        List<TraceEvent.SegmentSent> probes = Tcp.keepAliveProbe().from(endpoint).select(trace);
        if (probes.isEmpty()) return Judgement.fails(endpoint + " sent no keepalive probe");
        long idleNanos = idle.resolve(timing).toNanos();
        long intervalNanos = interval.resolve(timing).toNanos();
        long tol = timing.tolerance().toNanos();
        List<Long> arrivals = new ArrayList<>();
        for (TraceEvent e : trace.events()) {
            if (e instanceof TraceEvent.Delivery d && d.to() == side) arrivals.add(d.nanos());
        }
        long previousProbe = Long.MIN_VALUE;
        StringBuilder how = new StringBuilder();
        for (TraceEvent.SegmentSent p : probes) {
            long lastArrival = Long.MIN_VALUE;
            for (long a : arrivals) {
                if (a < p.nanos()) lastArrival = a;
            }
            boolean answered = previousProbe == Long.MIN_VALUE || lastArrival > previousProbe;
            long gap = answered ? p.nanos() - lastArrival : p.nanos() - previousProbe;
            long expected = answered ? idleNanos : intervalNanos;
            how.append(how.length() == 0 ? "" : "; ").append("probe ").append(Observed.at(p.nanos())).append(", ")
                    .append(Trace.human(gap)).append(answered ? " after the last segment received"
                            : " after the previous unanswered probe");
            if (Math.abs(gap - expected) > tol) {
                return Judgement.fails(how + ", expected " + Trace.human(expected));
            }
            previousProbe = p.nanos();
        }
        return Judgement.holds(how.toString());
    }
}
