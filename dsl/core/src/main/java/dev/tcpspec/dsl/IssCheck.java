package dev.tcpspec.dsl;

import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Seq;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent.SegmentSent;

import java.util.Set;

/**
 * Expectations on initial sequence numbers (RULES.md IS-1, TW-8): an ISS above the sequence space a 4-tuple's previous
 * incarnation used, or ISNs driven by a clock ticking at the profile's rate plus a keyed function of the 4-tuple.
 */
record IssCheck(Endpoint later, Endpoint earlier, Kind kind) implements Expectation {
    enum Kind {
        /** later's ISS lies above the last sequence number earlier used. */
        ABOVE_OLD_SPACE,
        /** Same 4-tuple: later's ISS - earlier's ISS = elapsed time / tick. */
        CLOCK_DRIVEN,
        /** Another 4-tuple: the difference is not the clock's, i.e. a keyed function of the 4-tuple is added. */
        INDEPENDENT
    }

    /** How far apart two SYNs' observed times may lie from when their ISNs were chosen, at most. */
    private static final long SYN_TIME_PRECISION_NANOS = 5_000_000;

    @Override
    public String describe() {
        return switch (kind) {
            case ABOVE_OLD_SPACE -> later + " chooses an ISS above every sequence number " + earlier + " used";
            case CLOCK_DRIVEN -> later + "'s ISS exceeds " + earlier + "'s by the time between their SYNs divided "
                    + "by the profile's ISN clock tick";
            case INDEPENDENT -> later + "'s ISS differs from " + earlier + "'s by more than the ISN clock explains "
                    + "(a keyed function of the 4-tuple is added)";
        };
    }

    @Override
    public String describe(Timing timing) {
        String tick = Trace.human(timing.profile().isnTickNanos());
        return switch (kind) {
            case CLOCK_DRIVEN -> describe().replace("the profile's ISN clock tick", "the ISN clock tick (" + tick + ")");
            case INDEPENDENT -> describe().replace("the ISN clock", "the ISN clock (" + tick + " tick)");
            default -> describe();
        };
    }

    @Override
    public Set<Capability> requires() {
        return Set.of(Capability.SEGMENT_OBSERVATION);
    }

    @Override
    public Judgement judge(Trace trace, Timing timing) {
        SegmentSent newSyn = firstSyn(trace, later);
        if (newSyn == null) return Judgement.fails(later + " sent no SYN");
        int iss = newSyn.segment().seq();
        if (kind == Kind.ABOVE_OLD_SPACE) {
            Integer end = null;
            for (SegmentSent s : trace.segments()) {
                if (s.from() != earlier.side() || s.conn() != earlier.connection()) continue;
                int e = s.segment().seq() + s.segment().seqLength();
                if (end == null || Seq.gt(e, end)) end = e;
            }
            if (end == null) return Judgement.fails(earlier + " sent nothing");
            String how = later + " chose ISS " + Seq.str(iss) + "; " + earlier + "'s sequence space ended at "
                    + Seq.str(end) + " (" + (Seq.gt(iss, end) ? "+" : "") + Seq.diff(iss, end) + ")";
            return Seq.gt(iss, end) ? Judgement.holds(how) : Judgement.fails(how);
        }
        SegmentSent oldSyn = firstSyn(trace, earlier);
        if (oldSyn == null) return Judgement.fails(earlier + " sent no SYN");
        long elapsed = newSyn.nanos() - oldSyn.nanos();
        long tick = timing.profile().isnTickNanos();
        int clock = (int) ((newSyn.nanos() / tick) - (oldSyn.nanos() / tick));
        int delta = Seq.diff(iss, oldSyn.segment().seq());
        // both times are of segments seen on the wire, which a capture dates to the microsecond, and the ISN is
        // chosen shortly before its SYN leaves (on a loaded machine the reference stack, on real time, sends its SYN
        // a millisecond or two after its clock chose the ISS): the adapter's tolerance (made for timers read from
        // outside) is capped at 5 ms, so a keyed hash is still never mistaken for the clock (a chance of about
        // 2^-15 per check at Linux's 64 ns tick, 2^-21 at 4 µs)
        long slack = Math.min(timing.tolerance().toNanos(), SYN_TIME_PRECISION_NANOS) / tick + 1;
        boolean byClock = Math.abs((long) (delta - clock)) <= slack;
        String how = later + "'s ISS exceeds " + earlier + "'s by " + Integer.toUnsignedString(delta) + "; "
                + Trace.human(elapsed) + " passed between their SYNs, " + Integer.toUnsignedString(clock)
                + " ticks of " + Trace.human(tick);
        return (kind == Kind.CLOCK_DRIVEN) == byClock ? Judgement.holds(how) : Judgement.fails(how);
    }

    private static SegmentSent firstSyn(Trace trace, Endpoint e) {
        for (SegmentSent s : trace.segments()) {
            Segment g = s.segment();
            if (s.from() == e.side() && s.conn() == e.connection() && g.syn()) return s;
        }
        return null;
    }
}
