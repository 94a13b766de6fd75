package dev.tcpspec.os.observe;


import dev.tcpspec.os.observe.Observations.Endpoint;
import dev.tcpspec.os.observe.Observations.Sighting;
import dev.tcpspec.os.observe.Observations.Transition;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.TimerKind;
import dev.tcpspec.trace.TraceEvent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongUnaryOperator;

/**
 * Turns a session's raw {@link Observations} into the trace's state changes and timers, once every source has
 * delivered.
 *
 * <ul>
 *   <li>Without the kernel tracepoint, states are what the samples of {@code /proc/net/tcp*} showed, at the time of
 *       the sample that first showed them. A state held for microseconds (LAST_ACK on loopback) is never seen; that
 *       is why such an adapter lacks {@code TRANSIENT_STATE_OBSERVATION}.</li>
 *   <li>With it, a full socket's transitions are the kernel's own, to the microsecond. What the tracepoint cannot
 *       show comes from /proc: when a socket in FIN_WAIT_1, FIN_WAIT_2 or CLOSING "closes", the kernel has put a
 *       timewait socket in its place (TIME_WAIT, or an orphaned FIN_WAIT_2), which lives in /proc until its timer
 *       expires.</li>
 *   <li>A pending timer is recorded as observed, when it is first seen and whenever it is re-armed, with the time
 *       /proc shows left on it and the reading's resolution ({@link #READING_RESOLUTION_NANOS}).</li>
 * </ul>
 */
public final class Timeline {
    /** Clock ticks per second of the {@code tm->when} column (USER_HZ: 100 on every Linux architecture Java runs on). */
    public static final int USER_HZ = 100;

    private static final Set<TcpState> MAY_BECOME_TIMEWAIT =
            EnumSet.of(TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2, TcpState.CLOSING);
    /** A sample taken this much before a tracepoint's time may already show its effect (clocks read apart). */
    private static final long CLOCK_MARGIN_NANOS = 2_000_000L;

    /** When the captured FINs reached an endpoint: {@link System#nanoTime()} readings, in order. */
    public interface FinArrivals {
        List<Long> at(Side side, int conn);

        FinArrivals NONE = (side, conn) -> List.of();
    }

    private final Observations obs;
    private final boolean traced;
    private final LongUnaryOperator toTrace;
    private final FinArrivals fins;
    private final List<TraceEvent> out = new ArrayList<>();

    private Timeline(Observations obs, boolean traced, LongUnaryOperator toTrace, FinArrivals fins) {
        this.obs = obs;
        this.traced = traced;
        this.toTrace = toTrace;
        this.fins = fins;
    }

    /**
     * The trace events for every endpoint of the session.
     *
     * @param traced  whether the tracepoint observed the session's transitions
     * @param toTrace converts a {@link System#nanoTime()} reading into trace time
     * @param fins    when captured FINs arrived, to date a timewait socket's move to TIME_WAIT (no tracepoint fires
     *                for it; the peer's FIN is what moves it)
     */
    public static List<TraceEvent> build(Observations obs, boolean traced, LongUnaryOperator toTrace, FinArrivals fins) {
        Timeline t = new Timeline(obs, traced, toTrace, fins);
        List<Endpoint> endpoints = new ArrayList<>(obs.endpoints());
        endpoints.sort(Comparator.comparingLong(Endpoint::startRaw));
        for (Endpoint e : endpoints) t.endpoint(e, endpoints);
        return t.out;
    }

    private void endpoint(Endpoint e, List<Endpoint> all) {
        List<Sighting> mine = sightingsOf(e, all);
        TcpState state = traced ? fromTracepoint(e, mine, all) : fromSamples(e, mine);
        timers(e, mine);
        Endpoint next = successor(e, all);
        if (state != TcpState.CLOSED && next != null) {
            Long takeover = firstFullRow(obs.sightings(e.tupleKey()), next.startRaw());
            if (takeover != null) {
                change(takeover, e, state, TcpState.CLOSED, "a new connection took over its 4-tuple");
            }
        }
    }

    /** States from the samples alone. Returns the last state. */
    private TcpState fromSamples(Endpoint e, List<Sighting> mine) {
        TcpState state = TcpState.CLOSED;
        long previous = Long.MIN_VALUE;
        for (Sighting s : mine) {
            TcpState seen = s.row() == null ? TcpState.CLOSED : s.row().state();
            if (seen != state) {
                String cause = previous == Long.MIN_VALUE ? "first seen in /proc/net/" + s.row().file()
                        : s.row() == null ? gone(state) : "seen in /proc/net/" + s.row().file() + timewaitNote(s.row());
                seenChange(e, previous, s, state, seen, cause);
                state = seen;
            }
            previous = s.rawNanos();
        }
        return state;
    }

