package dev.tcpspec.dsl;

import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.StateInterval;
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

    static String at(long nanos) {
        return "at t=" + Trace.human(nanos);
    }
}
