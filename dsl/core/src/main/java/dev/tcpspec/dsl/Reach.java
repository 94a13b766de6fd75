package dev.tcpspec.dsl;

import dev.tcpspec.trace.StateInterval;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent.StateChange;

import java.util.List;
import java.util.Set;

/**
 * "An endpoint reaches a state" once the scenario's steps have begun: an expectation as it stands (eventually),
 * or bounded with {@link #within}.
 *
 * <pre>{@code
 * client().reaches(CLOSED).within(twoMsl().plusTolerance())
 * server().reaches(CLOSE_WAIT)
 * server().reaches(CLOSE_WAIT).notBefore(millis(500))   // the FIN waited for a hole to fill
 * client().reaches(CLOSED).within(finTimeout().plusTolerance()).countedFrom(returnOf(client().close()))
 * }</pre>
 *
 * <p>Times count from when the steps began unless {@link #countedFrom(Anchor)} names another moment; only a state
 * reached after that moment counts.
 */
public final class Reach implements Expectation {
    private final Endpoint endpoint;
    private final TcpState state;
    private final ProfileDuration within;
    private final ProfileDuration notBefore;
    private final Anchor anchor;

    Reach(Endpoint endpoint, TcpState state, ProfileDuration within) {
        this(endpoint, state, within, null, Anchor.stepsBegin());
    }

    private Reach(Endpoint endpoint, TcpState state, ProfileDuration within, ProfileDuration notBefore,
                  Anchor anchor) {
        this.endpoint = endpoint;
        this.state = state;
        this.within = within;
        this.notBefore = notBefore;
        this.anchor = anchor;
    }

    /** The state is reached no later than {@code d} after the steps began (or after {@link #countedFrom}). */
    public Reach within(ProfileDuration d) {
        return new Reach(endpoint, state, d, notBefore, anchor);
    }

    /** The state is reached no sooner than {@code d} after the steps began (or after {@link #countedFrom}). */
    public Reach notBefore(ProfileDuration d) {
        return new Reach(endpoint, state, within, d, anchor);
    }

    /**
     * Count {@code within} and {@code notBefore} from {@code from} instead of from when the steps began, e.g.
     * {@code countedFrom(returnOf(client().close()))}; only a state reached after that moment counts.
     */
    public Reach countedFrom(Anchor from) {
        if (from == null) throw new IllegalArgumentException("countedFrom(null): name the moment to count from");
        return new Reach(endpoint, state, within, notBefore, from);
    }

    private String after() {
        return anchor.isStepsBegin() ? "" : " after " + anchor.describe();
    }

    @Override
    public String describe() {
        return endpoint + " reaches " + state + (notBefore == null ? "" : " no sooner than " + notBefore.describe())
                + (within == null ? "" : " within " + within.describe()) + after();
    }

    @Override
    public String describe(Timing timing) {
        return endpoint + " reaches " + state
                + (notBefore == null ? "" : " no sooner than " + notBefore.describe(timing))
                + (within == null ? "" : " within " + within.describe(timing)) + after();
    }

    @Override
    public Set<Capability> requires() {
        Set<Capability> all = new java.util.HashSet<>(Capability.toObserve(state));
        all.addAll(anchor.requires());
        return Set.copyOf(all);
    }

    @Override
    public Judgement judge(Trace trace, Timing timing) {
        Long anchored = anchor.find(trace);
        if (anchored == null) return Judgement.notObserved(anchor.missing());
        long start = anchored;
        String since = anchor.isStepsBegin() ? "the steps began" : anchor.describe();
        for (StateChange c : trace.stateChanges(endpoint.side(), endpoint.connection())) {
            if (c.to() != state || c.nanos() < start) continue;
            long after = c.nanos() - start;
            String how = endpoint + " reached " + state + " (" + c.cause() + ") " + Trace.human(after)
                    + " after " + since;
            if (notBefore != null) {
                long early = notBefore.resolve(timing).toNanos();
                if (after < early) return Judgement.fails(how + ", " + Trace.human(early - after) + " too soon");
            }
            if (within == null) return Judgement.holds(how);
            long limit = within.resolve(timing).toNanos();
            return after <= limit ? Judgement.holds(how)
                    : Judgement.fails(how + ", " + Trace.human(after - limit) + " too late");
        }
        List<StateInterval> intervals = trace.intervals(endpoint.side(), endpoint.connection());
        Observed.Projection projected = intervals.isEmpty() ? null : Observed.projectedExit(trace, endpoint.side(),
                endpoint.connection(), intervals.get(intervals.size() - 1));
        if (projected != null && projected.next() == state && projected.exitNanos() >= start) {
            long after = projected.exitNanos() - start;
            String how = endpoint + " was in " + intervals.get(intervals.size() - 1).state()
                    + " when observation ended; " + projected.describe() + ", " + Trace.human(after)
                    + " after " + since;
            if (notBefore != null && projected.latest() - start < notBefore.resolve(timing).toNanos()) {
                return Judgement.fails(how + ", " + Trace.human(notBefore.resolve(timing).toNanos()
                        - (projected.latest() - start)) + " too soon");
            }
            if (within == null) return Judgement.holds(how);
            long limit = within.resolve(timing).toNanos();
            long earliest = projected.earliest() - start;
            return earliest <= limit ? Judgement.holds(how)
                    : Judgement.fails(how + ", " + Trace.human(earliest - limit) + " too late");
        }
        return Judgement.fails(endpoint + " did not reach " + state + " after " + since + "; "
                + Observed.path(trace, endpoint.side(), endpoint.connection()));
    }
}
