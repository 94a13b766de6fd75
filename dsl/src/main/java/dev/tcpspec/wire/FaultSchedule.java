package dev.tcpspec.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * The faults planned for one run. At most one fault applies to a segment: the first in the list that matches it.
 *
 * <pre>{@code
 * FaultSchedule s = FaultSchedule.NONE.plus(new Fault(Side.SERVER, SegmentKind.FIN, 1, new FaultAction.Drop()));
 * }</pre>
 */
public record FaultSchedule(List<Fault> faults) {
    /** No faults: every segment arrives once, in order. */
    public static final FaultSchedule NONE = new FaultSchedule(List.of());

    public FaultSchedule {
        faults = List.copyOf(faults);
    }

    public static FaultSchedule of(Fault... faults) {
        return new FaultSchedule(List.of(faults));
    }

    public FaultSchedule plus(Fault fault) {
        List<Fault> all = new ArrayList<>(faults);
        all.add(fault);
        return new FaultSchedule(all);
    }

    public FaultSchedule plus(FaultSchedule other) {
        List<Fault> all = new ArrayList<>(faults);
        all.addAll(other.faults);
        return new FaultSchedule(all);
    }

    public boolean isEmpty() {
        return faults.isEmpty();
    }

    public int size() {
        return faults.size();
    }

    /** E.g. {@code [drop fin #1 from server, duplicate data #2 from client]}, or {@code [no faults]}. */
    public String describe() {
        if (faults.isEmpty()) return "[no faults]";
        StringBuilder sb = new StringBuilder("[");
        for (Fault f : faults) sb.append(sb.length() > 1 ? ", " : "").append(f.describe());
        return sb.append(']').toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
