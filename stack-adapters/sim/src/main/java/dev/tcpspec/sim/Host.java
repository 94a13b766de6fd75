package dev.tcpspec.sim;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.spi.ListenResult;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpOptions;
import dev.tcpspec.trace.TcpState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated host: its address, its listeners, its connections (demultiplexed by port pair: each host has one
 * peer), its {@link PortTable}, and the RFC 9293 §3.10.7.1 answer to segments that match nothing: a reset. It also
 * decides the socket-API questions around TIME_WAIT: bind() conflicts (SO_REUSEADDR), when connect() may take over a
 * TIME_WAIT 4-tuple (tcp_tw_reuse; a bound connect() with timestamps), and when a SYN reopens one (RFC 6191).
 */
final class Host {
    final Network net;
    final Side side;
    final int address;
    private final LongMap<Tcb> connections = new LongMap<>();
    private final Map<Integer, SimListener> listeners = new LinkedHashMap<>();
    private final Map<Integer, SocketOptions> listenersBeforeCrash = new LinkedHashMap<>();
    private final PortTable ports;
    private boolean up = true;
    private long quietUntil = Long.MIN_VALUE;

    Host(Network net, Side side, int address, long seed) {
        this.net = net;
        this.side = side;
        this.address = address;
        this.ports = new PortTable(seed * 31 + side.ordinal());
    }

    String addressText() {
        return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "."
                + (address & 0xFF);
    }

    Host peer() {
        return net.host(side.peer());
    }

    boolean isUp() {
        return up;
    }

    /** Whether the host is still in its quiet time after a reboot (RFC 9293 §3.4.3). */
    boolean quiet() {
        return net.now() < quietUntil;
    }

    // ---- application calls -------------------------------------------------------------------------------------

    /** bind() and listen(); fails with ADDRESS_IN_USE on a conflict. */
    ListenResult listen(int port, SocketOptions options) {
        boolean reuse = Boolean.TRUE.equals(options.reuseAddress());
        if (!canBind(port, reuse)) return ListenResult.failed(AppOutcome.ADDRESS_IN_USE);
        SimListener l = new SimListener(this, port, options);
        listeners.put(port, l);
        ports.listen(port);
        return ListenResult.ok(l);
    }

    /** A port nobody listens on, for a listener that asked for any port: 80 if free, else the first free above. */
    int freeListeningPort() {
        for (int p = SimSession.DEFAULT_SERVER_PORT; p < 65536; p++) {
            if (!listeners.containsKey(p) && canBind(p, false)) return p;
        }
        throw new IllegalStateException("no free port left on " + addressText());
    }

    /**
     * Linux's bind-conflict rule: no listener may hold the port (SO_REUSEADDR never lets two listeners share it), and
     * every connection on it, TIME_WAIT included, must allow reuse as the new socket does (a TIME_WAIT keeps the flag
     * of the socket it came from).
     */
    private boolean canBind(int port, boolean reuse) {
        if (listeners.containsKey(port) && !(reuse && net.has(Mutant.REUSEADDR_SHARES_LISTENERS))) return false;
        boolean[] free = {true};
        connections.forEach(t -> {
            if (t.localPort != port || (reuse && (t.reuseAddress || net.has(Mutant.REUSEADDR_ON_NEW_SOCKET_SUFFICES)))) {
                return;
            }
            if (t.state == TcpState.TIME_WAIT && net.has(Mutant.BIND_IGNORES_TIME_WAIT)) return;
            free[0] = false;
        });
        return free[0];
    }

    /** What connect() started: a connection in SYN_SENT, or the error that stopped it before any segment. */
    record Opening(Tcb tcb, AppOutcome error) {
    }

