package dev.tcpspec.examples.toytcp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import static dev.tcpspec.examples.toytcp.Packet.Flag.ACK;
import static dev.tcpspec.examples.toytcp.Packet.Flag.RST;
import static dev.tcpspec.examples.toytcp.Packet.Flag.SYN;

/**
 * toytcp: a small TCP for one host talking to one peer, written the way small embedded stacks are: no threads and no
 * clock of its own (the host supplies one, as lwIP's {@code sys_now()}). The host feeds it packets ({@link #input})
 * and calls {@link #tick} when the deadline it asked for ({@link #nextDeadline}) has come; what toytcp sends goes out
 * through the output function the host supplied. Sockets ({@link Conn}) never block: a call that cannot complete now
 * says {@link Outcome#WOULD_BLOCK}.
 *
 * <p>Inside, each connection's lifecycle is a table ({@link Transitions}); segment processing only validates
 * segments and turns them into events. Timers are deadlines stored in the connection and compared with the time the
 * host is given. Not modelled: congestion control, SACK, window scaling, urgent data, SO_LINGER.
 *
 * <pre>{@code
 * ToyTcp tcp = new ToyTcp(Config.defaults(42), System::nanoTime, packet -> nic.send(packet), observer);
 * tcp.listen(80, SocketConfig.DEFAULT);
 * tcp.input(packetFromTheWire);
 * long next = tcp.nextDeadline();              // Long.MAX_VALUE when nothing is pending
 * tcp.tick();                                  // at or after that time
 * }</pre>
 */
public final class ToyTcp {
    /** What toytcp tells the outside world about its connections, for tracing and testing. */
    public interface Observer {
        void stateChanged(Conn conn, State from, State to, String why);

        default void timerArmed(Conn conn, String timer, long durationNanos) {
        }

        default void timerFired(Conn conn, String timer) {
        }
    }

    final Config config;
    private final LongSupplier clock;
    private final Consumer<Packet> output;
    final Observer observer;
    private final Map<Long, Conn> conns = new LinkedHashMap<>();
    private final Map<Integer, Listener> listeners = new HashMap<>();
    private int nextEphemeral;

    /** A listening socket: its options and the queue of established connections not yet accepted. */
    static final class Listener {
        final int port;
        final SocketConfig options;
        final ArrayDeque<Conn> ready = new ArrayDeque<>();
        final List<Conn> embryos = new ArrayList<>();

        Listener(int port, SocketConfig options) {
            this.port = port;
            this.options = options;
        }
    }

    public ToyTcp(Config config, LongSupplier clock, Consumer<Packet> output, Observer observer) {
        this.config = config;
        this.clock = clock;
        this.output = output;
        this.observer = observer;
        int range = config.ephemeralHigh() - config.ephemeralLow() + 1;
        this.nextEphemeral = (int) Math.floorMod(mix(config.secret()), (long) range);
    }

    // ---- the host's side: packets and time ---------------------------------------------------------------------

    /** The time, in nanoseconds, from the host's clock. */
    long now() {
        return clock.getAsLong();
    }

    /** A packet from the peer. */
    public void input(Packet p) {
        Conn c = conns.get(key(p.dstPort(), p.srcPort()));
        if (c != null) {
            c.segmentArrives(p);
            return;
        }
        Listener l = listeners.get(p.dstPort());
        if (l != null && !p.has(RST) && !p.has(ACK) && p.has(SYN)) {
            Conn child = new Conn(this, p.dstPort(), p.srcPort(), l.options, l);
            conns.put(key(child.localPort, child.remotePort), child);
            l.embryos.add(child);
            child.passiveOpen(p);
            return;
        }
        if (l != null && !p.has(ACK)) return; // RST or stray: a listener ignores them
        refuse(p);
    }

    /** The time has come: run the timers that are due. */
    public void tick() {
        for (Conn c : new ArrayList<>(conns.values())) c.runTimers();
    }

