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

    /** The call (or the first) returned after blocking at most {@code d}. */
    public Expectation returnsWithin(ProfileDuration d) {
        return new Blocked(this, d, false);
    }

    /** The call (or the first) blocked for at least {@code d} before returning. */
    public Expectation blocksForAtLeast(ProfileDuration d) {
        return new Blocked(this, d, true);
    }

    private String subject() {
        String which = nth == 0 ? "a " : "the " + ordinal(nth) + " ";
        return which + call.label() + " by " + endpoint;
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
            boolean sameConnection = r.conn() == endpoint.connection() || call == AppCall.CONNECT;
            if (r.call() == call && sameConnection) all.add(r);
        }
        if (nth == 0) return all;
        return all.size() >= nth ? List.of(all.get(nth - 1)) : List.of();
    }

    private String seen(List<AppResult> calls) {
        if (calls.isEmpty()) {
            return nth == 0 ? endpoint + " made no " + call.label() + " call"
                    : endpoint + " made fewer than " + nth + " " + call.label() + " calls";
        }
        StringBuilder sb = new StringBuilder();
        for (AppResult r : calls) {
            sb.append(sb.length() == 0 ? "" : ", ").append(r.outcome().text());
            if (r.bytes() > 0) sb.append(" (").append(r.bytes()).append(" bytes)");
            sb.append(' ').append(Observed.at(r.nanos()));
        }
        return call.label() + " by " + endpoint + " returned: " + sb;
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
                    || r.outcome() == AppOutcome.STILL_BLOCKED);
            return new Judgement(ok, check.seen(calls));
        }
    }

    private record NeverFails(AppCallCheck check) implements Expectation {
        @Override
        public String describe() {
            return "no " + check.call.label() + " by " + check.endpoint + " fails";
        }

        @Override
        public Set<Capability> requires() {
            return Set.of();
        }

        @Override
        public Judgement judge(Trace trace, Timing timing) {
            List<AppResult> calls = check.calls(trace);
            return new Judgement(calls.stream().noneMatch(r -> r.outcome().isError()), check.seen(calls));
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
            String how = check.call.label() + " by " + check.endpoint + " returned " + first.outcome().text()
                    + " after blocking " + Trace.human(first.blockedNanos());
            boolean ok = first.outcome() != AppOutcome.STILL_BLOCKED
                    && (atLeast ? first.blockedNanos() >= limit : first.blockedNanos() <= limit);
            return new Judgement(ok, how);
        }
    }
}
