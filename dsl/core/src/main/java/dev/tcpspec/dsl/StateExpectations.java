package dev.tcpspec.dsl;

import dev.tcpspec.trace.StateInterval;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent.StateChange;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The simple state expectations: never enters, enters, ends in, passes through. */
final class StateExpectations {
    private StateExpectations() {
    }

    record NeverEnters(Endpoint endpoint, TcpState state) implements Expectation {
        @Override
        public String describe() {
            return endpoint + " never enters " + state;
        }

        @Override
        public Set<Capability> requires() {
            return Capability.toObserve(state);
        }

        /** Holds only if the endpoint was observed at all: an endpoint never seen proves nothing. */
        @Override
        public Judgement judge(Trace trace, Timing timing) {
            for (StateChange c : trace.stateChanges(endpoint.side(), endpoint.connection())) {
                if (c.to() == state) {
                    return Judgement.fails(endpoint + " entered " + state + " from " + c.from() + " ("
                            + c.cause() + ") " + Observed.at(c.nanos()));
                }
            }
            String unobserved = Observed.unobserved(trace, endpoint.side(), endpoint.connection());
            if (unobserved != null) return Judgement.notObserved(unobserved);
            return Judgement.holds(Observed.path(trace, endpoint.side(), endpoint.connection()));
        }
    }

    /**
     * If the endpoint enters the state at all, the segment that brought it there takes it out again: nothing is sent
     * or arrives while the state is held, it is held no longer than the adapter's tolerance (no time at all on
     * virtual time), and it is not held when observation ends.
     */
    record NeverWaitsIn(Endpoint endpoint, TcpState state) implements Expectation {
        @Override
        public String describe() {
            return endpoint + " never waits in " + state + " (if it enters it, the same segment takes it out)";
        }

        @Override
        public Set<Capability> requires() {
            Set<Capability> all = new java.util.HashSet<>(Capability.toObserve(state));
            all.add(Capability.SEGMENT_OBSERVATION);
            return Set.copyOf(all);
        }

        @Override
        public Judgement judge(Trace trace, Timing timing) {
            String unobserved = Observed.unobserved(trace, endpoint.side(), endpoint.connection());
            if (unobserved != null) return Judgement.notObserved(unobserved);
            String how = null;
            for (StateInterval i : trace.intervals(endpoint.side(), endpoint.connection())) {
                if (i.state() != state) continue;
                if (i.open()) {
                    return Judgement.fails(endpoint + " entered " + state + " " + Observed.at(i.startNanos())
                            + " and was still in it when observation ended");
                }
                for (dev.tcpspec.trace.TraceEvent.SegmentSent s : trace.segments()) {
                    if (s.from() == endpoint.side() && s.conn() == endpoint.connection() && s.nanos() > i.startNanos()
                            && s.nanos() < i.endNanos()) {
                        return Judgement.fails(endpoint + " waited in " + state + " for "
                                + Trace.human(i.durationNanos()) + " and sent " + s.segment() + " in it "
                                + Observed.at(s.nanos()));
                    }
                }
                for (dev.tcpspec.trace.TraceEvent.Delivery d : trace.eventsOf(dev.tcpspec.trace.TraceEvent.Delivery.class)) {
                    // a segment arriving after the one that brought it there, up to the one that took it out
                    if (d.to() == endpoint.side() && d.nanos() > i.startNanos() && d.nanos() <= i.endNanos()) {
                        return Judgement.fails(endpoint + " waited in " + state + " for "
                                + Trace.human(i.durationNanos()) + ": a segment arrived in it "
                                + Observed.at(d.nanos()));
                    }
                }
                if (i.durationNanos() > timing.tolerance().toNanos()) {
                    return Judgement.fails(endpoint + " waited in " + state + " for " + Trace.human(i.durationNanos())
                            + ", left for " + i.leftFor() + " (" + i.leftBecause() + ")");
                }
                how = endpoint + " passed through " + state + " in " + Trace.human(i.durationNanos()) + " on to "
                        + i.leftFor() + " (" + i.leftBecause() + ")";
            }
            return Judgement.holds(how != null ? how : Observed.path(trace, endpoint.side(), endpoint.connection()));
        }
    }

    record Enters(Endpoint endpoint, TcpState state) implements Expectation {
        @Override
        public String describe() {
            return endpoint + " enters " + state;
        }

        @Override
        public Set<Capability> requires() {
            return Capability.toObserve(state);
        }

        @Override
        public Judgement judge(Trace trace, Timing timing) {
            for (StateChange c : trace.stateChanges(endpoint.side(), endpoint.connection())) {
                if (c.to() == state) {
                    return Judgement.holds(endpoint + " entered " + state + " (" + c.cause() + ") "
                            + Observed.at(c.nanos()));
                }
            }
            return Judgement.fails(endpoint + " never entered " + state + "; "
                    + Observed.path(trace, endpoint.side(), endpoint.connection()));
        }
    }

    record EndsIn(Endpoint endpoint, TcpState state) implements Expectation {
        @Override
        public String describe() {
            return endpoint + " is in " + state + " when observation ends";
        }

        @Override
        public Set<Capability> requires() {
            return Capability.toObserve(state);
        }

        @Override
        public Judgement judge(Trace trace, Timing timing) {
            Optional<TcpState> last = trace.finalState(endpoint.side(), endpoint.connection());
            String path = Observed.path(trace, endpoint.side(), endpoint.connection());
            List<StateInterval> intervals = trace.intervals(endpoint.side(), endpoint.connection());
            Observed.Projection projected = intervals.isEmpty() ? null : Observed.projectedExit(trace, endpoint.side(),
                    endpoint.connection(), intervals.get(intervals.size() - 1));
            if (projected != null && projected.next() == state && (last.isEmpty() || last.get() != state)) {
                return Judgement.holds(path + "; " + projected.describe());
            }
            return last.isPresent() && last.get() == state ? Judgement.holds(path)
                    : Judgement.fails(endpoint + " ended in " + last.map(Enum::name).orElse("no known state") + "; "
                    + path);
        }
    }

    record PassesThrough(Endpoint endpoint, List<TcpState> states) implements Expectation {
        PassesThrough(Endpoint endpoint, TcpState... states) {
            this(endpoint, Arrays.asList(states));
        }

        @Override
        public String describe() {
            return endpoint + " passes through " + states.stream().map(Enum::name).collect(Collectors.joining(", "))
                    + " in that order";
        }

        @Override
        public Set<Capability> requires() {
            return Capability.toObserve(states.toArray(new TcpState[0]));
        }

        @Override
        public Judgement judge(Trace trace, Timing timing) {
            int next = 0;
            for (StateChange c : trace.stateChanges(endpoint.side(), endpoint.connection())) {
                if (next < states.size() && c.to() == states.get(next)) next++;
            }
            String path = Observed.path(trace, endpoint.side(), endpoint.connection());
            if (next == states.size() - 1) {
                // the last state may be one a kernel timer read at the end foretells (TIME_WAIT -> CLOSED)
                List<StateInterval> intervals = trace.intervals(endpoint.side(), endpoint.connection());
                Observed.Projection projected = intervals.isEmpty() ? null : Observed.projectedExit(trace,
                        endpoint.side(), endpoint.connection(), intervals.get(intervals.size() - 1));
                if (projected != null && projected.next() == states.get(next)) {
                    return Judgement.holds(path + "; " + projected.describe());
                }
            }
            return next == states.size() ? Judgement.holds(path)
                    : Judgement.fails("missing " + states.get(next) + (next > 0 ? " after " + states.get(next - 1) : "")
                    + "; " + path);
        }
    }
}
