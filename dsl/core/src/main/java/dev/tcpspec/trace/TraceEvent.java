package dev.tcpspec.trace;

/**
 * Something observed during a run, at a time measured from the start of the run (virtual nanoseconds on the
 * simulated stack, real ones on a kernel). A {@link Trace} is an ordered list of these; expectations are judged on
 * it and nothing else.
 *
 * <pre>{@code
 * for (TraceEvent e : trace.events()) {
 *     if (e instanceof TraceEvent.StateChange sc && sc.to() == TcpState.TIME_WAIT) { ... }
 * }
 * }</pre>
 */
public sealed interface TraceEvent {

    /** Nanoseconds since the run started. */
    long nanos();

    /** One line of canonical text: stable across runs with the same seed, used for the trace digest. */
    String canonical();

    /**
     * A segment handed to the wire by {@code from}, with what the wire did to it.
     *
     * @param id   number of the segment within the run, referenced by {@link Delivery}
     * @param conn connection number (0 is the scenario's main connection), or -1 when it matches none
     */
    record SegmentSent(long nanos, int id, Side from, int conn, Segment segment, SegmentKind kind, Fate fate)
            implements TraceEvent {
        @Override
        public String canonical() {
            return Trace.time(nanos) + " seg#" + id + ' ' + from.label() + "#" + conn + " -> " + segment + ' '
                    + kind.label() + ' ' + fate;
        }
    }

    /**
     * A segment crafted by the harness and put on the wire as if {@code asIf} had sent it (the segment's ports say
     * so); {@code asIf}'s own stack knows nothing of it. Expectations about what a stack sends never match it.
     *
     * @param id   number of the segment within the run, referenced by {@link Delivery}
     * @param conn the connection it was crafted for, or -1 for a segment aimed at no connection
     */
    record SegmentInjected(long nanos, int id, Side asIf, int conn, Segment segment) implements TraceEvent {
        @Override
        public String canonical() {
            return Trace.time(nanos) + " inject seg#" + id + ' ' + asIf.label() + "#" + conn + " -> " + segment;
        }

        /** The segment as a send by {@code asIf}, for views that draw or export every segment on the wire. */
        public SegmentSent asSent() {
            return new SegmentSent(nanos, id, asIf, conn, segment, SegmentKind.classify(segment, null), Fate.DELIVERED);
        }
    }

    /** A copy of segment {@code id} arriving at {@code to}. */
    record Delivery(long nanos, int id, Side to) implements TraceEvent {
        @Override
        public String canonical() {
            return Trace.time(nanos) + " arrive seg#" + id + " at " + to.label();
        }
    }

    /** An endpoint changed state; {@code cause} says why in a few words, e.g. {@code rcvd FIN} or {@code 2MSL timer}. */
    record StateChange(long nanos, Side side, int conn, TcpState from, TcpState to, String cause)
            implements TraceEvent {
        @Override
        public String canonical() {
            return Trace.time(nanos) + " state " + side.label() + "#" + conn + ' ' + from + " -> " + to + " (" + cause
                    + ')';
        }
    }

    /**
     * An application call returned.
     *
     * @param bytes        bytes read or written
     * @param data         the bytes read, for reads that returned data; otherwise empty
     * @param blockedNanos how long the call blocked
     * @param detail       anything else worth saying, may be empty
     */
    record AppResult(long nanos, Side side, int conn, AppCall call, AppOutcome outcome, int bytes, byte[] data,
                     long blockedNanos, String detail) implements TraceEvent {
        @Override
        public String canonical() {
            return Trace.time(nanos) + " app " + side.label() + "#" + conn + ' ' + call.label() + " -> " + outcome
                    + " bytes=" + bytes + " blocked=" + blockedNanos + (detail.isEmpty() ? "" : " " + detail);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AppResult r && canonical().equals(r.canonical());
        }

        @Override
        public int hashCode() {
            return canonical().hashCode();
        }

        @Override
        public String toString() {
            return canonical();
        }
    }

    /**
     * A protocol timer was armed (with its duration), fired, or observed with time left. A reading taken from outside
     * the stack (a real kernel's /proc) is only so precise: {@code resolutionNanos} says how far the true value may
     * lie from {@code durationNanos}, either way (0 for an exact value, as on virtual time).
     */
    record Timer(long nanos, Side side, int conn, TimerKind kind, TimerAction action, long durationNanos,
                 long resolutionNanos) implements TraceEvent {
        /** An exact timer event. */
        public Timer(long nanos, Side side, int conn, TimerKind kind, TimerAction action, long durationNanos) {
            this(nanos, side, conn, kind, action, durationNanos, 0);
        }

        @Override
        public String canonical() {
            return Trace.time(nanos) + " timer " + side.label() + "#" + conn + ' ' + kind.label() + ' ' + action
                    + ' ' + durationNanos + (resolutionNanos == 0 ? "" : " +-" + resolutionNanos);
        }
    }

    /** What happened to a timer. */
    enum TimerAction { ARMED, FIRED, OBSERVED }

    /** A step of the scenario began, e.g. {@code client: close()}. */
    record Action(long nanos, String text) implements TraceEvent {
        @Override
        public String canonical() {
            return Trace.time(nanos) + " action " + text;
        }
    }

    /** Anything else worth showing: a fault injected, a host crashing, an adapter's remark. */
    record Note(long nanos, String text) implements TraceEvent {
        @Override
        public String canonical() {
            return Trace.time(nanos) + " note " + text;
        }
    }
}
