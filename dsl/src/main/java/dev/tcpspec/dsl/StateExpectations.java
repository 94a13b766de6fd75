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

        @Override
        public Judgement judge(Trace trace, Timing timing) {
            for (StateChange c : trace.stateChanges(endpoint.side(), endpoint.connection())) {
                if (c.to() == state) {
                    return Judgement.fails(endpoint + " entered " + state + " from " + c.from() + " ("
                            + c.cause() + ") " + Observed.at(c.nanos()));
                }
            }
            return Judgement.holds(Observed.path(trace, endpoint.side(), endpoint.connection()));
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
            return next == states.size() ? Judgement.holds(path)
                    : Judgement.fails("missing " + states.get(next) + (next > 0 ? " after " + states.get(next - 1) : "")
                    + "; " + path);
        }
    }
}
