package dev.tcpspec.sim;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.spi.HostContext;
import dev.tcpspec.spi.IoResult;
import dev.tcpspec.spi.ListenResult;
import dev.tcpspec.spi.SegmentConnection;
import dev.tcpspec.spi.SegmentHost;
import dev.tcpspec.spi.SegmentStack;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.spi.SocketResult;
import dev.tcpspec.spi.TcpListener;
import dev.tcpspec.spi.TcpSocket;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.TimerKind;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A user's {@link SegmentHost} at one end of the simulated wire: it takes the segments the wire delivers, wakes the
 * host when it asked to be woken, puts what it sends on the wire, records the states it reports, and turns its
 * non-blocking socket calls into blocking ones on the virtual clock. It is also the host's {@link HostContext}.
 *
 * <p>Whatever the host does wrong (throws, returns null, keeps asking to be woken at the same instant) surfaces as an
 * exception from the session call that was running, which makes the spec's verdict ERROR with the reason.
 */
final class HostedEnd implements Network.WireEnd, HostContext {
    /** How often a host may ask to be woken at one instant before it is judged to spin. */
    static final int MAX_WAKEUPS_PER_INSTANT = 10_000;
    /** How long a lingering close() may block before tcpspec stops waiting (the stack's linger should end it sooner). */
    static final Duration CLOSE_WAIT_CAP = Duration.ofHours(1);

    private final SegmentStack stack;
    private final Side side;
    private final Network net;
    private final long seed;
    private final Map<SegmentConnection, Tracked> connections = new IdentityHashMap<>();
    private final Map<Integer, SocketOptions> listeners = new LinkedHashMap<>();
    private SegmentHost host;
    /** Counts crashes: sockets and listeners of an earlier incarnation of the host are dead. */
    private int incarnation;
    private EventLoop.Event wakeup;
    private long lastWakeAt = -1;
    private int wakeupsAtLastInstant;

    /** What tcpspec knows of one of the host's connections: its number in the trace and its last reported state. */
    private static final class Tracked {
        final int conn;
        TcpState state;

        Tracked(int conn, TcpState state) {
            this.conn = conn;
            this.state = state;
        }
    }

    HostedEnd(SegmentStack stack, Side side, Network net, long seed) {
        this.stack = stack;
        this.side = side;
        this.net = net;
        this.seed = seed;
        this.host = newHost();
    }

    private SegmentHost newHost() {
        SegmentHost h = stack.newHost(this);
        if (h == null) throw broken("newHost() returned null");
        return h;
    }

    // ---- the wire and the clock --------------------------------------------------------------------------------

    @Override
    public void receive(Segment s) {
        if (host == null) return; // crashed: the segment is lost
        host.receive(s, net.now());
        flush();
    }

    /** After every call into the host: its segments go on the wire, and its next wakeup is scheduled. */
    private void flush() {
        if (host == null) return;
        List<Segment> out = host.pollOutgoing();
        if (out == null) throw broken("pollOutgoing() returned null (return an empty list)");
        for (Segment s : out) {
            if (s == null) throw broken("pollOutgoing() returned a null segment");
            net.transmit(side, s);
        }
        schedule(host.nextWakeup());
    }

    private void schedule(long at) {
        if (wakeup != null && !wakeup.cancelled && wakeup.at == Math.max(at, net.now())) return;
        net.loop.cancel(wakeup);
        wakeup = at == SegmentHost.NEVER ? null : net.loop.schedule(at, this::wake);
    }

    private void wake() {
        wakeup = null;
        long now = net.now();
        if (now != lastWakeAt) {
            lastWakeAt = now;
            wakeupsAtLastInstant = 0;
        } else if (++wakeupsAtLastInstant > MAX_WAKEUPS_PER_INSTANT) {
            throw broken("asked to be woken more than " + MAX_WAKEUPS_PER_INSTANT + " times at t="
                    + Trace.human(now) + " without letting time pass: nextWakeup() keeps "
                    + "returning the present");
        }
        host.wake(now);
        flush();
    }