    /** States from the tracepoint, with the timewait phase from the samples. Returns the last state. */
    private TcpState fromTracepoint(Endpoint e, List<Sighting> mine, List<Endpoint> all) {
        TcpState state = null;
        for (Transition t : transitionsOf(e, all)) {
            if (state == null) state = t.from();
            if (t.to() == TcpState.CLOSED && MAY_BECOME_TIMEWAIT.contains(t.from())) {
                return timewaitPhase(e, t, state, mine);
            }
            change(t.rawNanos(), e, state, t.to(), "kernel tracepoint");
            state = t.to();
        }
        return state == null ? TcpState.CLOSED : state;
    }

    /** The full socket closed in a state that may leave a timewait socket behind: follow it in /proc. */
    private TcpState timewaitPhase(Endpoint e, Transition close, TcpState state, List<Sighting> mine) {
        int i = 0;
        while (i < mine.size() && (mine.get(i).rawNanos() < close.rawNanos() - CLOCK_MARGIN_NANOS
                || (mine.get(i).row() != null && !mine.get(i).row().isTimewaitSocket()))) {
            i++;
        }
        if (i == mine.size() || mine.get(i).row() == null) {
            change(close.rawNanos(), e, state, TcpState.CLOSED, "kernel tracepoint; no timewait socket left");
            return TcpState.CLOSED;
        }
        SocketRow tw = mine.get(i).row();
        if (tw.state() != state) {
            change(close.rawNanos(), e, state, tw.state(), "kernel tracepoint; a timewait socket (st "
                    + String.format("%02X", tw.state().linuxCode()) + ") took its place");
            state = tw.state();
        }
        for (i = i + 1; i < mine.size(); i++) {
            Sighting s = mine.get(i);
            TcpState seen = s.row() == null ? TcpState.CLOSED : s.row().state();
            if (seen != state) {
                seenChange(e, mine.get(i - 1).rawNanos(), s, state, seen, s.row() == null ? gone(state)
                        : "seen in /proc/net/" + s.row().file() + timewaitNote(s.row()));
                state = seen;
            }
        }
        return state;
    }

    /**
     * A change first seen in a sample. A move from FIN_WAIT_2 to TIME_WAIT is caused by the peer's FIN: if the capture
     * saw one arrive since the previous sample, that is when it happened; otherwise it is dated by the sample.
     */
    private void seenChange(Endpoint e, long previousRaw, Sighting s, TcpState from, TcpState to, String cause) {
        if (from == TcpState.FIN_WAIT_2 && to == TcpState.TIME_WAIT) {
            Long fin = null;
            for (long t : fins.at(e.side(), e.conn())) {
                if (t > previousRaw && t <= s.rawNanos() + CLOCK_MARGIN_NANOS) fin = t;
            }
            if (fin != null) {
                change(fin, e, from, to, "rcvd FIN (dated by the capture; /proc showed the timewait socket in "
                        + "TIME_WAIT)");
                return;
            }
        }
        change(s.rawNanos(), e, from, to, cause);
    }

    private void timers(Endpoint e, List<Sighting> mine) {
        TimerKind kind = null;
        for (Sighting s : mine) {
            SocketRow r = s.row();
            if (r == null || r.timer() == SocketRow.NO_TIMER) {
                kind = null;
                continue;
            }
            TimerKind k = kindOf(r);
            if (k != kind || s.rearmed()) {
                out.add(new TraceEvent.Timer(toTrace.applyAsLong(s.rawNanos()), e.side(), e.conn(), k,
                        TraceEvent.TimerAction.OBSERVED, left(r), READING_RESOLUTION_NANOS));
            }
            kind = k;
        }
    }

    /**
     * How far a timer read from /proc may be from the truth in real time: the column is truncated to a USER_HZ tick
     * (10 ms), and the kernel counts timers in jiffies, which on a loaded tickless VM lag real time by a varying
     * amount (a timer armed with a count 35 ms behind was seen on this machine, HZ=250).
     */
    static final long READING_RESOLUTION_NANOS = 100_000_000L;

    /** The time a row's timer has left: the middle of the tick the truncated column stands for. */
    static long left(SocketRow r) {
        return r.timerTicks() * 1_000_000_000L / USER_HZ + 500_000_000L / USER_HZ;
    }

