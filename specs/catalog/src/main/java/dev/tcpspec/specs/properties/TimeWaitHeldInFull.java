package dev.tcpspec.specs.properties;

import dev.tcpspec.dsl.Capability;
import dev.tcpspec.dsl.Endpoint;
import dev.tcpspec.dsl.Expectation;
import dev.tcpspec.dsl.Judgement;
import dev.tcpspec.dsl.ProfileDuration;
import dev.tcpspec.dsl.Tcp;
import dev.tcpspec.dsl.Timing;
import dev.tcpspec.trace.StateInterval;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.Trace;

import java.util.Set;

/**
 * The active closer holds TIME_WAIT for the profile's TIME_WAIT length counted from the last FIN that reached it
 * there (each retransmitted FIN restarts the timer, RFC 9293 §3.10.7.4), unless a RST ends it early: that is TIME_WAIT
 * assassination (RFC 1337), which RFC 9293 allows and which a duplicated final ACK brings about on the reference
 * stack as on Linux, so it is reported, not failed.
 */
record TimeWaitHeldInFull(Endpoint closer) implements Expectation {
    private static final ProfileDuration LENGTH = Tcp.timeWait();

    @Override
    public String describe() {
        return closer + " holds TIME_WAIT for " + LENGTH.describe() + " after the last FIN it receives there, unless a"
                + " RST ends it";
    }

    @Override
    public String describe(Timing timing) {
        return closer + " holds TIME_WAIT for " + LENGTH.describe(timing) + " after the last FIN it receives there,"
                + " unless a RST ends it";
    }

    @Override
    public Set<Capability> requires() {
        return Set.of(Capability.STATE_OBSERVATION, Capability.SEGMENT_OBSERVATION);
    }

    @Override
    public Judgement judge(Trace trace, Timing timing) {
        long length = LENGTH.resolve(timing).toNanos();
        Arrivals arrivals = new Arrivals(trace);
        StringBuilder seen = new StringBuilder();
        boolean entered = false;
        for (StateInterval tw : trace.intervals(closer.side(), closer.connection())) {
            if (tw.state() != TcpState.TIME_WAIT) continue;
            entered = true;
            long lastFin = tw.startNanos();
            Long assassinated = arrivals.timeWaitAssassinatedAt(closer.side(), closer.connection());
            boolean endedByRst = assassinated != null && assassinated == tw.endNanos();
            for (Arrivals.Arrival a : arrivals.all()) {
                if (a.to() != closer.side() || a.sent().conn() != closer.connection()) continue;
                boolean inside = a.nanos() >= tw.startNanos() && a.nanos() <= tw.endNanos();
                if (inside && a.stateBefore() == TcpState.TIME_WAIT && a.sent().segment().fin()) {
                    lastFin = Math.max(lastFin, a.nanos());
                }
            }
            long held = tw.endNanos() - lastFin;
            String from = lastFin == tw.startNanos() ? "entering it at t=" + Trace.human(lastFin)
                    : "the last FIN it received there, at t=" + Trace.human(lastFin);
            if (tw.open()) {
                seen.append(closer).append(" was still in TIME_WAIT when observation ended, ")
                        .append(Trace.human(held)).append(" after ").append(from);
            } else if (endedByRst) {
                seen.append(closer).append(" held TIME_WAIT ").append(Trace.human(held)).append(" after ").append(from)
                        .append(", until a RST ended it (TIME_WAIT assassination, RFC 1337)");
            } else if (held < length) {
                return Judgement.fails(closer + " left TIME_WAIT for " + tw.leftFor() + " (" + tw.leftBecause() + ") "
                        + Trace.human(held) + " after " + from + ", " + Trace.human(length - held) + " too soon");
            } else {
                seen.append(closer).append(" held TIME_WAIT ").append(Trace.human(held)).append(" after ").append(from);
            }
        }
        if (!entered) return Judgement.fails(closer + " never entered TIME_WAIT");
        return Judgement.holds(seen.toString());
    }
}
