package dev.tcpspec.os.place;

import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;
import dev.tcpspec.wire.Fault;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The planned drops of a session, replayed over the captured segments to mark which ones the kernel dropped: the
 * {@code n}-th segment of a kind from a side, counted as {@link dev.tcpspec.wire.FaultInjector} counts them. The
 * iptables rules drop the same segments in the kernel (at INPUT, after the capture on {@code lo} has seen them).
 */
public final class DropRules {
    private final List<Fault> faults;
    private final Map<String, Integer> seen = new HashMap<>();

    DropRules(List<Fault> faults) {
        this.faults = List.copyOf(faults);
    }

    List<Fault> faults() {
        return faults;
    }

    /** Counts a captured segment and says whether a planned drop hit it. */
    public boolean dropped(Side from, SegmentKind kind) {
        int n = seen.merge(from + "/" + kind, 1, Integer::sum);
        for (Fault f : faults) {
            if (f.from() == from && f.kind() == kind && f.occurrence() == n) return true;
        }
        return false;
    }
}
