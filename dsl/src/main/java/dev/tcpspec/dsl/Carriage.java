package dev.tcpspec.dsl;

import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent.SegmentSent;

import java.util.List;
import java.util.Set;

/**
 * "The wire carries segments matching a pattern": at least one as it stands; refine the count with
 * {@link #times(int)} or {@link #atLeast(int)}.
 *
 * <pre>{@code
 * wire().carries(rst().from(client()))
 * wire().carries(pureAck().from(client()).acking(fin().from(server()))).times(2)
 * }</pre>
 */
public final class Carriage implements Expectation {
    private final SegmentPattern pattern;
    private final int min;
    private final int max;

    Carriage(SegmentPattern pattern, int min, int max) {
        this.pattern = pattern;
        this.min = min;
        this.max = max;
    }

    /** Exactly {@code n} matching segments. */
    public Expectation times(int n) {
        return new Carriage(pattern, n, n);
    }

    /** At least {@code n} matching segments. */
    public Expectation atLeast(int n) {
        return new Carriage(pattern, n, Integer.MAX_VALUE);
    }

    @Override
    public String describe() {
        if (max == 0) return "the wire carries no " + pattern.describe();
        if (min == max) return "the wire carries " + pattern.describe() + " exactly " + count(min);
        if (min == 1) return "the wire carries " + pattern.describe();
        return "the wire carries " + pattern.describe() + " at least " + count(min);
    }

    private static String count(int n) {
        return n == 1 ? "once" : n + " times";
    }

    @Override
    public Set<Capability> requires() {
        return Set.of(Capability.SEGMENT_OBSERVATION);
    }

    @Override
    public Judgement judge(Trace trace, Timing timing) {
        List<SegmentSent> seen = pattern.select(trace);
        String what = seen.isEmpty() ? "no " + pattern.describe() + " was sent"
                : seen.size() + " " + pattern.describe() + " sent, the first " + Observed.at(seen.get(0).nanos())
                + ": " + seen.get(0).segment();
        boolean ok = seen.size() >= min && seen.size() <= max;
        return ok ? Judgement.holds(what) : Judgement.fails(what);
    }
}