    /** connect() to the peer host. */
    Opening connect(SocketOptions options, int remotePort) {
        int localPort = options.localPort();
        Tcb displaced = null;
        if (localPort == 0) {
            localPort = pickEphemeralPort(remotePort);
            if (localPort < 0) return new Opening(null, AppOutcome.ADDRESS_NOT_AVAILABLE);
            displaced = connections.get(key(localPort, remotePort));
        } else {
            // bind() first: every socket on the port, a TIME_WAIT on this very 4-tuple included, must allow reuse
            if (listeners.containsKey(localPort) || !canBind(localPort, Boolean.TRUE.equals(options.reuseAddress()))) {
                return new Opening(null, AppOutcome.ADDRESS_IN_USE);
            }
            // then connect(): the 4-tuple must be free, or a TIME_WAIT that may be taken over
            Tcb old = connections.get(key(localPort, remotePort));
            if (old != null) {
                if (old.state != TcpState.TIME_WAIT || !mayTakeOverFromBoundPort(old)) {
                    return new Opening(null, AppOutcome.ADDRESS_NOT_AVAILABLE);
                }
                displaced = old;
            }
        }
        int conn = net.newConnection(side, localPort, remotePort);
        Tcb t = new Tcb(this, localPort, remotePort, conn, options, null);
        if (displaced != null) {
            displaced.yieldTimeWait("4-tuple taken over by connect()");
            if (options.iss() == null) t.inheritFrom(displaced);
        }
        connections.put(key(localPort, remotePort), t);
        ports.occupy(localPort, remotePort);
        t.activeOpen(quietUntil);
        return new Opening(t, null);
    }

    private int pickEphemeralPort(int remotePort) {
        Profile p = net.profile;
        boolean wide = net.has(Mutant.EPHEMERAL_PORTS_OUTSIDE_RANGE);
        int low = wide ? 1024 : p.ephemeralLow();
        int high = wide ? 65535 : p.ephemeralHigh();
        boolean reuse = net.has(Mutant.CONNECT_STEALS_TIME_WAIT) || switch (p.timeWaitReuse()) {
            case OFF -> false;
            case ON -> true;
            case LOOPBACK_ONLY -> isLoopback(address) || isLoopback(peer().address);
        };
        PortTable.Reuse takeOver = reuse ? port -> {
            Tcb tw = connections.get(key(port, remotePort));
            return tw != null && tw.state == TcpState.TIME_WAIT && mayTakeOverFromEphemeralPort(tw);
        } : null;
        return p.portSelection() == Profile.PortSelection.EVEN_FIRST
                ? ports.pickEphemeral(low, high, remotePort, takeOver)
                : ports.pickRandom(low, high, remotePort, takeOver);
    }

    private static boolean isLoopback(int address) {
        return (address >>> 24) == 127;
    }

    /**
     * tcp_tw_reuse (Linux tcp_twsk_unique with a port from the ephemeral search): the TIME_WAIT saw timestamps, so
     * PAWS guards the new incarnation, and is older than tcp_tw_reuse_delay.
     */
    private boolean mayTakeOverFromEphemeralPort(Tcb tw) {
        if (net.has(Mutant.CONNECT_STEALS_TIME_WAIT)) return true;
        return tw.timestampsOn() && net.now() - tw.enteredStateAt >= net.profile.timeWaitReuseDelay().toNanos();
    }

    /**
     * A connect() from an explicitly bound port onto a TIME_WAIT 4-tuple (Linux tcp_twsk_unique without a port
     * search): allowed whenever the TIME_WAIT saw timestamps, whatever tcp_tw_reuse says (measured, LINUX.md §5).
     */
    private boolean mayTakeOverFromBoundPort(Tcb tw) {
        return tw.timestampsOn() || net.has(Mutant.CONNECT_STEALS_TIME_WAIT);
    }

    // ---- segments ----------------------------------------------------------------------------------------------

    void send(Segment s) {
        net.transmit(this, s);
    }

    /** A segment arrives from the wire. */
    void receive(Segment s) {
        if (!up) return;
        Tcb t = connections.get(key(s.dstPort(), s.srcPort()));
        if (t != null) {
            t.receive(s);
            return;
        }
        SimListener l = listeners.get(s.dstPort());
        if (l != null) {
            l.receive(s);
            return;
        }
        answerWithReset(s);
    }

    /**
     * RFC 9293 §3.10.7.1: a segment that belongs to no connection is answered with a reset: SEG.SEQ = SEG.ACK if the
     * ACK bit is set, otherwise SEQ 0 with ACK = SEG.SEQ + SEG.LEN. A RST is never answered (RS-6).
     */
    void answerWithReset(Segment s) {
        if (net.has(Mutant.CLOSED_PORT_SILENT)) return;
        if (s.rst() && !(s.hasAck() && net.has(Mutant.RST_ANSWERS_RST))) return;
        if (s.hasAck()) {
            send(new Segment(s.dstPort(), s.srcPort(), s.ack(), 0, Segment.RST, 0, Segment.NO_PAYLOAD,
                    TcpOptions.NONE));
        } else {
            send(new Segment(s.dstPort(), s.srcPort(), 0, s.seq() + s.seqLength(), Segment.RST | Segment.ACK, 0,
                    Segment.NO_PAYLOAD, TcpOptions.NONE));
        }
    }

