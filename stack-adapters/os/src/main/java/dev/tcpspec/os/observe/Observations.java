package dev.tcpspec.os.observe;

import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one session has seen of its sockets so far, raw: each change of a 4-tuple's row in {@code /proc/net/tcp*}
 * (with the time of the sample that saw it), and each state transition the kernel tracepoint reported. Turned into
 * trace events only once the scenario is over ({@link Timeline}), when every source has delivered. Thread-safe: the
 * shared /proc poller, the tracer and the session thread all feed it.
 */
public final class Observations {
    /**
     * A row seen at {@code rawNanos} ({@link System#nanoTime()}), or its absence ({@code row == null});
     * {@code rearmed} when its timer counts more than in the sample before (it was armed again).
     */
    record Sighting(long rawNanos, SocketRow row, boolean rearmed) {
        Sighting(long rawNanos, SocketRow row) {
            this(rawNanos, row, false);
        }
    }

    /** A transition of a full socket, from the kernel's {@code sock:inet_sock_set_state} tracepoint. */
    public record Transition(long rawNanos, int localPort, int remotePort, TcpState from, TcpState to) {
    }

    /** One end of one connection of the scenario: its 4-tuple, and when the connect() that made it began. */
    public record Endpoint(Side side, int conn, int localPort, int remotePort, long startRaw) {
        long tupleKey() {
            return key(localPort, remotePort);
        }
    }

    private final int serverPort;
    private final java.util.Set<Integer> clientPorts = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final Map<Long, List<Sighting>> sightings = new HashMap<>();
    private final Map<Long, SocketRow> current = new HashMap<>();
    private final List<Transition> transitions = new ArrayList<>();
    private long lastSampleRaw;

    public Observations(int serverPort) {
        this.serverPort = serverPort;
    }

    public int serverPort() {
        return serverPort;
    }

    /** True for a port of this session's rows: the server's, or a local port one of its connect() calls used. */
    public boolean concernsPort(int port) {
        return port == serverPort || clientPorts.contains(port);
    }

    /** True for a row of this session: one of its ends is a port of the session's. */
    boolean concerns(int localPort, int remotePort) {
        return concernsPort(localPort) || concernsPort(remotePort);
    }

    /** A local port a connect() of the session used (known once the call returns). */
    public void addClientPort(int port) {
        clientPorts.add(port);
    }

    public synchronized void addEndpoint(Endpoint e) {
        endpoints.add(e);
    }

    public synchronized List<Endpoint> endpoints() {
        return List.copyOf(endpoints);
    }

    /**
     * A sample of the table taken at {@code rawNanos}: the session's rows (others are ignored). Records what changed
     * for each 4-tuple: a new row, a state or timer change, a timer re-armed, or a row gone.
     */
    synchronized void sample(long rawNanos, List<SocketRow> rows) {
        sample(rawNanos, rawNanos, rows);
    }

    /**
     * A sample whose read began at {@code startRaw} and ended at {@code rawNanos}; it is dated by its end. A sample
     * begun before the latest one taken is dropped: two threads sample, and an older view must not follow a newer.
     */
    synchronized void sample(long startRaw, long rawNanos, List<SocketRow> rows) {
        if (startRaw < lastSampleRaw) return;
        lastSampleRaw = startRaw;
        Map<Long, SocketRow> seen = new HashMap<>();
        for (SocketRow r : rows) {
            if (r.remotePort() == 0 || !concerns(r.localPort(), r.remotePort())) continue;   // the listener itself
            seen.put(key(r.localPort(), r.remotePort()), r);
        }
        for (Map.Entry<Long, SocketRow> e : seen.entrySet()) {
            SocketRow before = current.get(e.getKey());
            if (before == null || changed(before, e.getValue())) {
                boolean rearmed = before != null && before.timer() == e.getValue().timer()
                        && e.getValue().timerTicks() > before.timerTicks();
                sightings.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                        .add(new Sighting(rawNanos, e.getValue(), rearmed));
            }
        }
        for (Long k : current.keySet()) {
            if (!seen.containsKey(k)) sightings.get(k).add(new Sighting(rawNanos, null));
        }
        current.clear();
        current.putAll(seen);
    }

    private static boolean changed(SocketRow a, SocketRow b) {
        if (a.state() != b.state() || a.timer() != b.timer() || (a.inode() == 0) != (b.inode() == 0)
                || a.retransmits() != b.retransmits() || a.probes() != b.probes()) {
            return true;
        }
        // a timer counts down; its count going up means it was armed again (a TIME_WAIT restarted by a FIN, ...)
        return b.timer() != SocketRow.NO_TIMER && b.timerTicks() > a.timerTicks();
    }

    /**
     * A transition of any socket of the machine while the session lives: kept whatever its ports, as the tracepoint
     * may report a connect()'s SYN_SENT before the call returns the port it used; {@link Timeline} picks the
     * session's by 4-tuple.
     */
    synchronized void transition(Transition t) {
        transitions.add(t);
    }

    /** The rows of the latest sample. */
    public synchronized List<SocketRow> currentRows() {
        return List.copyOf(current.values());
    }

    synchronized List<Sighting> sightings(long tupleKey) {
        return List.copyOf(sightings.getOrDefault(tupleKey, List.of()));
    }

    /** The transitions, so far, of sockets whose remote port is {@code remotePort}, in order. */
    public synchronized List<Transition> transitionsTowards(int remotePort) {
        List<Transition> out = new ArrayList<>();
        for (Transition t : transitions) {
            if (t.remotePort() == remotePort) out.add(t);
        }
        return out;
    }

    synchronized List<Transition> transitions(int localPort, int remotePort) {
        List<Transition> out = new ArrayList<>();
        for (Transition t : transitions) {
            if (t.localPort() == localPort && t.remotePort() == remotePort) out.add(t);
        }
        return out;
    }

    static long key(int localPort, int remotePort) {
        return ((long) localPort << 16) | remotePort;
    }
}
