package dev.tcpspec.dsl;

import dev.tcpspec.wire.Fault;
import dev.tcpspec.wire.FaultAction;

import java.time.Duration;

/**
 * The network between the two hosts: what it carries (expectations) and what it does wrong (planned faults).
 *
 * <pre>{@code
 * .given(established().with(wire().drops(first(ACK_OF_FIN).from(client()))))
 * ...
 * .then(wire().carries(rst().from(client())))
 * .and(wire().carriesNo(fin().from(client())))
 * }</pre>
 */
public final class Wire {
    static final Wire INSTANCE = new Wire();

    private Wire() {
    }

    /** At least one segment matching {@code pattern} is sent (refine with {@code times}, {@code atLeast}). */
    public Carriage carries(SegmentPattern pattern) {
        return new Carriage(pattern, 1, Integer.MAX_VALUE);
    }

    /** No segment matching {@code pattern} is sent. */
    public Expectation carriesNo(SegmentPattern pattern) {
        return new Carriage(pattern, 0, 0);
    }

    /** Copies of a segment matching {@code pattern} are sent again (refine with {@code times}, {@code withExponentialBackoff}). */
    public Retransmissions retransmits(SegmentPattern pattern) {
        return new Retransmissions(pattern, null, false);
    }

    /** The selected segment is lost. */
    public SetupStep drops(SegmentSelector which) {
        return planned(which, new FaultAction.Drop());
    }

    /** The selected segment arrives twice. */
    public SetupStep duplicates(SegmentSelector which) {
        return planned(which, new FaultAction.Duplicate());
    }

    /** The selected segment arrives {@code by} late. */
    public SetupStep delays(SegmentSelector which, Duration by) {
        return planned(which, new FaultAction.Delay(by));
    }

    /** The selected segment is overtaken by the next {@code behind} segments in its direction. */
    public SetupStep holdsBack(SegmentSelector which, int behind) {
        return planned(which, new FaultAction.HoldBack(behind));
    }

    private static SetupStep planned(SegmentSelector which, FaultAction action) {
        return new SetupStep.PlannedFault(new Fault(which.side(), which.kind(), which.occurrence(), action));
    }
}
