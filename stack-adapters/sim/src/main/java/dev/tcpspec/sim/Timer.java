package dev.tcpspec.sim;

/**
 * One protocol timer of a connection (retransmission, persist, keepalive, TIME_WAIT, FIN_WAIT_2) on the network's
 * virtual clock: armed for a deadline, disarmed, or firing. Re-arming it later (every new ACK pushes the
 * retransmission timer) does not touch the event queue: the pending event fires at the old deadline, sees the new one
 * and sleeps again. Disarming removes the event, so a closed connection leaves nothing pending. The timer is its own
 * event action, and tells its connection which kind expired: no closure per timer.
 */
final class Timer implements Runnable {
    /** The timers a connection has. */
    enum Kind { RETRANSMISSION, PERSIST, KEEPALIVE, TIME_WAIT, FIN_WAIT_2 }

    private static final long OFF = Long.MAX_VALUE;

    private final EventLoop loop;
    private final Tcb tcb;
    final Kind kind;
    private long deadline = OFF;
    private EventLoop.Event pending;

    Timer(EventLoop loop, Tcb tcb, Kind kind) {
        this.loop = loop;
        this.tcb = tcb;
        this.kind = kind;
    }

    /** Fires {@code after} nanoseconds from now, replacing any earlier deadline. */
    void armIn(long after) {
        deadline = loop.now() + after;
        if (pending == null) {
            pending = loop.schedule(deadline, this);
        } else if (pending.at > deadline) {
            loop.cancel(pending);
            pending = loop.schedule(deadline, this);
        }
    }

    void disarm() {
        deadline = OFF;
        if (pending != null) {
            loop.cancel(pending);
            pending = null;
        }
    }

    boolean armed() {
        return deadline != OFF;
    }

    /** Nanoseconds left, or -1 when disarmed. */
    long remaining() {
        return deadline == OFF ? -1 : deadline - loop.now();
    }

    @Override
    public void run() {
        pending = null;
        if (deadline == OFF) return;
        if (deadline > loop.now()) {
            pending = loop.schedule(deadline, this);
            return;
        }
        deadline = OFF;
        tcb.onTimer(kind);
    }
}
