package dev.tcpspec.dsl;

import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.StateInterval;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.TimerKind;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;

import java.util.List;

/** Phrases that describe what a trace shows, shared by the expectations' failure messages. */
final class Observed {
    private Observed() {
    }

    /** When the scenario's steps began: the first step's time, or 0 for a spec without steps. */
    static long stepsStart(Trace trace) {
        for (TraceEvent e : trace.events()) {
            if (e instanceof TraceEvent.Action a) return a.nanos();
        }
        return 0;
    }

    /** E.g. {@code client went CLOSED -> SYN_SENT (0 s) -> ESTABLISHED (2 ms) -> FIN_WAIT_1 (2 ms)}. */
    static String path(Trace trace, Side side, int conn) {
        List<StateInterval> intervals = trace.intervals(side, conn);
        String who = side.label() + (conn == 0 ? "" : " #" + conn);
        if (intervals.isEmpty()) return who + " was never observed in any state";
        StringBuilder sb = new StringBuilder(who).append(" went ");
        List<TraceEvent.StateChange> changes = trace.stateChanges(side, conn);
        sb.append(changes.get(0).from());
        for (TraceEvent.StateChange c : changes) {
            sb.append(" -> ").append(c.to()).append(" (at ").append(Trace.human(c.nanos())).append(')');
        }
        return sb.toString();
    }

    /**
     * How an interval still open when observation ended will end, according to a kernel timer the stack read (a
     * {@link TraceEvent.TimerAction#OBSERVED} timer event): a real kernel's adapter may stop observing once only
     * timewait sockets are left, whose timers expire silently, and record the time each timer had left instead of
     * waiting it out. Null when the interval is closed, its state ends by no timer, or no timer was read.
     */
    static Projection projectedExit(Trace trace, Side side, int conn, StateInterval i) {
        if (!i.open()) return null;
        TimerKind kind = switch (i.state()) {
            case TIME_WAIT -> TimerKind.TIME_WAIT;
            case FIN_WAIT_2 -> TimerKind.FIN_WAIT_2;
            default -> null;
        };
        if (kind == null) return null;
        TraceEvent.Timer latest = null;
        for (TraceEvent.Timer t : trace.eventsOf(TraceEvent.Timer.class)) {
            if (t.side() == side && t.conn() == conn && t.kind() == kind
                    && t.action() == TraceEvent.TimerAction.OBSERVED
                    && t.nanos() >= i.startNanos() && t.nanos() <= i.endNanos()) {
                latest = t;
            }
        }
        return latest == null ? null : new Projection(latest.nanos() + latest.durationNanos(), TcpState.CLOSED, latest);
    }

    /**
     * The end of a state foretold by a kernel timer that was read: when, into which state, from which reading. The
     * reading's resolution widens the time to {@link #earliest()}..{@link #latest()}: an expectation holds if the
     * reading is consistent with it.
     */
    record Projection(long exitNanos, TcpState next, TraceEvent.Timer timer) {
        long earliest() {
            return exitNanos - timer.resolutionNanos();
        }

        long latest() {
            return exitNanos + timer.resolutionNanos();
        }

        /** E.g. {@code the kernel's time-wait timer had 59.99 s left at t=5 ms, so it ends at t=60 s (read, not waited out)}. */
        String describe() {
            String within = timer.resolutionNanos() == 0 ? "" : " (±" + Trace.human(timer.resolutionNanos()) + ")";
            return "the kernel's " + timer.kind().label() + " timer had " + Trace.human(timer.durationNanos()) + " left"
                    + within + " " + at(timer.nanos()) + ", so it goes to " + next + " at t=" + Trace.human(exitNanos)
                    + within + " (read from the kernel, not waited out)";
        }
    }

    /**
     * Why the states of one endpoint cannot be judged from this trace: it was never observed in any state (the
     * connection never existed, or the stack observed nothing of it). Null when it was observed.
     */
    static String unobserved(Trace trace, Side side, int conn) {
        if (!trace.stateChanges(side, conn).isEmpty()) return null;
        return side.label() + (conn == 0 ? "" : " #" + conn) + " was never observed in any state";
    }

    /** Why a host's connections' states cannot be judged: none of them was ever observed in any state. Null if one was. */
    static String unobservedHost(Trace trace, Side side) {
        for (TraceEvent e : trace.events()) {
            if (e instanceof TraceEvent.StateChange c && c.side() == side) return null;
        }
        return "none of the " + side.label() + "'s connections was ever observed in any state";
    }

    static String at(long nanos) {
        return "at t=" + Trace.human(nanos);
    }
}
