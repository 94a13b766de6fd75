package dev.tcpspec.dsl;

import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent.SegmentSent;

import java.util.HashSet;
import java.util.Set;

/**
 * Every connection an endpoint opens from an ephemeral port takes a port of the profile's range (Linux
 * ip_local_port_range 32768-60999; the seed's 61000 is an older default), and, where an order is checked, even ports
 * come before odd ones, as Linux's connect() picks them (so one destination sees at most half the range in TIME_WAIT
 * when tcp_tw_reuse recycles them). The order is a Linux trait, not an RFC requirement: RFC 6056 recommends random
 * selection, so {@link Order#AS_PROFILE} checks it only under a profile that claims it
 * ({@link Profile.PortSelection#EVEN_FIRST}).
 */
record EphemeralPortUse(Side side, Order order) implements Expectation {
    /** Which order of ports is checked. */
    enum Order {
        /** Even ports first, whatever the profile says. */
        EVEN_FIRST,
        /** The order the profile claims: even ports first under EVEN_FIRST, any order under RANDOM (RFC 6056). */
        AS_PROFILE
    }

    EphemeralPortUse(Side side) {
        this(side, Order.EVEN_FIRST);
    }

    private boolean evenFirst(Profile p) {
        return order == Order.EVEN_FIRST || p.portSelection() == Profile.PortSelection.EVEN_FIRST;
    }

    @Override
    public String describe() {
        return "the " + side.label() + "'s connections use ports of the profile's ephemeral range"
                + (order == Order.EVEN_FIRST ? ", even ports first" : ", in the order the profile claims");
    }

    @Override
    public String describe(Timing timing) {
        Profile p = timing.profile();
        return "the " + side.label() + "'s connections use ports " + p.ephemeralLow() + "-" + p.ephemeralHigh()
                + " (the profile's ephemeral range)" + (evenFirst(p) ? ", even ports first"
                : ", in any order (RFC 6056 selection)");
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
                if (evensBeforeFirstOdd < evensInRange && evenFirst(p)) {
                    return Judgement.fails("connection " + s.conn() + " took the odd port " + port + " after only "
                            + evensBeforeFirstOdd + " of the range's " + evensInRange + " even ports");
                }
            }
        }
        if (seen.isEmpty()) return Judgement.fails("the " + side.label() + " opened no connection");
        if (!evenFirst(p)) {
            return Judgement.holds(String.format(java.util.Locale.ROOT, "%,d distinct ports, all in range (the profile "
                    + "claims no order)", seen.size()));
        }
        return Judgement.holds(String.format(java.util.Locale.ROOT, "%,d distinct ports, all in range; %,d even "
                + "ports came first%s", seen.size(), evensBeforeFirstOdd, oddSeen ? ", then odd ones" : ""));
    }
}
