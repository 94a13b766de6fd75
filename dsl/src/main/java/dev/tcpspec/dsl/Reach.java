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
 * }</pre>
 */
public final class Reach implements Expectation {
    private final Endpoint endpoint;
    private final TcpState state;
    private final ProfileDuration within;
    private final ProfileDuration notBefore;

    Reach(Endpoint endpoint, TcpState state, ProfileDuration within) {
        this(endpoint, state, within, null);
    }

    private Reach(Endpoint endpoint, TcpState state, ProfileDuration within, ProfileDuration notBefore) {
        this.endpoint = endpoint;
        this.state = state;
        this.within = within;
        this.notBefore = notBefore;
    }

    /** The state is reached no later than {@code d} after the steps began. */
    public Reach within(ProfileDuration d) {
        return new Reach(endpoint, state, d, notBefore);
    }

    /** The state is reached no sooner than {@code d} after the steps began. */
    public Reach notBefore(ProfileDuration d) {
        return new Reach(endpoint, state, within, d);
    }

    @Override
    public String describe() {
        return endpoint + " reaches " + state + (notBefore == null ? "" : " no sooner than " + notBefore.describe())
                + (within == null ? "" : " within " + within.describe());
    }

    @Override
    public String describe(Timing timing) {
        return endpoint + " reaches " + state
                + (notBefore == null ? "" : " no sooner than " + notBefore.describe(timing))
                + (within == null ? "" : " within " + within.describe(timing));
    }

    @Override
    public Set<Capability> requires() {
        return Capability.toObserve(state);
    }

    @Override
    public Judgement judge(Trace trace, Timing timing) {
        long start = Observed.stepsStart(trace);
        for (StateChange c : trace.stateChanges(endpoint.side(), endpoint.connection())) {
            if (c.to() != state || c.nanos() < start) continue;
            long after = c.nanos() - start;
            String how = endpoint + " reached " + state + " (" + c.cause() + ") " + Trace.human(after)
                    + " after the steps began";
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
                    + " after the steps began";
            if (within == null) return Judgement.holds(how);
            long limit = within.resolve(timing).toNanos();
            long earliest = projected.earliest() - start;
            return earliest <= limit ? Judgement.holds(how)
                    : Judgement.fails(how + ", " + Trace.human(earliest - limit) + " too late");
        }
        return Judgement.fails(endpoint + " did not reach " + state + " after the steps began; "
                + Observed.path(trace, endpoint.side(), endpoint.connection()));
    }
}
