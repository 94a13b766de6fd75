package dev.tcpspec.wire;

import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;

import java.util.List;

/**
 * Decides, segment by segment, which planned fault applies: it counts segments per sender and kind and returns the
 * first fault whose occurrence matches. One injector per run; not thread-safe.
 *
 * <pre>{@code
 * FaultInjector injector = new FaultInjector(schedule);
 * FaultAction a = injector.actionFor(Side.CLIENT, SegmentKind.ACK_OF_FIN);   // null: deliver normally
 * }</pre>
 */
public final class FaultInjector {
    private final List<Fault> faults;
    private final int[][] seen = new int[Side.values().length][SegmentKind.values().length];

    public FaultInjector(FaultSchedule schedule) {
        this.faults = schedule.faults();
    }

    /** Counts this segment and returns the fault action that applies to it, or null if none does. */
    public FaultAction actionFor(Side from, SegmentKind kind) {
        int n = ++seen[from.ordinal()][kind.ordinal()];
        for (Fault f : faults) {
            if (f.from() == from && f.kind() == kind && f.occurrence() == n) return f.action();
        }
        return null;
    }

    /** How many segments of a kind a side has sent so far. */
    public int count(Side from, SegmentKind kind) {
        return seen[from.ordinal()][kind.ordinal()];
    }
}