    // ---- HostContext ---------------------------------------------------------------------------------------------

    @Override
    public long nowNanos() {
        return net.now();
    }

    @Override
    public Profile profile() {
        return net.profile;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public int address() {
        return net.host(side).address;
    }

    @Override
    public int peerAddress() {
        return net.host(side.peer()).address;
    }

    @Override
    public void stateChanged(SegmentConnection connection, TcpState to, String cause) {
        if (connection == null || to == null) {
            throw broken("reported a state change with a null " + (connection == null ? "connection" : "state"));
        }
        Tracked t = connections.get(connection);
        if (t == null) {
            if (to == TcpState.CLOSED) return; // a connection that never got anywhere
            int lp = connection.localPort();
            int rp = connection.remotePort();
            int conn = to == TcpState.SYN_SENT ? net.newConnection(side, lp, rp) : net.connectionOf(side, lp, rp);
            t = new Tracked(conn, to == TcpState.SYN_RECEIVED ? TcpState.LISTEN : TcpState.CLOSED);
            connections.put(connection, t);
        }
        if (t.state == to) return;
        net.record(new TraceEvent.StateChange(net.now(), side, t.conn, t.state, to, cause == null ? "" : cause));
        t.state = to;
    }

    @Override
    public void timer(SegmentConnection connection, TimerKind kind, TraceEvent.TimerAction action,
                      long durationNanos) {
        Tracked t = connections.get(connection);
        net.record(new TraceEvent.Timer(net.now(), side, t == null ? -1 : t.conn, kind, action, durationNanos));
    }

    @Override
    public void note(String text) {
        net.record(new TraceEvent.Note(net.now(), side.label() + " (" + stack.name() + "): " + text));
    }

    // ---- the application's calls ---------------------------------------------------------------------------------

    ListenResult listen(int port, SocketOptions options) {
        if (host == null) return ListenResult.failed(AppOutcome.NOT_CONNECTED);
        AppOutcome o = host.listen(port, options);
        flush();
        if (o == null) throw broken("listen() returned null");
        if (o != AppOutcome.OK) return ListenResult.failed(o);
        listeners.put(port, options);
        return ListenResult.ok(new Listener(port, incarnation));
    }

    SocketResult connect(SocketOptions options, int remotePort, Duration timeout) {
        if (host == null) return SocketResult.failed(AppOutcome.NOT_CONNECTED, 0);
        long start = net.now();
        SegmentHost.Opening opening = host.connect(remotePort, options);
        flush();
        if (opening == null) throw broken("connect() returned null");
        if (opening.error() != null) return SocketResult.failed(opening.error(), 0);
        SegmentConnection c = opening.connection();
        int inc = incarnation;
        boolean settled = net.loop.runUntil(() -> incarnation != inc || settled(c), start + timeout.toNanos());
        long blocked = net.now() - start;
        if (incarnation != inc) return SocketResult.failed(AppOutcome.NOT_CONNECTED, blocked);
        if (!settled) {
            if (!connections.containsKey(c)) {
                throw broken("reported no state for the connection connect() opened, in "
                        + Trace.human(blocked) + " of waiting: report every change (CLOSED -> SYN_SENT -> "
                        + "ESTABLISHED ...) through HostContext.stateChanged; connect() returns when it leaves "
                        + "SYN_SENT");
            }
            Socket inProgress = new Socket(new OpenFile(c, inc));
            inProgress.established = false;
            return SocketResult.inProgress(inProgress, blocked); // finished by finishConnect
        }
        if (connections.get(c).state == TcpState.CLOSED) {
            IoResult why = call("read", () -> c.read(1));
            return SocketResult.failed(why.outcome().isError() ? why.outcome() : AppOutcome.CONNECTION_REFUSED,
                    blocked);
        }
        return SocketResult.ok(new Socket(new OpenFile(c, inc)), blocked);
    }

    private boolean settled(SegmentConnection c) {
        Tracked t = connections.get(c);
        return t != null && t.state != TcpState.SYN_SENT && t.state != TcpState.SYN_RECEIVED
                && t.state != TcpState.LISTEN;
    }

    private SocketResult accept(int port, int inc, Duration timeout) {
        long start = net.now();
        SegmentConnection[] got = new SegmentConnection[1];
        boolean ready = net.loop.runUntil(() -> {
            if (incarnation != inc) return true;
            Optional<SegmentConnection> next = host.accept(port);
            flush();
            if (next == null) throw broken("accept() returned null (return Optional.empty())");
            next.ifPresent(c -> got[0] = c);
            return got[0] != null;
        }, start + timeout.toNanos());
        long blocked = net.now() - start;
        if (incarnation != inc || !listeners.containsKey(port)) {
            return SocketResult.failed(AppOutcome.NOT_CONNECTED, blocked);
        }
        if (!ready) return SocketResult.failed(AppOutcome.STILL_BLOCKED, blocked);
        return SocketResult.ok(new Socket(new OpenFile(got[0], inc)), blocked);
    }

    /** Calls the host and checks its answer: never null. */
    private IoResult call(String method, Supplier<IoResult> c) {
        IoResult r = c.get();
        flush();
        if (r == null) throw broken(method + "() returned null");
        return r;
    }

    /** A non-blocking call made blocking: repeated after each event until it no longer returns STILL_BLOCKED. */
    private IoResult blocking(String method, Supplier<IoResult> c, OpenFile f, long deadline) {
        long start = net.now();
        IoResult[] last = {null};
        boolean done = net.loop.runUntil(() -> {
            if (incarnation != f.incarnation) return true;
            last[0] = call(method, c);
            return last[0].outcome() != AppOutcome.STILL_BLOCKED;
        }, deadline);
        long blocked = net.now() - start;
        if (incarnation != f.incarnation) return IoResult.of(AppOutcome.NOT_CONNECTED, blocked);
        if (!done) return IoResult.of(AppOutcome.STILL_BLOCKED, blocked);
        IoResult r = last[0];
        return new IoResult(r.outcome(), r.data(), r.bytes(), blocked);
    }

    // ---- crash and reboot ----------------------------------------------------------------------------------------

    void crash() {
        int live = 0;
        for (Tracked t : connections.values()) {
            if (t.state != TcpState.CLOSED) live++;
        }
        net.record(new TraceEvent.Note(net.now(), side.label() + " host crashed: " + live + " connection(s) and "
                + listeners.size() + " listener(s) lost"));
        for (Tracked t : connections.values()) {
            if (t.state == TcpState.CLOSED) continue;
            net.record(new TraceEvent.StateChange(net.now(), side, t.conn, t.state, TcpState.CLOSED, "host crashed"));
            t.state = TcpState.CLOSED;
        }
        connections.clear();
        net.loop.cancel(wakeup);
        wakeup = null;
        host = null;
        incarnation++;
    }

    void reboot() {
        if (host != null) return;
        host = newHost();
        List<Integer> ports = new ArrayList<>(listeners.keySet());
        for (int port : ports) {
            AppOutcome o = host.listen(port, listeners.get(port));
            if (o != AppOutcome.OK) listeners.remove(port);
        }
        flush();
        net.record(new TraceEvent.Note(net.now(), side.label() + " host rebooted with no connections"
                + (listeners.isEmpty() ? "" : ", listening again on " + listeners.keySet())));
    }

    private IllegalStateException broken(String what) {
        return new IllegalStateException("the " + stack.name() + " stack (" + side.label() + ") " + what);
    }

    // ---- the application's handles ------------------------------------------------------------------------------

    /** A connection behind one or more handles: only closing the last one closes it (dup, fork). */
    private static final class OpenFile {
        final SegmentConnection connection;
        final int incarnation;
        int handles = 1;

        OpenFile(SegmentConnection connection, int incarnation) {
            this.connection = connection;
            this.incarnation = incarnation;
        }
    }

    /** One application handle on a connection of the user's stack. */
    private final class Socket implements TcpSocket {
        private final OpenFile file;
        private boolean closed;
        /** False for a connect() still in progress, until finishConnect() sees it established. */
        private boolean established = true;

        Socket(OpenFile file) {
            this.file = file;
        }

        private boolean dead() {
            return closed || file.incarnation != incarnation;
        }

        @Override
        public int connection() {
            Tracked t = connections.get(file.connection);
            return t == null ? -1 : t.conn;
        }

        @Override
        public int localPort() {
            return file.connection.localPort();
        }

        @Override
        public int remotePort() {
            return file.connection.remotePort();
        }

        @Override
        public IoResult write(byte[] data) {
            if (dead()) return IoResult.of(AppOutcome.NOT_CONNECTED);
            return call("write", () -> file.connection.write(data));
        }

        @Override
        public IoResult finishConnect(Duration timeout) {
            if (dead()) return IoResult.of(AppOutcome.NOT_CONNECTED);
            long start = net.now();
            int inc = incarnation;
            boolean settled = net.loop.runUntil(() -> incarnation != inc || settled(file.connection),
                    start + timeout.toNanos());
            long blocked = net.now() - start;
            if (incarnation != inc) return IoResult.of(AppOutcome.NOT_CONNECTED, blocked);
            if (!settled) return IoResult.of(AppOutcome.STILL_BLOCKED, blocked);
            Tracked t = connections.get(file.connection);
            if (t != null && t.state == TcpState.CLOSED && !established) {
                IoResult why = call("read", () -> file.connection.read(1));
                return IoResult.of(why.outcome().isError() ? why.outcome() : AppOutcome.CONNECTION_REFUSED, blocked);
            }
            established = true;
            return IoResult.of(AppOutcome.OK, blocked);
        }

        @Override
        public IoResult read(int maxBytes, Duration timeout) {
            if (dead()) return IoResult.of(AppOutcome.NOT_CONNECTED);
            return blocking("read", () -> file.connection.read(maxBytes), file, net.now() + timeout.toNanos());
        }

        @Override
        public IoResult close() {
            if (dead()) return IoResult.of(AppOutcome.NOT_CONNECTED);
            closed = true;
            if (--file.handles > 0) return IoResult.of(AppOutcome.OK); // another handle keeps the socket open
            IoResult r = call("close", file.connection::close);
            if (r.outcome() != AppOutcome.STILL_BLOCKED) return r;
            return blocking("closeResult", file.connection::closeResult, file,
                    net.now() + CLOSE_WAIT_CAP.toNanos());
        }

        @Override
        public IoResult shutdownOutput() {
            if (dead()) return IoResult.of(AppOutcome.NOT_CONNECTED);
            return call("shutdownOutput", file.connection::shutdownOutput);
        }

        @Override
        public IoResult shutdownInput() {
            if (dead()) return IoResult.of(AppOutcome.NOT_CONNECTED);
            return call("shutdownInput", file.connection::shutdownInput);
        }

        @Override
        public TcpSocket duplicate() {
            if (dead()) throw new IllegalStateException("cannot dup() a closed handle");
            file.handles++;
            return new Socket(file);
        }
    }

    /** A listener of the user's stack. */
    private final class Listener implements TcpListener {
        private final int port;
        private final int incarnation;

        Listener(int port, int incarnation) {
            this.port = port;
            this.incarnation = incarnation;
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public SocketResult accept(Duration timeout) {
            if (this.incarnation != HostedEnd.this.incarnation || host == null || !listeners.containsKey(port)) {
                return SocketResult.failed(AppOutcome.NOT_CONNECTED, 0);
            }
            return HostedEnd.this.accept(port, incarnation, timeout);
        }

        @Override
        public IoResult close() {
            if (this.incarnation != HostedEnd.this.incarnation || host == null) return IoResult.of(AppOutcome.OK);
            if (listeners.remove(port) == null) return IoResult.of(AppOutcome.OK);
            AppOutcome o = host.closeListener(port);
            flush();
            if (o == null) throw broken("closeListener() returned null");
            return IoResult.of(o);
        }
    }
}
