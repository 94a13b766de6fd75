package dev.tcpspec.specs.properties;

import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The segments that arrived during a run, each with the segment that was sent, where in the trace it arrived and the
 * state the receiving end was in just before: what the property expectations need to talk about "a FIN that reached
 * the client in TIME_WAIT" or "a RST that reached the server". Built in one pass over the trace.
 */
final class Arrivals {
    /**
     * One arrival.
     *
     * @param index       the position of the {@link TraceEvent.Delivery} event in the trace
     * @param sent        the segment as it was sent (sender, connection, kind)
     * @param stateBefore the receiver's state on that connection just before, or null if it had none
     */
    record Arrival(int index, long nanos, TraceEvent.SegmentSent sent, TcpState stateBefore) {
        Side to() {
            return sent.from().peer();
        }
    }

    private final Trace trace;
    private final List<Arrival> all = new ArrayList<>();

    Arrivals(Trace trace) {
        this.trace = trace;
        Map<Integer, TraceEvent.SegmentSent> byId = new HashMap<>();
        Map<Long, TcpState> states = new HashMap<>();
        List<TraceEvent> events = trace.events();
        for (int i = 0; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            if (e instanceof TraceEvent.SegmentSent s) {
                byId.put(s.id(), s);
            } else if (e instanceof TraceEvent.StateChange c) {
                states.put(key(c.side(), c.conn()), c.to());
            } else if (e instanceof TraceEvent.Delivery d) {
                TraceEvent.SegmentSent s = byId.get(d.id());
                if (s == null) continue;
                all.add(new Arrival(i, d.nanos(), s, s.conn() < 0 ? null : states.get(key(d.to(), s.conn()))));
            }
        }
    }

    List<Arrival> all() {
        return all;
    }

    /** The events that follow arrival {@code a} at the same instant, before the next arrival or scenario step. */
    List<TraceEvent> reactionTo(Arrival a) {
        List<TraceEvent> out = new ArrayList<>();
        List<TraceEvent> events = trace.events();
        for (int i = a.index() + 1; i < events.size(); i++) {
            TraceEvent e = events.get(i);
            if (e.nanos() != a.nanos() || e instanceof TraceEvent.Delivery || e instanceof TraceEvent.Action) break;
            out.add(e);
        }
        return out;
    }

    /**
     * When a RST that arrived at {@code side} on {@code conn} ended its TIME_WAIT (TIME_WAIT assassination,
     * RFC 1337), or null if TIME_WAIT was never cut short that way.
     */
    Long timeWaitAssassinatedAt(Side side, int conn) {
        for (dev.tcpspec.trace.StateInterval tw : trace.intervals(side, conn)) {
            if (tw.state() != TcpState.TIME_WAIT || tw.open()) continue;
            for (Arrival a : all) {
                if (a.to() == side && a.sent().conn() == conn && a.nanos() == tw.endNanos()
                        && a.sent().segment().rst()) {
                    return tw.endNanos();
                }
            }
        }
        return null;
    }

    private static long key(Side side, int conn) {
        return ((long) conn << 1) | side.ordinal();
    }
}
