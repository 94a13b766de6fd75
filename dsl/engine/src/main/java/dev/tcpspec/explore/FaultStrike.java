package dev.tcpspec.explore;

import dev.tcpspec.trace.Fate;
import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;
import dev.tcpspec.wire.Fault;

import java.util.ArrayList;
import java.util.List;

/**
 * A fault that struck, read from a trace: which segment (sender, kind, occurrence, counted as the wire counts), what
 * the wire did to it, when, and the states both ends of its connection were in at that moment.
 *
 * <pre>{@code
 * for (FaultStrike s : FaultStrike.in(trace)) System.out.println(s);   // drop ack-of-fin #1 from client at 5 ms (client TIME_WAIT, server LAST_ACK)
 * }</pre>
 *
 * @param senderState   the sender's state on that connection, or null if it had none
 * @param receiverState the receiver's state on that connection, or null if it had none (a segment for no connection)
 */
public record FaultStrike(long nanos, Side from, SegmentKind kind, int occurrence, Fate fate, TcpState senderState,
                          TcpState receiverState) {

    /** Every segment a fault struck, in the order they were sent. */
    public static List<FaultStrike> in(Trace trace) {
        List<FaultStrike> out = new ArrayList<>();
        int kinds = SegmentKind.values().length;
        int[] seen = new int[Side.values().length * kinds];
        TcpState[] states = new TcpState[8]; // by connection and side: 2 * conn + side
        for (TraceEvent e : trace.events()) {
            if (e instanceof TraceEvent.StateChange sc) {
                int i = 2 * sc.conn() + sc.side().ordinal();
                if (i < 0) continue;
                if (i >= states.length) states = java.util.Arrays.copyOf(states, Math.max(i + 1, 2 * states.length));
                states[i] = sc.to();
            } else if (e instanceof TraceEvent.SegmentSent s) {
                int n = ++seen[s.from().ordinal() * kinds + s.kind().ordinal()];
                if (s.fate() == Fate.DELIVERED) continue;
                out.add(new FaultStrike(s.nanos(), s.from(), s.kind(), n, s.fate(),
                        state(states, s.conn(), s.from()), state(states, s.conn(), s.from().peer())));
            }
        }
        return out;
    }

    /** Whether this strike is the one {@code fault} planned. */
    public boolean isOf(Fault fault) {
        return fault.from() == from && fault.kind() == kind && fault.occurrence() == occurrence;
    }

    /** E.g. {@code client FIN_WAIT_2 -> server LAST_ACK}: where the segment left from and where it was headed. */
    public String states() {
        return from.label() + ' ' + name(senderState) + " -> " + from.peer().label() + ' ' + name(receiverState);
    }

    private static String name(TcpState s) {
        return s == null ? "(no connection)" : s.name();
    }

    private static TcpState state(TcpState[] states, int conn, Side side) {
        int i = 2 * conn + side.ordinal();
        return conn < 0 || i >= states.length ? null : states[i];
    }

    @Override
    public String toString() {
        return fate.name().toLowerCase(java.util.Locale.ROOT) + ' ' + kind.label() + " #" + occurrence + " from "
                + from.label() + " at " + Trace.human(nanos) + " (" + states() + ")";
    }
}