    /**
     * A provably new SYN arrived for a 4-tuple in TIME_WAIT (RFC 6191; Linux TCP_TW_SYN): the TIME_WAIT gives way and
     * the listener on the port answers it, starting above the old sequence space (old SND.NXT + 65537). Without a
     * listener, the SYN is acknowledged as TIME_WAIT would.
     */
    void reopenFromTimeWait(Tcb tw, Segment syn) {
        SimListener l = listeners.get(tw.localPort);
        if (l == null || quiet()) return;
        int iss = tw.sndNxt() + Tcb.TIME_WAIT_ISS_GAP;
        tw.yieldTimeWait("4-tuple reopened by a new SYN");
        l.answerSyn(syn, iss == 0 ? 1 : iss);
    }

    // ---- connection table --------------------------------------------------------------------------------------

    /** A passive open: a child connection created by a listener for an arriving SYN. */
    Tcb addChild(SimListener l, Segment syn) {
        int conn = net.connectionOf(side, l.port, syn.srcPort());
        Tcb t = new Tcb(this, l.port, syn.srcPort(), conn, l.options, l);
        connections.put(key(l.port, syn.srcPort()), t);
        ports.occupy(l.port, syn.srcPort());
        return t;
    }

    void remove(Tcb t) {
        long k = key(t.localPort, t.remotePort);
        if (connections.get(k) == t) {
            connections.remove(k);
            ports.release(t.localPort, t.remotePort);
        }
    }

    void removeListener(SimListener l) {
        if (listeners.get(l.port) == l) {
            listeners.remove(l.port);
            ports.unlisten(l.port);
        }
    }

    /** How many connections of this host are in {@code state}. */
    int count(TcpState state) {
        int[] n = {0};
        connections.forEach(t -> {
            if (t.state == state) n[0]++;
        });
        return n[0];
    }

    /** The connection on a port pair, or null (for the reference stack's own tests). */
    Tcb connection(int localPort, int remotePort) {
        return connections.get(key(localPort, remotePort));
    }

    // ---- crash and reboot --------------------------------------------------------------------------------------

    void crash() {
        net.note(side.label() + " host crashed: " + connections.size() + " connection(s) and " + listeners.size()
                + " listener(s) lost");
        List<Tcb> all = new ArrayList<>();
        connections.forEach(all::add);
        for (Tcb t : all) t.vanish();
        listenersBeforeCrash.clear();
        for (SimListener l : listeners.values()) listenersBeforeCrash.put(l.port, l.options);
        for (SimListener l : new ArrayList<>(listeners.values())) l.vanish();
        connections.clear();
        listeners.clear();
        ports.clear();
        up = false;
    }

    /**
     * The host comes back with no connections; its listeners open again. Under a profile with a quiet time (RFC 9293
     * §3.4.3) it assigns no sequence number for that long: connect() holds its SYN, listeners ignore SYNs.
     */
    void reboot() {
        up = true;
        for (Map.Entry<Integer, SocketOptions> e : listenersBeforeCrash.entrySet()) {
            listeners.put(e.getKey(), new SimListener(this, e.getKey(), e.getValue()));
            ports.listen(e.getKey());
        }
        if (net.profile.hasQuietTime() && !net.has(Mutant.NO_QUIET_TIME)) {
            quietUntil = net.now() + net.profile.quietTime().toNanos();
        }
        net.note(side.label() + " host rebooted with no connections"
                + (listenersBeforeCrash.isEmpty() ? "" : ", listening again on " + listenersBeforeCrash.keySet())
                + (quiet() ? "; quiet for " + dev.tcpspec.trace.Trace.human(quietUntil - net.now()) : ""));
    }

    private static long key(int localPort, int remotePort) {
        return ((long) localPort << 16) | remotePort;
    }
}
