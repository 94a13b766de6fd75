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
 * }</pre>
 */
public final class Reach implements Expectation {
    private final Endpoint endpoint;
    private final TcpState state;
    private final ProfileDuration within;

    Reach(Endpoint endpoint, TcpState state, ProfileDuration within) {
        this.endpoint = endpoint;
        this.state = state;
        this.within = within;
    }

    /** The state is reached no later than {@code d} after the steps began. */
    public Expectation within(ProfileDuration d) {
        return new Reach(endpoint, state, d);
    }

    @Override
    public String describe() {
        return endpoint + " reaches " + state + (within == null ? "" : " within " + within.describe());
    }

    @Override
    public String describe(Timing timing) {
        return endpoint + " reaches " + state + (within == null ? "" : " within " + within.describe(timing));
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