    /** When toytcp next needs {@link #tick}, or {@code Long.MAX_VALUE}. */
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (Conn c : conns.values()) next = Math.min(next, c.nextDeadline());
        return next;
    }

    /** RFC 9293 §3.10.7.1: a segment for no connection gets a reset, unless it is one. */
    private void refuse(Packet p) {
        if (p.has(RST)) return;
        if (p.has(ACK)) {
            send(new Packet(p.dstPort(), p.srcPort(), p.ack(), 0, EnumSet.of(RST), 0, 0, null, null));
        } else {
            send(new Packet(p.dstPort(), p.srcPort(), 0, p.seq() + p.seqLength(), EnumSet.of(RST, ACK), 0, 0, null,
                    null));
        }
    }

    void send(Packet p) {
        output.accept(p);
    }

    // ---- the application's side --------------------------------------------------------------------------------

    /** bind() and listen(). */
    public Outcome listen(int port, SocketConfig options) {
        if (listeners.containsKey(port)) return Outcome.ADDRESS_IN_USE;
        for (Conn c : conns.values()) {
            if (c.localPort == port && !(options.reuseAddress() && c.options.reuseAddress())) {
                return Outcome.ADDRESS_IN_USE;
            }
        }
        listeners.put(port, new Listener(port, options));
        return Outcome.OK;
    }

    /** Stops listening on {@code port}; connections not yet accepted are reset. */
    public Outcome closeListener(int port) {
        Listener l = listeners.remove(port);
        if (l == null) return Outcome.NOT_CONNECTED;
        List<Conn> unaccepted = new ArrayList<>(l.embryos);
        unaccepted.addAll(l.ready);
        for (Conn c : unaccepted) c.fire(Transitions.Event.APP_ABORT, "listener closed");
        return Outcome.OK;
    }

    /** The next established connection of the listener on {@code port}, or null. */
    public Conn accept(int port) {
        Listener l = listeners.get(port);
        if (l == null) return null;
        return l.ready.poll();
    }

    /**
     * Starts connect() to {@code remotePort}; the returned connection is in SYN_SENT. Fails at once with
     * ADDRESS_IN_USE or ADDRESS_NOT_AVAILABLE (the result's connection is then null).
     */
    public Opened connect(int remotePort, SocketConfig options) {
        int localPort = options.localPort();
        if (localPort == 0) {
            localPort = ephemeralPort(remotePort);
            if (localPort < 0) return new Opened(null, Outcome.ADDRESS_NOT_AVAILABLE);
        } else if (conns.containsKey(key(localPort, remotePort))) {
            return new Opened(null, Outcome.ADDRESS_NOT_AVAILABLE);
        } else if (listeners.containsKey(localPort)) {
            return new Opened(null, Outcome.ADDRESS_IN_USE);
        }
        Conn c = new Conn(this, localPort, remotePort, options, null);
        conns.put(key(localPort, remotePort), c);
        c.fire(Transitions.Event.APP_CONNECT, "connect()");
        c.transmit();
        return new Opened(c, Outcome.OK);
    }

    /** What connect() started: a connection, or the error that stopped it. */
    public record Opened(Conn conn, Outcome outcome) {
    }

    /** Ephemeral ports are handed out in turn from a point the secret chooses, skipping those in use. */
    private int ephemeralPort(int remotePort) {
        int low = config.ephemeralLow();
        int range = config.ephemeralHigh() - low + 1;
        for (int i = 0; i < range; i++) {
            int port = low + (nextEphemeral + i) % range;
            if (!listeners.containsKey(port) && !conns.containsKey(key(port, remotePort))) {
                nextEphemeral = (nextEphemeral + i + 1) % range;
                return port;
            }
        }
        return -1;
    }

    // ---- connection table and sequence numbers -------------------------------------------------------------------

    void forget(Conn c) {
        conns.remove(key(c.localPort, c.remotePort), c);
        if (c.listener != null) {
            c.listener.embryos.remove(c);
            c.listener.ready.remove(c);
        }
    }

    void offer(Conn c) {
        if (c.listener == null) return;
        c.listener.embryos.remove(c);
        if (listeners.get(c.listener.port) == c.listener) c.listener.ready.add(c);
    }

    Collection<Conn> connections() {
        return conns.values();
    }

    /** RFC 6528: a clock ticking every {@code isnTickNanos} plus a keyed hash of the port pair. */
    int initialSequenceNumber(int localPort, int remotePort) {
        long ticks = now() / Math.max(1, config.isnTickNanos());
        return (int) (ticks + mix(config.secret() ^ ((long) localPort << 16 | remotePort)));
    }

    /** A 64-bit finalizer (SplitMix64): enough mixing for an ISN offset in an example stack. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long key(int localPort, int remotePort) {
        return ((long) localPort << 16) | remotePort;
    }
}
