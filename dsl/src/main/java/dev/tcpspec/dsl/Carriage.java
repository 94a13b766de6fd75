package dev.tcpspec.dsl;

import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent.SegmentSent;

import java.util.List;
import java.util.Set;

/**
 * "The wire carries segments matching a pattern": at least one as it stands; refine the count with
 * {@link #times(int)}, {@link #times(ProfileCount)} or {@link #atLeast(int)}.
 *
 * <pre>{@code
 * wire().carries(rst().from(client()))
 * wire().carries(pureAck().from(client()).acking(fin().from(server()))).times(2)
 * wire().carries(keepAliveProbe().from(client())).times(keepAliveProbes())
 * }</pre>
 */
public final class Carriage implements Expectation {
    private final SegmentPattern pattern;
    private final ProfileCount min;
    private final ProfileCount max;
    private final ProfileDuration firstNotBefore;
    private final ProfileDuration firstWithin;

    Carriage(SegmentPattern pattern, int min, int max) {
        this(pattern, ProfileCount.fixed(min), max == Integer.MAX_VALUE ? null : ProfileCount.fixed(max), null, null);
    }

    private Carriage(SegmentPattern pattern, ProfileCount min, ProfileCount max, ProfileDuration firstNotBefore,
                     ProfileDuration firstWithin) {
        this.pattern = pattern;
        this.min = min;
        this.max = max;
        this.firstNotBefore = firstNotBefore;
        this.firstWithin = firstWithin;
    }

    /** And the first matching segment goes out no sooner than {@code d} after the steps began. */
    public Carriage firstNotBefore(ProfileDuration d) {
        return new Carriage(pattern, min, max, d, firstWithin);
    }

    /** And the first matching segment goes out no later than {@code d} after the steps began. */
    public Carriage firstWithin(ProfileDuration d) {
        return new Carriage(pattern, min, max, firstNotBefore, d);
    }

    /** Exactly {@code n} matching segments. */
    public Expectation times(int n) {
        return times(ProfileCount.fixed(n));
    }

    /** Exactly as many matching segments as the profile says, e.g. {@code times(keepAliveProbes())}. */
    public Expectation times(ProfileCount n) {
        return new Carriage(pattern, n, n, firstNotBefore, firstWithin);
    }

    /** At least {@code n} matching segments. */
    public Expectation atLeast(int n) {
        return new Carriage(pattern, ProfileCount.fixed(n), null, firstNotBefore, firstWithin);
    }

    /** At most {@code n} matching segments. */
    public Expectation atMost(int n) {
        return new Carriage(pattern, ProfileCount.fixed(0), ProfileCount.fixed(n), firstNotBefore, firstWithin);
    }

    @Override
    public String describe() {
        return sentence(min.describe(), max == null ? null : max.describe())
                + (firstNotBefore == null ? "" : ", the first no sooner than " + firstNotBefore.describe()
                + " after the steps began")
                + (firstWithin == null ? "" : ", the first within " + firstWithin.describe()
                + " of the steps beginning");
    }

    @Override
    public String describe(Timing timing) {
        return sentence(min.describe(timing.profile()), max == null ? null : max.describe(timing.profile()))
                + (firstNotBefore == null ? "" : ", the first no sooner than " + firstNotBefore.describe(timing)
                + " after the steps began")
                + (firstWithin == null ? "" : ", the first within " + firstWithin.describe(timing)
                + " of the steps beginning");
    }

    private String sentence(String lo, String hi) {
        if ("0".equals(hi)) return "the wire carries no " + pattern.describe();
        if (lo.equals(hi)) return "the wire carries " + pattern.describe() + " exactly " + count(lo);
        if (hi != null && "0".equals(lo)) return "the wire carries " + pattern.describe() + " at most " + count(hi);
        if ("1".equals(lo)) return "the wire carries " + pattern.describe();
        return "the wire carries " + pattern.describe() + " at least " + count(lo);
    }

    private static String count(String n) {
        return "1".equals(n) ? "once" : n + " times";
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
        int lo = min.resolve(timing.profile());
        int hi = max == null ? Integer.MAX_VALUE : max.resolve(timing.profile());
        boolean ok = seen.size() >= lo && seen.size() <= hi;
        if (ok && !seen.isEmpty() && (firstNotBefore != null || firstWithin != null)) {
            long after = seen.get(0).nanos() - Observed.stepsStart(trace);
            what += ", " + Trace.human(after) + " after the steps began";
            if (firstNotBefore != null && after < firstNotBefore.resolve(timing).toNanos()) ok = false;
            if (firstWithin != null && after > firstWithin.resolve(timing).toNanos()) ok = false;
        }
        return ok ? Judgement.holds(what) : Judgement.fails(what);
    }
}
