package dev.tcpspec.os.wire;

import dev.tcpspec.os.linux.SockDiag;
import dev.tcpspec.sim.ReferencePeer;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.TimerKind;
import dev.tcpspec.trace.TraceEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Watches the outside stack's end of each connection through its {@link OutsideStack.StateLookup} (netlink
 * {@link SockDiag} for a kernel) and records what it sees in the trace: every
 * change of state, and every timer the kernel arms, with the time left on it.
 *
 * <p>The wire runs in lock step with the kernel: a segment written into the TUN device is processed before the write
 * returns, and so is a socket call. So a sample taken right after one of them shows exactly what that segment or call
 * did, and the change is dated to it. Between them only a kernel timer can change anything; most of them send a
 * segment when they fire (a retransmission, a keepalive probe, the RST after the last probe), after which the
 * connection is sampled again, and the silent ones (TIME_WAIT ending, an orphaned FIN_WAIT_2 timing out, the last
 * retransmission giving up) are sampled from the moment they are due until the change shows, every
 * {@link #SAMPLE_NANOS}. Nothing else is sampled while the wire waits, so a run with 28,000 connections in TIME_WAIT
 * costs no more per step than one with a single connection.
 */
final class OutsideObserver {
    /** How often a kernel timer that is due is sampled until its effect shows (the timer wheel fires late). */
    static final long SAMPLE_NANOS = 5_000_000L;

    private final OutsideStack.StateLookup diag;
    private final ReferencePeer peer;
    private final Side side;
    private final byte[] local;
    private final byte[] remote;
    /** The kernel's end of every connection seen, by its local and remote port. */
    private final Map<Long, Endpoint> endpoints = new LinkedHashMap<>();
    /** Pending timers by when they are due: timewait sockets' and the others' apart. Stale entries are skipped. */
    private final PriorityQueue<Due> timewaitTimers = new PriorityQueue<>();
    private final PriorityQueue<Due> otherTimers = new PriorityQueue<>();
    /** True once observation stopped (the end of a run that read the last timers instead of waiting them out). */
    private boolean stopped;

    /** The kernel's end of one connection. */
    static final class Endpoint {
        final int localPort;
        final int remotePort;
        int conn;
        TcpState state;
        SockDiag.Info last;
        /** When the pending timer, as last read, fires: {@link System#nanoTime()} time; 0 for none. */
        long timerDueRaw;

        Endpoint(int localPort, int remotePort, int conn, TcpState state) {
            this.localPort = localPort;
            this.remotePort = remotePort;
            this.conn = conn;
            this.state = state;
        }

        boolean timewaitTimer() {
            return last != null && last.timewaitSocket();
        }

        @Override
        public String toString() {
            String timer = last == null || last.timer() == SockDiag.Timer.NONE ? "no timer"
                    : timerKind(last, state).label() + " timer " + last.timerLeftMillis() + " ms left";
            return localPort + "->" + remotePort + " " + state + " " + timer;
        }
    }

    /** A timer entry in a queue; stale once the endpoint's timer changed. */
    private record Due(long raw, Endpoint endpoint) implements Comparable<Due> {
        boolean stale() {
            return endpoint.timerDueRaw != raw;
        }

        @Override
        public int compareTo(Due o) {
            return Long.compare(raw, o.raw);
        }
    }

    OutsideObserver(OutsideStack.StateLookup diag, ReferencePeer peer, byte[] local, byte[] remote) {
        this.diag = diag;
        this.peer = peer;
        this.side = peer.outsideSide();
        this.local = local;
        this.remote = remote;
    }

    /**
     * Watches the kernel's end of the connection on these ports from now on, as connection {@code conn}, starting
     * from {@code initial} (CLOSED for a connect(), LISTEN for a connection a listener is about to take).
     */
    void watch(int localPort, int remotePort, int conn, TcpState initial) {
        long key = key(localPort, remotePort);
        Endpoint e = endpoints.get(key);
        if (e != null && e.conn == conn) return;
        if (e != null) {
            // a new incarnation of the 4-tuple: the old connection is over for the trace
            if (e.state != TcpState.CLOSED) record(e, TcpState.CLOSED, "4-tuple taken by connection #" + conn, -1);
            e.timerDueRaw = 0;
        }
        endpoints.put(key, new Endpoint(localPort, remotePort, conn, initial));
    }

    /** Watches the connection a segment crossing the wire belongs to, if the wire has numbered it. */
    void watchSegment(int kernelPort, int peerPort, boolean synToListener) {
        int conn = peer.knownConnection(kernelPort, peerPort);
        if (conn < 0) return;
        Endpoint e = endpoints.get(key(kernelPort, peerPort));
        if (e == null || e.conn != conn) {
            watch(kernelPort, peerPort, conn, synToListener ? TcpState.LISTEN : TcpState.CLOSED);
        }
    }

    /** Samples the endpoint on these ports, if watched; {@code cause} explains a change (null: a timer). */
    void sample(int localPort, int remotePort, String cause) {
        sample(localPort, remotePort, cause, -1);
    }

    /**
     * Samples the endpoint on these ports after a socket call that began at {@code callStart} (trace time): a change
     * the call made happened in it, before any segment it sent, so it is dated to the call's start.
     */
    void sample(int localPort, int remotePort, String cause, long callStart) {
        Endpoint e = endpoints.get(key(localPort, remotePort));
        if (e != null) sample(e, cause, callStart);
    }

    /** Samples every endpoint on {@code localPort} that is not closed (a listener's children), after a call. */
    void samplePort(int localPort, String cause, long callStart) {
        for (Endpoint e : List.copyOf(endpoints.values())) {
            if (e.localPort == localPort && e.state != TcpState.CLOSED) sample(e, cause, callStart);
        }
    }

    /** Samples every endpoint that is not closed. */
    void sampleAll(String cause) {
        for (Endpoint e : List.copyOf(endpoints.values())) {
            if (e.state != TcpState.CLOSED || e.timerDueRaw != 0) sample(e, cause, -1);
        }
    }

    /** Samples every endpoint whose timer is due by now: its effect, if silent, shows only this way. */
    void sampleDue() {
        long now = System.nanoTime();
        for (PriorityQueue<Due> q : List.of(otherTimers, timewaitTimers)) {
            List<Endpoint> due = new ArrayList<>();
            for (Due d = q.peek(); d != null && (d.stale() || d.raw <= now); d = q.peek()) {
                q.poll();
                if (!d.stale()) due.add(d.endpoint);
            }
            for (Endpoint e : due) {
                sample(e, null, -1);
                // still there, the wheel firing late: look again at the next sample
                if (e.timerDueRaw != 0 && e.timerDueRaw <= now) enqueue(e);
            }
        }
    }

    private void sample(Endpoint e, String cause, long at) {
        if (stopped) return;
        SockDiag.Info info;
        try {
            info = diag.lookup(local, e.localPort, remote, e.remotePort);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        long raw = System.nanoTime();
        TcpState now = info == null ? TcpState.CLOSED : info.state();
        if (now != e.state) {
            String why = cause;
            if (why == null) why = e.last != null && e.last.timer() != SockDiag.Timer.NONE
                    ? timerKind(e.last, e.state).label() + " timer expired" : "the stack, on its own";
            record(e, now, why, at);
        }
        SockDiag.Info before = e.last;
        e.last = info;
        if (info == null || info.timer() == SockDiag.Timer.NONE) {
            e.timerDueRaw = 0;
            return;
        }
        long due = raw + info.timerLeftMillis() * 1_000_000L;
        boolean armed = before == null || before.timer() != info.timer() || e.timerDueRaw == 0
                || due > e.timerDueRaw + 50_000_000L;
        if (armed || due != e.timerDueRaw) {
            e.timerDueRaw = due;
            enqueue(e);
        }
        if (armed) {
            peer.record(new TraceEvent.Timer(peer.nowNanos(), side, e.conn, timerKind(info, now),
                    TraceEvent.TimerAction.OBSERVED, info.timerLeftMillis() * 1_000_000L, resolution(info)));
        }
    }

    private void enqueue(Endpoint e) {
        Due d = new Due(e.timerDueRaw, e);
        (e.timewaitTimer() ? timewaitTimers : otherTimers).add(d);
    }

    private void record(Endpoint e, TcpState to, String cause, long at) {
        peer.record(new TraceEvent.StateChange(at >= 0 ? at : peer.nowNanos(), side, e.conn, e.state, to, cause));
        e.state = to;
    }

    /**
     * How far the moment a timer read from the kernel fires may lie from what it said: the millisecond it is given
     * in, plus the timer wheel's granularity, which grows with the timeout (a 60 s timer at HZ=250 fires up to
     * 2.048 s late, LINUX.md §1): an eighth of the time left covers every level of the wheel.
     */
    static long resolution(SockDiag.Info info) {
        return Math.max(4_000_000L, info.timerLeftMillis() * 1_000_000L / 8);
    }

    /** What the kernel's pending timer is, in the trace's terms. */
    static TimerKind timerKind(SockDiag.Info info, TcpState state) {
        return switch (info.timer()) {
            case TIMEWAIT -> state == TcpState.FIN_WAIT_2 ? TimerKind.FIN_WAIT_2 : TimerKind.TIME_WAIT;
            case KEEPALIVE -> state == TcpState.FIN_WAIT_2 ? TimerKind.FIN_WAIT_2 : TimerKind.KEEPALIVE;
            case ZERO_WINDOW_PROBE -> TimerKind.PERSIST;
            default -> TimerKind.RETRANSMISSION;
        };
    }

    /**
     * The earliest time, in {@link System#nanoTime()} terms, a pending kernel timer fires; MAX_VALUE if none.
     * {@code ignoreTimewait}: leave out timewait sockets' timers (TIME_WAIT, an orphaned FIN_WAIT_2).
     */
    long nextTimerRaw(boolean ignoreTimewait) {
        long next = head(otherTimers);
        return ignoreTimewait ? next : Math.min(next, head(timewaitTimers));
    }

    private static long head(PriorityQueue<Due> q) {
        Due d;
        while ((d = q.peek()) != null && d.stale()) q.poll();
        return d == null ? Long.MAX_VALUE : d.raw;
    }

    /** Whether any endpoint still has a timer pending that is not a timewait socket's. */
    boolean busy() {
        return head(otherTimers) != Long.MAX_VALUE;
    }

    /** Stops observing: what the kernel does from now on is not recorded. */
    void stop() {
        stopped = true;
    }

    /** Every endpoint seen, in the order first seen. */
    Collection<Endpoint> endpoints() {
        return endpoints.values();
    }

    /** Endpoints with a timer pending, for messages. */
    List<Endpoint> withTimers() {
        List<Endpoint> out = new ArrayList<>();
        for (Endpoint e : endpoints.values()) if (e.timerDueRaw != 0) out.add(e);
        return out;
    }

    private static long key(int localPort, int remotePort) {
        return ((long) localPort << 16) | remotePort;
    }
}
