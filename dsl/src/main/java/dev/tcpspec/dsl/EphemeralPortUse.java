package dev.tcpspec.dsl;

import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent.SegmentSent;

import java.util.HashSet;
import java.util.Set;

/**
 * Every connection an endpoint opens from an ephemeral port takes a port of the profile's range (Linux
 * ip_local_port_range 32768-60999; the seed's 61000 is an older default), and even ports come before odd ones, as
 * Linux's connect() picks them (so one destination sees at most half the range in TIME_WAIT when tcp_tw_reuse
 * recycles them).
 */
record EphemeralPortUse(Side side) implements Expectation {
    @Override
    public String describe() {
        return "the " + side.label() + "'s connections use ports of the profile's ephemeral range, even ports first";
    }

    @Override
    public String describe(Timing timing) {
        return "the " + side.label() + "'s connections use ports " + timing.profile().ephemeralLow() + "-"
                + timing.profile().ephemeralHigh() + " (the profile's ephemeral range), even ports first";
    }

    @Override
    public Set<Capability> requires() {
        return Set.of(Capability.SEGMENT_OBSERVATION);
    }

    @Override
    public Judgement judge(Trace trace, Timing timing) {
        Profile p = timing.profile();
        Set<Integer> seen = new HashSet<>();
        int evensInRange = (p.ephemeralHigh() - p.ephemeralLow()) / 2 + (p.ephemeralLow() % 2 == 0 ? 1 : 0);
        int evensBeforeFirstOdd = 0;
        boolean oddSeen = false;
        for (SegmentSent s : trace.segments()) {
            Segment g = s.segment();
            if (s.from() != side || !g.syn() || g.hasAck() || !seen.add(g.srcPort())) continue;
            int port = g.srcPort();
            if (port < p.ephemeralLow() || port > p.ephemeralHigh()) {
                return Judgement.fails("connection " + s.conn() + " used port " + port + ", outside "
                        + p.ephemeralLow() + "-" + p.ephemeralHigh());
            }
            if (port % 2 == 0 && !oddSeen) evensBeforeFirstOdd++;
            if (port % 2 != 0 && !oddSeen) {
                oddSeen = true;
                if (evensBeforeFirstOdd < evensInRange) {
                    return Judgement.fails("connection " + s.conn() + " took the odd port " + port + " after only "
                            + evensBeforeFirstOdd + " of the range's " + evensInRange + " even ports");
                }
            }
        }
        if (seen.isEmpty()) return Judgement.fails("the " + side.label() + " opened no connection");
        return Judgement.holds(String.format(java.util.Locale.ROOT, "%,d distinct ports, all in range; %,d even "
                + "ports came first%s", seen.size(), evensBeforeFirstOdd, oddSeen ? ", then odd ones" : ""));
    }
}