    public static TimerKind kindOf(SocketRow r) {
        return switch (r.timer()) {
            case SocketRow.RETRANSMIT_TIMER -> TimerKind.RETRANSMISSION;
            case SocketRow.KEEPALIVE_TIMER -> r.state() == TcpState.FIN_WAIT_2 ? TimerKind.FIN_WAIT_2 : TimerKind.KEEPALIVE;
            case SocketRow.TIMEWAIT_TIMER -> r.state() == TcpState.TIME_WAIT ? TimerKind.TIME_WAIT : TimerKind.FIN_WAIT_2;
            case SocketRow.PROBE_TIMER -> TimerKind.PERSIST;
            default -> throw new IllegalArgumentException("unknown timer " + r.timer() + " in " + r);
        };
    }

    private void change(long raw, Endpoint e, TcpState from, TcpState to, String cause) {
        out.add(new TraceEvent.StateChange(toTrace.applyAsLong(raw), e.side(), e.conn(), from, to, cause));
    }

    private static String gone(TcpState state) {
        return switch (state) {
            case TIME_WAIT -> "TIME_WAIT timer expired: the timewait socket left /proc";
            case FIN_WAIT_2 -> "gone from /proc (an orphaned FIN_WAIT_2 times out)";
            default -> "gone from /proc";
        };
    }

    private static String timewaitNote(SocketRow r) {
        return r.isTimewaitSocket() ? " as a timewait socket" : "";
    }

    /**
     * The samples of this endpoint's 4-tuple that are its own: taken after its connect() began, except that a
     * timewait socket or an empty slot seen before the newer connection shows a full socket still belongs to the
     * older one.
     */
    private List<Sighting> sightingsOf(Endpoint e, List<Endpoint> all) {
        List<Sighting> mine = new ArrayList<>();
        List<Endpoint> sameTuple = all.stream().filter(o -> o.tupleKey() == e.tupleKey()).toList();
        boolean[] hasFull = new boolean[sameTuple.size()];
        for (Sighting s : obs.sightings(e.tupleKey())) {
            int owner = -1;
            for (int i = 0; i < sameTuple.size(); i++) {
                if (sameTuple.get(i).startRaw() <= s.rawNanos()) owner = i;
            }
            if (owner < 0) continue;
            boolean fullRow = s.row() != null && !s.row().isTimewaitSocket();
            if (!fullRow && !hasFull[owner] && owner > 0) owner--;
            if (fullRow) hasFull[owner] = true;
            if (sameTuple.get(owner) == e) mine.add(s);
        }
        return mine;
    }

    /**
     * The transitions of this endpoint's socket. A connect() from an ephemeral port enters SYN_SENT before the kernel
     * picks the port, so that first transition carries local port 0: it is this endpoint's if it went towards the
     * same remote port after the connect() began and before the socket's first transition with its port.
     */
    private List<Transition> transitionsOf(Endpoint e, List<Endpoint> all) {
        List<Transition> mine = new ArrayList<>();
        List<Transition> own = ownTransitions(e, all);
        if (e.side() == Side.CLIENT && (own.isEmpty() || own.get(0).from() == TcpState.SYN_SENT)) {
            long before = own.isEmpty() ? Long.MAX_VALUE : own.get(0).rawNanos();
            Transition opening = null;
            for (Transition t : obs.transitionsTowards(e.remotePort())) {
                if (t.localPort() == 0 && t.to() == TcpState.SYN_SENT && t.rawNanos() >= e.startRaw()
                        && t.rawNanos() <= before) {
                    opening = t;
                }
            }
            if (opening != null) mine.add(opening);
        }
        mine.addAll(own);
        return mine;
    }

    private List<Transition> ownTransitions(Endpoint e, List<Endpoint> all) {
        List<Transition> mine = new ArrayList<>();
        for (Transition t : obs.transitions(e.localPort(), e.remotePort())) {
            Endpoint owner = null;
            for (Endpoint o : all) {
                if (o.tupleKey() == e.tupleKey() && o.startRaw() <= t.rawNanos()) owner = o;
            }
            if (owner == e) mine.add(t);
        }
        return mine;
    }

    private static Endpoint successor(Endpoint e, List<Endpoint> all) {
        for (Endpoint o : all) {
            if (o != e && o.tupleKey() == e.tupleKey() && o.startRaw() > e.startRaw()) return o;
        }
        return null;
    }

    private static Long firstFullRow(List<Sighting> sightings, long after) {
        for (Sighting s : sightings) {
            if (s.rawNanos() >= after && s.row() != null && !s.row().isTimewaitSocket()) return s.rawNanos();
        }
        return null;
    }
}
