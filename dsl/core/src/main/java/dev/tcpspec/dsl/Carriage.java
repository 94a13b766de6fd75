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
    private final Anchor anchor;

    Carriage(SegmentPattern pattern, int min, int max) {
        this(pattern, ProfileCount.fixed(min), max == Integer.MAX_VALUE ? null : ProfileCount.fixed(max), null, null,
                Anchor.stepsBegin());
    }

    private Carriage(SegmentPattern pattern, ProfileCount min, ProfileCount max, ProfileDuration firstNotBefore,
                     ProfileDuration firstWithin, Anchor anchor) {
        this.pattern = pattern;
        this.min = min;
        this.max = max;
        this.firstNotBefore = firstNotBefore;
        this.firstWithin = firstWithin;
        this.anchor = anchor;
    }

    /** And the first matching segment goes out no sooner than {@code d} after the steps began (or {@link #countedFrom}). */
    public Carriage firstNotBefore(ProfileDuration d) {
        return new Carriage(pattern, min, max, d, firstWithin, anchor);
    }

    /** And the first matching segment goes out no later than {@code d} after the steps began (or {@link #countedFrom}). */
    public Carriage firstWithin(ProfileDuration d) {
        return new Carriage(pattern, min, max, firstNotBefore, d, anchor);
    }

    /**
     * Count {@code firstNotBefore} and {@code firstWithin} from {@code from} instead of from when the steps began,
     * e.g. {@code countedFrom(step(3))}.
     */
    public Carriage countedFrom(Anchor from) {
        if (from == null) throw new IllegalArgumentException("countedFrom(null): name the moment to count from");
        return new Carriage(pattern, min, max, firstNotBefore, firstWithin, from);
    }

    /** Exactly {@code n} matching segments. */
    public Expectation times(int n) {
        return times(ProfileCount.fixed(n));
    }

    /** Exactly as many matching segments as the profile says, e.g. {@code times(keepAliveProbes())}. */
    public Expectation times(ProfileCount n) {
        return new Carriage(pattern, n, n, firstNotBefore, firstWithin, anchor);
    }

    /** At least {@code n} matching segments. */
    public Expectation atLeast(int n) {
        return new Carriage(pattern, ProfileCount.fixed(n), null, firstNotBefore, firstWithin, anchor);
    }

    /** At most {@code n} matching segments. */
    public Expectation atMost(int n) {
        return new Carriage(pattern, ProfileCount.fixed(0), ProfileCount.fixed(n), firstNotBefore, firstWithin, anchor);
    }

    private String since() {
        return anchor.isStepsBegin() ? "the steps began" : anchor.describe();
    }

    @Override
    public String describe() {
        return sentence(min.describe(), max == null ? null : max.describe())
                + (firstNotBefore == null ? "" : ", the first no sooner than " + firstNotBefore.describe()
                + " after " + since())
                + (firstWithin == null ? "" : ", the first within " + firstWithin.describe() + " after " + since());
    }

    @Override
    public String describe(Timing timing) {
        return sentence(min.describe(timing.profile()), max == null ? null : max.describe(timing.profile()))
                + (firstNotBefore == null ? "" : ", the first no sooner than " + firstNotBefore.describe(timing)
                + " after " + since())
                + (firstWithin == null ? "" : ", the first within " + firstWithin.describe(timing) + " after "
                + since());
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
            Long from = anchor.find(trace);
            if (from == null) return Judgement.notObserved(what + "; " + anchor.missing());
            long after = seen.get(0).nanos() - from;
            what += ", " + Trace.human(after) + " after " + since();
            if (firstNotBefore != null && after < firstNotBefore.resolve(timing).toNanos()) ok = false;
            if (firstWithin != null && after > firstWithin.resolve(timing).toNanos()) ok = false;
        }
        if (ok && seen.isEmpty()) {
            // "no such segment" holds only if the wire was observed where such a segment would have shown
            String missing = pattern.missingEvidence(trace);
            if (missing != null) {
                return Judgement.notObserved(missing + ": that no " + pattern.describe() + " was seen proves nothing");
            }
        }
        return ok ? Judgement.holds(what) : Judgement.fails(what);
    }
}
