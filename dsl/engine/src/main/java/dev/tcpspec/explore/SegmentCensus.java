package dev.tcpspec.explore;

import dev.tcpspec.dsl.FaultSpace;
import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * How many segments of each kind each side sent, learned from traces: the segments a fault can aim at. It counts
 * as the wire's fault injector does (per sender and kind, over the whole run), so "the 2nd FIN from the server"
 * means the same thing here and on the wire. Learning from more runs keeps the largest count seen: a run in which a
 * FIN was dropped shows its retransmission, which later schedules can then aim at too.
 *
 * <pre>{@code
 * SegmentCensus census = SegmentCensus.of(faultFreeTrace);
 * int fins = census.count(Side.SERVER, SegmentKind.FIN);   // 1 in an orderly close
 * }</pre>
 */
public final class SegmentCensus {
    private static final int KINDS = SegmentKind.values().length;
    private final int[] counts = new int[Side.values().length * KINDS];
    private int[] first;
    private int version;

    /** An empty census. */
    public SegmentCensus() {
    }

    /** The census of one trace. */
    public static SegmentCensus of(Trace trace) {
        SegmentCensus c = new SegmentCensus();
        c.learn(trace);
        return c;
    }

    /** Takes in a trace; returns whether it showed a segment not seen before. */
    public boolean learn(Trace trace) {
        int[] here = new int[counts.length];
        for (TraceEvent e : trace.events()) {
            if (e instanceof TraceEvent.SegmentSent s) here[s.from().ordinal() * KINDS + s.kind().ordinal()]++;
        }
        if (first == null) first = here.clone();
        boolean grew = false;
        for (int i = 0; i < counts.length; i++) {
            if (here[i] > counts[i]) {
                counts[i] = here[i];
                grew = true;
            }
        }
        if (grew) version++;
        return grew;
    }

    /** A number that changes whenever the census learns a segment it had not seen. */
    int version() {
        return version;
    }

    /** How many segments of {@code kind} {@code from} sent in the largest run seen. */
    public int count(Side from, SegmentKind kind) {
        return counts[from.ordinal() * KINDS + kind.ordinal()];
    }

    /**
     * How many segments of {@code kind} {@code from} sent in the first run learnt (the fault-free one, for an
     * exploration): occurrences above this exist only when faults cause them (retransmissions, duplicate ACKs).
     */
    public int firstCount(Side from, SegmentKind kind) {
        return first == null ? 0 : first[from.ordinal() * KINDS + kind.ordinal()];
    }

    /** Every segment a fault in {@code space} may aim at, by sender, kind and occurrence. */
    public List<Target> targets(FaultSpace space) {
        List<Target> out = new ArrayList<>();
        for (Side side : Side.values()) {
            for (SegmentKind kind : SegmentKind.values()) {
                if (!space.targets(side, kind)) continue;
                for (int n = 1; n <= count(side, kind); n++) out.add(new Target(side, kind, n));
            }
        }
        return out;
    }

    /** The (sender, kind) pairs seen at least once that {@code space} may aim at. */
    List<Target> kinds(FaultSpace space) {
        List<Target> out = new ArrayList<>();
        for (Side side : Side.values()) {
            for (SegmentKind kind : SegmentKind.values()) {
                if (space.targets(side, kind) && count(side, kind) > 0) out.add(new Target(side, kind, count(side, kind)));
            }
        }
        return out;
    }

    /** Number of segments counted, over both sides and every kind. */
    public int size() {
        int n = 0;
        for (int c : counts) n += c;
        return n;
    }

    /** One segment a fault can aim at: the {@code occurrence}-th segment of {@code kind} sent by {@code from}. */
    public record Target(Side from, SegmentKind kind, int occurrence) {
        @Override
        public String toString() {
            return kind.label() + " #" + occurrence + " from " + from.label();
        }
    }
}
