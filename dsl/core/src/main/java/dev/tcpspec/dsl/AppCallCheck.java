package dev.tcpspec.dsl;

import dev.tcpspec.trace.AppCall;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent.AppResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * "An endpoint's calls of one kind ...": not yet an expectation; say what they return.
 *
 * <pre>{@code
 * server().read().fails(CONNECTION_RESET)      // some read() failed with "Connection reset"
 * server().read().returnsEof()
 * client().write(2).fails(BROKEN_PIPE)         // the second write() failed with "Broken pipe"
 * client().close().returnsWithin(millis(0))
 * }</pre>
 */
public final class AppCallCheck {
    private final Endpoint endpoint;
    private final AppCall call;
    private final int nth;

    AppCallCheck(Endpoint endpoint, AppCall call, int nth) {
        this.endpoint = endpoint;
        this.call = call;
        this.nth = nth;
    }

    /** Some call (or the n-th) failed with {@code outcome}. */
    public Expectation fails(AppOutcome outcome) {
        if (!outcome.isError()) {
            throw new IllegalArgumentException(outcome + " is not an error; use returns(" + outcome + ")");
        }
        return new Returns(this, outcome, "fails with " + outcome.text());
    }

    /** Some call (or the n-th) returned {@code outcome}. */
    public Expectation returns(AppOutcome outcome) {
        return new Returns(this, outcome, "returns " + outcome.text());
    }

    /** Some read (or the n-th) returned end of stream. */
    public Expectation returnsEof() {
        return returns(AppOutcome.EOF);
    }

    /** The call (or every such call) succeeded, and there was at least one. */
    public Expectation succeeds() {
        return new Succeeds(this);
    }

    /** No such call failed with any error. */
    public Expectation neverFails() {
        return new NeverFails(this);
    }

    /**
     * The first {@code n} calls succeed and the next one fails with {@code outcome}: e.g. connect() fails with
     * ADDRESS_NOT_AVAILABLE once every ephemeral port is pinned.
     */
    public Expectation firstFailureAfter(ProfileCount n, AppOutcome outcome) {
        if (!outcome.isError()) throw new IllegalArgumentException(outcome + " is not an error");
        return new FirstFailure(this, n, outcome);
    }

    /**
     * The call (or the first) returned only once a segment matching {@code pattern} had arrived at this endpoint: a
     * lingering close() waits for the ACK of its FIN.
     */
    public Expectation returnsOnlyAfterArrivalOf(SegmentPattern pattern) {
        return new AfterArrival(this, pattern);
    }

    /** The call (or the first) returned after blocking at most {@code d}. */
    public Expectation returnsWithin(ProfileDuration d) {
        return new Blocked(this, d, false);
    }

    /** The call (or the first) blocked for at least {@code d} before returning. */
    public Expectation blocksForAtLeast(ProfileDuration d) {
        return new Blocked(this, d, true);
    }

    /** The call's name, e.g. {@code write()}, or {@code socket call} for any call on the connection. */
    private String label() {
        return call == null ? "socket call" : call.label();
    }

    /** E.g. {@code the second write() by client}: for anchors and sentences. */
    String subjectText() {
        return subject();
    }

    /** The calls this check is about, in the order they returned. */
    List<AppResult> callsIn(Trace trace) {
        return calls(trace);
    }

    private String subject() {
        String which = nth == 0 ? "a " : "the " + ordinal(nth) + " ";
        return which + label() + " by " + endpoint;
    }

    private static String ordinal(int n) {
        return switch (n) {
            case 1 -> "first";
            case 2 -> "second";
            case 3 -> "third";
            default -> n + "th";
        };
    }

    private List<AppResult> calls(Trace trace) {
        List<AppResult> all = new ArrayList<>();
        for (AppResult r : trace.appResults(endpoint.side())) {
            if (call == null) {
                // any call on the endpoint's connection: what the application sees of it, whichever call sees it
                boolean onIt = r.conn() == endpoint.connection() && r.call() != AppCall.LISTEN
                        && r.call() != AppCall.ACCEPT;
                if (onIt) all.add(r);
                continue;
            }
            boolean sameConnection = r.conn() == endpoint.connection() || call == AppCall.CONNECT
                    || call == AppCall.LISTEN;
            if (r.call() == call && sameConnection) all.add(r);
        }
        if (nth == 0) return all;
        return all.size() >= nth ? List.of(all.get(nth - 1)) : List.of();
    }

    private String seen(List<AppResult> calls) {
        if (calls.isEmpty()) {
            return nth == 0 ? endpoint + " made no " + label() + " call"
                    : endpoint + " made fewer than " + nth + " " + label() + " calls";
        }
        StringBuilder sb = new StringBuilder();
        for (AppResult r : calls) {
            sb.append(sb.length() == 0 ? "" : ", ").append(r.outcome().text());
            if (r.bytes() > 0) sb.append(" (").append(r.bytes()).append(" bytes)");
            sb.append(' ').append(Observed.at(r.nanos()));
        }
        StringBuilder all = new StringBuilder();
        if (call == null) {
            for (AppResult r : calls) all.append(all.length() == 0 ? "" : ", ").append(r.call().label());
            return "the calls by " + endpoint + " (" + all + ") returned: " + sb;
        }
        return label() + " by " + endpoint + " returned: " + sb;
    }

    private record Returns(AppCallCheck check, AppOutcome outcome, String verb) implements Expectation {
        @Override
        public String describe() {
            return check.subject() + " " + verb;
        }

        @Override
        public Set<Capability> requires() {
            return Set.of();
        }

