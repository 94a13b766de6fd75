package dev.tcpspec.dsl;

import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * "How many of one host's connections are in a state at once": not yet an expectation; say what the peak must be.
 * TIME_WAIT pins a 4-tuple, not a descriptor, so a client that closes first piles them up (RULES.md TW-10).
 *
 * <pre>{@code
 * client().connectionsIn(TIME_WAIT).peakAtLeast(ephemeralPortCount())
 * client().connectionsIn(TIME_WAIT).peakAtMost(ephemeralPortCount().half())
 * }</pre>
 */
public final class ConnectionCount {
    private final Side side;
    private final TcpState state;

    ConnectionCount(Side side, TcpState state) {
        this.side = side;
        this.state = state;
    }

    /** At some moment at least {@code n} of the host's connections are in the state together. */
    public Expectation peakAtLeast(ProfileCount n) {
        return new Peak(this, n, true);
    }

    /** At no moment are more than {@code n} of the host's connections in the state together. */
    public Expectation peakAtMost(ProfileCount n) {
        return new Peak(this, n, false);
    }

    /** The largest number of connections in the state at once, and when it was first reached. */
    long[] peak(Trace trace) {
        Map<Integer, TcpState> current = new HashMap<>();
        int now = 0;
        int peak = 0;
        long at = 0;
        for (TraceEvent e : trace.events()) {
            if (!(e instanceof TraceEvent.StateChange c) || c.side() != side) continue;
            TcpState before = current.put(c.conn(), c.to());
            if (before == state) now--;
            if (c.to() == state) now++;
            if (now > peak) {
                peak = now;
                at = c.nanos();
            }
        }
        return new long[]{peak, at};
    }

    private record Peak(ConnectionCount count, ProfileCount bound, boolean atLeast) implements Expectation {
        @Override
        public String describe() {
            return sentence(bound.describe());
        }

        @Override
        public String describe(Timing timing) {
            return sentence(bound.describe(timing.profile()));
        }

        private String sentence(String n) {
            return "the " + count.side.label() + "'s connections in " + count.state + " number "
                    + (atLeast ? "at least " : "at most ") + n + " at their peak";
        }

        @Override
        public Set<Capability> requires() {
            return Set.of(Capability.STATE_OBSERVATION);
        }

        @Override
        public Judgement judge(Trace trace, Timing timing) {
            long[] p = count.peak(trace);
            int limit = bound.resolve(timing.profile());
            String how = String.format(java.util.Locale.ROOT, "at most %,d of the %s's connections were in %s at once",
                    p[0], count.side.label(), count.state) + (p[0] > 0 ? ", first " + Observed.at(p[1]) : "");
            boolean ok = atLeast ? p[0] >= limit : p[0] <= limit;
            if (ok && !atLeast) {
                // a peak no higher than the bound proves nothing if the host's states were never observed
                String unobserved = Observed.unobservedHost(trace, count.side);
                if (unobserved != null) return Judgement.notObserved(unobserved);
            }
            return new Judgement(ok, how);
        }
    }
}
