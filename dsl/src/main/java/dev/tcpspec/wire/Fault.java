package dev.tcpspec.wire;

import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;

/**
 * One planned fault: the {@code occurrence}-th segment of {@code kind} sent by {@code from} suffers {@code action}.
 * Occurrences count from 1 over the whole run, handshake included.
 *
 * <pre>{@code
 * Fault lostFinalAck = new Fault(Side.CLIENT, SegmentKind.ACK_OF_FIN, 1, new FaultAction.Drop());
 * }</pre>
 */
public record Fault(Side from, SegmentKind kind, int occurrence, FaultAction action) {
    public Fault {
        if (occurrence < 1) throw new IllegalArgumentException("occurrences count from 1, not " + occurrence);
    }

    /** E.g. {@code drop ack-of-fin #1 from client}. */
    public String describe() {
        return action.describe() + ' ' + kind.label() + " #" + occurrence + " from " + from.label();
    }

    @Override
    public String toString() {
        return describe();
    }
}
