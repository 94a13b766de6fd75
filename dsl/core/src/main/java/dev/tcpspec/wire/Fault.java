package dev.tcpspec.wire;

import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;

/**
 * One planned fault: the {@code occurrence}-th segment of {@code kind} sent by {@code from} suffers {@code action}.
 * Occurrences count from 1 over the whole run, handshake included. The sender is the direction: a fault
 * {@code from} the client strikes a segment on its way to the server.
 *
 * <pre>{@code
 * Fault lostFinalAck = new Fault(Side.CLIENT, SegmentKind.ACK_OF_FIN, 1, new FaultAction.Drop());
 * Fault lateData = Fault.parse("delay data #1 from client by 2 s");
 * }</pre>
 */
public record Fault(Side from, SegmentKind kind, int occurrence, FaultAction action) {
    public Fault {
        if (from == null || kind == null || action == null) {
            throw new IllegalArgumentException("a fault needs a sender, a segment kind and an action");
        }
        if (occurrence < 1) throw new IllegalArgumentException("occurrences count from 1, not " + occurrence);
    }

    /** The same segment, another action. */
    public Fault withAction(FaultAction other) {
        return new Fault(from, kind, occurrence, other);
    }

    /** The same action on another occurrence of the same kind of segment. */
    public Fault withOccurrence(int n) {
        return new Fault(from, kind, n, action);
    }

    /** Whether both faults aim at the same segment (sender, kind and occurrence), whatever they do to it. */
    public boolean sameTarget(Fault other) {
        return from == other.from && kind == other.kind && occurrence == other.occurrence;
    }

    /** The segment aimed at, e.g. {@code ack-of-fin #1 from client}. */
    public String target() {
        return kind.label() + " #" + occurrence + " from " + from.label();
    }

    /**
     * E.g. {@code drop ack-of-fin #1 from client}, {@code delay data #1 from client by 2 s},
     * {@code hold back fin #1 from server behind 2}; {@link #parse} reads this form back.
     */
    public String describe() {
        if (action instanceof FaultAction.Delay d) {
            return "delay " + target() + " by " + dev.tcpspec.trace.Trace.human(d.by().toNanos());
        }
        if (action instanceof FaultAction.HoldBack h) return "hold back " + target() + " behind " + h.behind();
        return action.describe() + ' ' + target();
    }

    /** Reads a fault written as {@link #describe()} writes it; the error names what was wrong. */
    public static Fault parse(String text) {
        return FaultSchedule.parseFault(text);
    }

    @Override
    public String toString() {
        return describe();
    }
}
