package dev.tcpspec.dsl;

import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent.SegmentSent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * "The wire carries retransmissions of segments matching a pattern": copies of one segment (same sender, connection,
 * sequence number, control bits and length) sent again. As it stands, at least one retransmission; refine with
 * {@link #times(ProfileCount)} (of the most retransmitted segment) and {@link #withExponentialBackoff()}.
 *
 * <pre>{@code
 * wire().retransmits(fin().from(client())).withExponentialBackoff()
 * wire().retransmits(data().from(client())).times(maxRetransmissions())
 * }</pre>
 */
public final class Retransmissions implements Expectation {
    private final SegmentPattern pattern;
    private final ProfileCount count;
    private final boolean backoff;
    private final ProfileDuration firstAfter;

    Retransmissions(SegmentPattern pattern, ProfileCount count, boolean backoff) {
        this(pattern, count, backoff, null);
    }

    private Retransmissions(SegmentPattern pattern, ProfileCount count, boolean backoff, ProfileDuration firstAfter) {
        this.pattern = pattern;
        this.count = count;
        this.backoff = backoff;
        this.firstAfter = firstAfter;
    }

    /** The most retransmitted matching segment is sent again exactly {@code n} times. */
    public Retransmissions times(ProfileCount n) {
        return new Retransmissions(pattern, n, backoff, firstAfter);
    }

    /**
     * The first retransmission comes {@code d} after the original (within the stack's tolerance): the RTO in force
     * when the segment was first sent, e.g. {@code initialRto().times(2)} after an earlier backoff that Karn's rule
     * keeps (RFC 6298 §5.7).
     */
    public Retransmissions firstAfter(ProfileDuration d) {
        if (d == null) throw new IllegalArgumentException("firstAfter(null): say after how long");
        return new Retransmissions(pattern, count, backoff, d);
    }

    /**
     * Each interval between copies is twice the one before (RFC 6298 §5.5), until the profile's maximum RTO; the
     * first is at least the profile's minimum RTO. Needs at least two retransmissions.
     */
    public Retransmissions withExponentialBackoff() {
        return new Retransmissions(pattern, count, true, firstAfter);
    }

    @Override
    public String describe() {
        return sentence(count == null ? null : count.describe(), firstAfter == null ? null : firstAfter.describe());
    }

    @Override
    public String describe(Timing timing) {
        return sentence(count == null ? null : count.describe(timing.profile()),
                firstAfter == null ? null : firstAfter.describe(timing));
    }

    private String sentence(String n, String first) {
        return "the wire carries retransmissions of " + pattern.describe()
                + (n == null ? "" : ", the most retransmitted one sent again exactly " + n + " times")
                + (first == null ? "" : ", the first " + first + " after the original")
                + (backoff ? ", each interval twice the one before (up to the maximum RTO)" : "");
    }

    @Override
    public Set<Capability> requires() {
        return Set.of(Capability.SEGMENT_OBSERVATION);
    }

    @Override
    public Judgement judge(Trace trace, Timing timing) {
        Map<String, List<SegmentSent>> copies = new LinkedHashMap<>();
        for (SegmentSent s : pattern.select(trace)) {
            Segment g = s.segment();
            String key = s.from() + "#" + s.conn() + ":" + g.seq() + ":" + (g.flags() & (Segment.SYN | Segment.FIN))
                    + ":" + g.len();
            copies.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
        }
        List<SegmentSent> most = List.of();
        for (List<SegmentSent> c : copies.values()) {
            if (c.size() > most.size()) most = c;
        }
        int again = Math.max(0, most.size() - 1);
        if (again == 0) return Judgement.fails("no " + pattern.describe() + " was sent twice");
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < most.size(); i++) gaps.add(most.get(i).nanos() - most.get(i - 1).nanos());
        StringBuilder how = new StringBuilder().append(most.get(0).segment()).append(" was sent ").append(most.size())
                .append(" times, ").append(Observed.at(most.get(0).nanos())).append(" then after ");
        for (int i = 0; i < gaps.size(); i++) how.append(i == 0 ? "" : ", ").append(Trace.human(gaps.get(i)));
        String observed = how.toString();
        if (count != null && again != count.resolve(timing.profile())) {
            return Judgement.fails(observed + ": " + again + " retransmissions");
        }
        if (firstAfter != null) {
            long want = firstAfter.resolve(timing).toNanos();
            if (Math.abs(gaps.get(0) - want) > timing.tolerance().toNanos()) {
                return Judgement.fails(observed + ": the first retransmission came after " + Trace.human(gaps.get(0))
                        + ", expected " + Trace.human(want));
            }
        }
        if (backoff) {
            long tol = timing.tolerance().toNanos();
            long max = timing.profile().rtoMax().toNanos();
            if (gaps.size() < 2) return Judgement.fails(observed + ": too few retransmissions to show a backoff");
            if (gaps.get(0) < timing.profile().rtoMin().toNanos() - tol) {
                return Judgement.fails(observed + ": the first retransmission came before the minimum RTO ("
                        + Trace.human(timing.profile().rtoMin().toNanos()) + ")");
            }
            for (int i = 1; i < gaps.size(); i++) {
                long expected = Math.min(2 * gaps.get(i - 1), max);
                if (Math.abs(gaps.get(i) - expected) > tol) {
                    return Judgement.fails(observed + ": interval " + (i + 1) + " is " + Trace.human(gaps.get(i))
                            + ", expected " + Trace.human(expected));
                }
            }
        }
        return Judgement.holds(observed);
    }
}