        @Override
        public Judgement judge(Trace trace, Timing timing) {
            List<AppResult> calls = check.calls(trace);
            boolean found = calls.stream().anyMatch(r -> r.outcome() == outcome);
            return new Judgement(found, check.seen(calls));
        }
    }

    private record Succeeds(AppCallCheck check) implements Expectation {
        @Override
        public String describe() {
            return check.subject() + " succeeds";
        }

        @Override
        public Set<Capability> requires() {
            return Set.of();
        }

        @Override
        public Judgement judge(Trace trace, Timing timing) {
            List<AppResult> calls = check.calls(trace);
            boolean ok = !calls.isEmpty() && calls.stream().noneMatch(r -> r.outcome().isError()
                    || r.outcome() == AppOutcome.STILL_BLOCKED || r.outcome() == AppOutcome.SHORT_WRITE);
            return new Judgement(ok, check.seen(calls));
        }
    }

    private record NeverFails(AppCallCheck check) implements Expectation {
        @Override
        public String describe() {
            return "no " + check.label() + " by " + check.endpoint + " fails";
        }

        @Override
        public Set<Capability> requires() {
            return Set.of();
        }

        /** Holds only if there was such a call: no call, no evidence. */
        @Override
        public Judgement judge(Trace trace, Timing timing) {
            List<AppResult> calls = check.calls(trace);
            if (calls.isEmpty()) return Judgement.notObserved(check.seen(calls));
            return new Judgement(calls.stream().noneMatch(r -> r.outcome().isError()), check.seen(calls));
        }
    }

    private record FirstFailure(AppCallCheck check, ProfileCount n, AppOutcome outcome) implements Expectation {
        @Override
        public String describe() {
            return "the first " + n.describe() + " " + check.label() + " calls by " + check.endpoint
                    + " succeed and the next fails with " + outcome.text();
        }

        @Override
        public String describe(Timing timing) {
            return "the first " + n.describe(timing.profile()) + " " + check.label() + " calls by "
                    + check.endpoint + " succeed and the next fails with " + outcome.text();
        }

        @Override
        public Set<Capability> requires() {
            return Set.of();
        }

        @Override
        public Judgement judge(Trace trace, Timing timing) {
            // in the order the calls were made (a non-blocking connect completes after later ones may have failed)
            List<AppResult> calls = new ArrayList<>(check.calls(trace));
            calls.sort(java.util.Comparator.comparingLong(r -> r.nanos() - r.blockedNanos()));
            int expected = n.resolve(timing.profile());
            int ok = 0;
            for (AppResult r : calls) {
                if (r.outcome().isError() || r.outcome() == AppOutcome.STILL_BLOCKED) {
                    String how = String.format(java.util.Locale.ROOT, "%,d %s calls succeeded, then one returned %s %s",
                            ok, check.label(), r.outcome().text(), Observed.at(r.nanos()));
                    return new Judgement(ok == expected && r.outcome() == outcome, how);
                }
                ok++;
            }
            return Judgement.fails(String.format(java.util.Locale.ROOT, "all %,d %s calls by %s succeeded", ok,
                    check.label(), check.endpoint));
        }
    }

    private record AfterArrival(AppCallCheck check, SegmentPattern pattern) implements Expectation {
        @Override
        public String describe() {
            return check.subject() + " returns only after " + pattern.describe() + " arrived";
        }

        @Override
        public Set<Capability> requires() {
            return Set.of(Capability.SEGMENT_OBSERVATION);
        }

        @Override
        public Judgement judge(Trace trace, Timing timing) {
            List<AppResult> calls = check.calls(trace);
            if (calls.isEmpty()) return Judgement.fails(check.seen(calls));
            AppResult first = calls.get(0);
            Long arrival = null;
            java.util.Set<Integer> ids = new java.util.HashSet<>();
            for (var s : pattern.select(trace)) ids.add(s.id());
            for (var e : trace.events()) {
                if (e instanceof dev.tcpspec.trace.TraceEvent.Delivery d && d.to() == check.endpoint.side()
                        && ids.contains(d.id())) {
                    arrival = d.nanos();
                    break;
                }
            }
            String when = check.label() + " by " + check.endpoint + " returned " + first.outcome().text() + " "
                    + Observed.at(first.nanos());
            if (arrival == null) return Judgement.fails(when + "; no " + pattern.describe() + " arrived");
            String how = when + ", " + pattern.describe() + " arrived " + Observed.at(arrival);
            return new Judgement(first.nanos() >= arrival, how);
        }
    }

    private record Blocked(AppCallCheck check, ProfileDuration bound, boolean atLeast) implements Expectation {
        @Override
        public String describe() {
            return check.subject() + (atLeast ? " blocks for at least " : " returns within ") + bound.describe();
        }

        @Override
        public String describe(Timing timing) {
            return check.subject() + (atLeast ? " blocks for at least " : " returns within ") + bound.describe(timing);
        }

        @Override
        public Set<Capability> requires() {
            return Set.of();
        }

        @Override
        public Judgement judge(Trace trace, Timing timing) {
            List<AppResult> calls = check.calls(trace);
            if (calls.isEmpty()) return Judgement.fails(check.seen(calls));
            AppResult first = calls.get(0);
            long limit = bound.resolve(timing).toNanos();
            String how = check.label() + " by " + check.endpoint + " returned " + first.outcome().text()
                    + " after blocking " + Trace.human(first.blockedNanos());
            boolean ok = first.outcome() != AppOutcome.STILL_BLOCKED
                    && (atLeast ? first.blockedNanos() >= limit : first.blockedNanos() <= limit);
            return new Judgement(ok, how);
        }
    }
}
