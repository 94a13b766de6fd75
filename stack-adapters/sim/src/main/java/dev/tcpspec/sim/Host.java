package dev.tcpspec.sim;

import dev.tcpspec.spi.ListenResult;
import dev.tcpspec.spi.SocketOptions;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpOptions;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.TraceEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated host: its address, its listeners, its connections (demultiplexed by port pair; each host has one
 * peer), its port table, and the RFC 9293 §3.10.7.1 answer to segments that match nothing: a reset.
 */
final class Host {
    final Network net;
    final Side side;
    final int address;
    private final Map<Long, Tcb> connections = new HashMap<>();
    private final Map<Integer, SimListener> listeners = new HashMap<>();
    private final List<Integer> listenerPortsBeforeCrash = new ArrayList<>();
    private boolean up = true;
    private int portCursor;

    Host(Network net, Side side, int address, long seed) {
        this.net = net;
        this.side = side;
        this.address = address;
        int range = net.profile.ephemeralPortCount();
        this.portCursor = (int) Math.floorMod(seed * 0x9E3779B97F4A7C15L + side.ordinal(), range) & ~1;
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

    // ---- application calls -------------------------------------------------------------------------------------

    /** bind() and listen(); fails with ADDRESS_IN_USE on a conflict. */
    ListenResult listen(int port, SocketOptions options) {
        boolean reuse = Boolean.TRUE.equals(options.reuseAddress());
        if (!canBind(port, reuse)) return ListenResult.failed(AppOutcome.ADDRESS_IN_USE);
        SimListener l = new SimListener(this, port, options);
        listeners.put(port, l);
        return ListenResult.ok(l);
    }

    /** What connect() started: a connection in SYN_SENT, or the error that stopped it before any segment. */
    record Opening(Tcb tcb, AppOutcome error) {
    }

    /** connect() to the peer host. */
    Opening connect(SocketOptions options, int remotePort) {
        int localPort = options.localPort();
        if (localPort == 0) {
            localPort = ephemeralPort(remotePort);
            if (localPort < 0) return new Opening(null, AppOutcome.ADDRESS_NOT_AVAILABLE);
        } else {
            Tcb old = connections.get(key(localPort, remotePort));
            if (old != null && !(old.state == TcpState.TIME_WAIT && mayReuseTimeWait(old))) {
                return new Opening(null, AppOutcome.ADDRESS_NOT_AVAILABLE);
            }
            if (old == null && !canBind(localPort, Boolean.TRUE.equals(options.reuseAddress()))) {
                return new Opening(null, AppOutcome.ADDRESS_IN_USE);
            }
        }
        Tcb displaced = connections.get(key(localPort, remotePort));
        if (displaced != null) displaced.reuseTimeWait();
        int conn = net.newConnection(side, localPort, remotePort);
        Tcb t = new Tcb(this, localPort, remotePort, conn, options, null);
        connections.put(key(localPort, remotePort), t);
        t.activeOpen();
        return new Opening(t, null);
    }

    /** Whether a socket may bind {@code port}: no listener holds it, and every connection on it allows reuse. */
    private boolean canBind(int port, boolean reuse) {
        if (listeners.containsKey(port)) return false;
        for (Tcb t : connections.values()) {
            if (t.localPort == port && !(reuse && t.reuseAddress)) return false;
        }
        return true;
    }

    /**
     * An ephemeral port for a connection to {@code remotePort}: scanned from a cursor, even ports first as Linux's
     * connect() does, skipping listeners and 4-tuples in use (TIME_WAIT included, unless reuse is allowed).
     */
    private int ephemeralPort(int remotePort) {
        int low = net.profile.ephemeralLow();
        int count = net.profile.ephemeralPortCount();
        for (int parity = 0; parity < 2; parity++) {
            for (int i = 0; i < count; i += 2) {
                int offset = (portCursor + i) % count;
                offset = (offset & ~1) | parity;
                if (offset >= count) continue;
                int port = low + offset;
                if (listeners.containsKey(port)) continue;
                Tcb existing = connections.get(key(port, remotePort));
                if (existing == null || (existing.state == TcpState.TIME_WAIT && mayReuseTimeWait(existing))) {
                    portCursor = (offset + 2) % count;
                    return port;
                }
            }
        }
        return -1;
    }

    /** tcp_tw_reuse: a TIME_WAIT 4-tuple may be taken over when timestamps prove the new connection newer. */
    private boolean mayReuseTimeWait(Tcb tw) {
        return switch (net.profile.timeWaitReuse()) {
            case OFF, LOOPBACK_ONLY -> false;
            case ON -> tw.timestampsOn() && net.now() - tw.enteredStateAt >= 1_000_000_000L;
        };
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
        answerClosed(s);
    }

    /** RFC 9293 §3.10.7.1: in CLOSED, anything but a RST is answered with a RST. */
    void answerClosed(Segment s) {
        if (s.rst() && !(s.hasAck() && net.has(Mutant.RST_ANSWERS_RST))) return;
        if (s.hasAck()) {
            send(new Segment(s.dstPort(), s.srcPort(), s.ack(), 0, Segment.RST, 0, Segment.NO_PAYLOAD,
                    TcpOptions.NONE));
        } else {
            send(new Segment(s.dstPort(), s.srcPort(), 0, s.seq() + s.seqLength(), Segment.RST | Segment.ACK, 0,
                    Segment.NO_PAYLOAD, TcpOptions.NONE));
        }
    }

    // ---- connection table --------------------------------------------------------------------------------------

    /** A passive open: a child connection created by a listener for an arriving SYN. */
    Tcb addChild(SimListener l, Segment syn) {
        int conn = net.connectionOf(side, l.port, syn.srcPort());
        Tcb t = new Tcb(this, l.port, syn.srcPort(), conn, l.options, l);
        connections.put(key(l.port, syn.srcPort()), t);
        return t;
    }

    void remove(Tcb t) {
        connections.remove(key(t.localPort, t.remotePort), t);
    }

    void removeListener(SimListener l) {
        listeners.remove(l.port, l);
    }

    /** How many connections of this host are in {@code state}. */
    int count(TcpState state) {
        int n = 0;
        for (Tcb t : connections.values()) {
            if (t.state == state) n++;
        }
        return n;
    }

    // ---- crash and reboot --------------------------------------------------------------------------------------

    void crash() {
        net.record(new TraceEvent.Note(net.now(), side.label() + " host crashed: "
                + connections.size() + " connection(s) and " + listeners.size() + " listener(s) lost"));
        for (Tcb t : new ArrayList<>(connections.values())) t.vanish();
        listenerPortsBeforeCrash.clear();
        for (SimListener l : listeners.values()) listenerPortsBeforeCrash.add(l.port);
        for (SimListener l : new ArrayList<>(listeners.values())) l.vanish();
        connections.clear();
        listeners.clear();
        up = false;
    }

    void reboot() {
        up = true;
        for (int port : listenerPortsBeforeCrash) {
            listeners.put(port, new SimListener(this, port, SocketOptions.DEFAULTS));
        }
        net.record(new TraceEvent.Note(net.now(), side.label() + " host rebooted with no connections"
                + (listenerPortsBeforeCrash.isEmpty() ? "" : ", listening again on " + listenerPortsBeforeCrash)));
    }

    private static long key(int localPort, int remotePort) {
        return ((long) localPort << 16) | remotePort;
    }
}
