package dev.tcpspec.os.wire;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.os.linux.KernelSockets;
import dev.tcpspec.sim.ReferencePeer;
import dev.tcpspec.spi.CannotPerform;
import dev.tcpspec.spi.IoResult;
import dev.tcpspec.spi.ListenResult;
import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.spi.SocketResult;
import dev.tcpspec.spi.StackSession;
import dev.tcpspec.spi.TcpListener;
import dev.tcpspec.spi.TcpSocket;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.IpPacket;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One spec's run on the packet wire: a TCP stack at one end (the kernel, through sockets in a network namespace of
 * the run's own and a TUN device; or an external process running a user-space stack, through a packet socket), the
 * reference stack at the other, on the wall clock. The outside stack's packet I/O, application calls, observation
 * and clock are behind {@link OutsideStack}; everything else is done here the same way for every stack.
 *
 * <p>Lock step: a socket call of the outside stack runs to completion, then the wire takes in every segment it made
 * the stack send and delivers it; a segment delivered to the stack is handled before {@link
 * OutsideStack.PacketLink#write} returns. So after each step everything it caused has happened, in one order, the
 * same each run; only the stack's timers (retransmissions, delayed ACKs, TIME_WAIT) run on their own, and the wire
 * waits for them on the wall clock, or moves the stack's clock with its own where it can.
 */
final class WireSession implements StackSession {
    /** The port a listener of the outside stack takes when the scenario lets the stack choose. */
    static final int DEFAULT_SERVER_PORT = 80;
    /** How long a write() waits for room in the send buffer before it reports what it queued. */
    static final long WRITE_WAIT_NANOS = 2_000_000_000L;
    /** How much longer than its SO_LINGER time a lingering close() may take before the stack is called hung. */
    static final Duration LINGER_SLACK = Duration.ofSeconds(60);
    /** How often a wait checks a socket call running on another thread (a lingering close()). */
    private static final long CALL_SLICE_NANOS = 1_000_000L;

    private final boolean readTimers;
    private final Side kernelSide;
    private final OutsideStack outside;
    private final OutsideStack.Sockets sockets;
    private final OutsideEnd end;
    private final OutsideObserver observer;
    private final ReferencePeer peer;
    private final byte[] kernelAddress;
    private final byte[] peerAddress;
    private final List<Integer> kernelFds = new ArrayList<>();
    private int listenerFd = -1;
    private int listenerPort = -1;
    private SocketOptions listenerOptions;
    private boolean finished;
    private boolean closed;

    /**
     * A session with {@code outside} as the {@code outsideSide}, at {@code addresses.kernel()}, the reference stack
     * at {@code addresses.peer()}. The session owns {@code outside} and closes it.
     */
    WireSession(OutsideStack outside, Side outsideSide, WireStack.Addresses addresses, SessionSettings settings,
                boolean readTimers) {
        this.readTimers = readTimers;
        this.kernelSide = outsideSide;
        this.outside = outside;
        this.sockets = outside.sockets();
        this.kernelAddress = addresses.kernel();
        this.peerAddress = addresses.peer();
        WireClock clock = new WireClock();
        this.end = new OutsideEnd(outside.link(), outside.clock(), clock, kernelAddress, peerAddress);
        int kernel32 = digest(kernelAddress);
        int peer32 = digest(peerAddress);
        this.peer = ReferencePeer.open(settings, kernelSide, kernelSide == Side.CLIENT ? kernel32 : peer32,
                kernelSide == Side.CLIENT ? peer32 : kernel32, clock, end);
        this.observer = new OutsideObserver(outside.states(), peer, kernelAddress, peerAddress);
        end.attach(peer, observer);
        peer.record(new TraceEvent.Note(0, "wire: " + outside.describe() + " is the " + kernelSide.label() + " at "
                + IpPacket.text(kernelAddress) + "; the reference stack is the " + kernelSide.peer().label() + " at "
                + IpPacket.text(peerAddress) + "; every segment both ways crosses tcpspec's wire"));
    }

    /** The kernel of this machine in a namespace of the run's own, configured as the run's profile says. */
    static WireSession onKernel(WireStack stack, SessionSettings settings) throws IOException {
        Profile profile = settings.profile();
        if (profile.quietTime() != null) {
            throw new CannotPerform("Linux keeps no quiet time after a reboot (RFC 9293 §3.4.3) and has no sysctl to "
                    + "make it keep one");
        }
        KernelOutside kernel = KernelOutside.open(profile, stack.addresses(), SESSIONS.incrementAndGet(),
                stack.planted());
        try {
            return new WireSession(kernel, stack.kernelSide(), stack.addresses(), settings, stack.readsTimers());
        } catch (RuntimeException e) {
            kernel.close();
            throw e;
        }
    }

    private static final AtomicInteger SESSIONS = new AtomicInteger();

    /** A 32-bit value standing for an address, for the reference host's ISN hashing and port choices. */
    private static int digest(byte[] address) {
        if (address.length == 4) {
            return ((address[0] & 0xFF) << 24) | ((address[1] & 0xFF) << 16) | ((address[2] & 0xFF) << 8)
                    | (address[3] & 0xFF);
        }
        return java.util.Arrays.hashCode(address);
    }

    // ---- the clock and the hosts -----------------------------------------------------------------------------

    @Override
    public long nowNanos() {
        return peer.nowNanos();
    }

    @Override
    public String address(Side side) {
        return IpPacket.text(side == kernelSide ? kernelAddress : peerAddress);
    }

    private StackSession reference() {
        return peer.session();
    }

    // ---- session calls ------------------------------------------------------------------------------------------

    @Override
    public ListenResult listen(Side side, int port, SocketOptions options) {
        if (side != kernelSide) {
            ListenResult r = reference().listen(side, port, options);
            peer.settle();
            return r.listener() == null ? r : ListenResult.ok(new SettledListener(r.listener()));
        }
        KernelSockets.Opened o;
        try {
            o = sockets.listen(port == 0 ? (listenerPort > 0 ? listenerPort : DEFAULT_SERVER_PORT) : port, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        peer.settle();
        if (o.outcome() != AppOutcome.OK) return ListenResult.failed(o.outcome());
        listenerFd = o.fd();
        listenerPort = o.localPort();
        listenerOptions = options;
        return ListenResult.ok(new WireListener(o.fd(), o.localPort(), options));
    }

    @Override
    public SocketResult connect(Side side, SocketOptions options, int remotePort, Duration timeout) {
        if (side != kernelSide) {
            SocketResult r = reference().connect(side, options, remotePort, timeout);
            peer.settle();
            return r.socket() == null ? r : new SocketResult(r.outcome(), new SettledSocket(r.socket()),
                    r.blockedNanos());
        }
        long start = peer.nowNanos();
        KernelSockets.Opened o;
        try {
            o = sockets.connect(peerAddress, remotePort, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (o.fd() < 0) {
            peer.settle();
            return SocketResult.failed(o.outcome(), 0);
        }
        int conn = peer.newConnection(o.localPort(), remotePort);
        observer.watch(o.localPort(), remotePort, conn, dev.tcpspec.trace.TcpState.CLOSED);
        observer.sample(o.localPort(), remotePort, "connect()", start);
        kernelFds.add(o.fd());
        WireSocket s = new WireSocket(conn, o.fd(), o.localPort(), remotePort, options);
        if (o.outcome() == AppOutcome.OK) {
            peer.settle();
            return SocketResult.ok(s, 0);
        }
        return s.completeConnect(start, timeout);
    }

    @Override
    public void inject(Side asIf, Segment segment) {
        reference().inject(asIf, segment);
        peer.settle();
    }

    @Override
    public void elapse(Duration d) {
        peer.settle();
        peer.runUntil(() -> false, peer.nowNanos() + d.toNanos());
        peer.settle();
    }

    /**
     * Runs the wire until nothing more can happen: no reference event pending, no kernel timer pending. With
     * {@code timers=read}, the kernel's timewait sockets (TIME_WAIT, an orphaned FIN_WAIT_2), whose expiry sends
     * nothing, do not keep it waiting: the time left on their timers is recorded, and observation of the kernel
     * stops there.
     */
    @Override
    public void finish(Duration horizon) {
        if (finished) return;
        finished = true;
        peer.settle();
        long deadline = peer.nowNanos() + horizon.toNanos();
        if (readTimers) {
            end.readTimewaitTimers();
        }
        BooleanSupplier quiet = () -> peer.nextEventAt() == Long.MAX_VALUE && end.outsideQuiet();
        try {
            peer.runUntil(() -> {
                if (!quiet.getAsBoolean()) return false;
                // timewait timers left: read them once more, then stop watching the kernel
                if (observer.nextTimerRaw(false) != Long.MAX_VALUE) {
                    observer.sampleAll(null);
                    if (!quiet.getAsBoolean()) return false;
                    recordTimerReadings();
                    observer.stop();
                }
                return true;
            }, deadline);
        } catch (CannotPerform e) {
            peer.record(new TraceEvent.Note(peer.nowNanos(), "wire: stopped observing: " + e.getMessage()));
        }
    }

    private void recordTimerReadings() {
        for (OutsideObserver.Endpoint e : observer.endpoints()) {
            if (e.last == null || !e.last.timewaitSocket()) continue;
            peer.record(new TraceEvent.Timer(peer.nowNanos(), kernelSide, e.conn,
                    OutsideObserver.timerKind(e.last, e.state), TraceEvent.TimerAction.OBSERVED,
                    e.last.timerLeftMillis() * 1_000_000L, OutsideObserver.resolution(e.last)));
            peer.record(new TraceEvent.Note(peer.nowNanos(), "wire: the kernel's " + e.state + " on "
                    + e.localPort + "->" + e.remotePort + " has " + Trace.human(e.last.timerLeftMillis() * 1_000_000L)
                    + " left on its timer: read, not waited out"));
        }
    }

    @Override
    public void crash(Side side) {
        if (side != kernelSide) {
            reference().crash(side);
            peer.settle();
            return;
        }
        end.down(true);
        for (int fd : List.copyOf(kernelFds)) sockets.abort(fd);
        kernelFds.clear();
        if (listenerFd >= 0) sockets.abort(listenerFd);
        listenerFd = -1;
        observer.sampleAll("host crashed");
        peer.record(new TraceEvent.Note(peer.nowNanos(), "wire: the " + side.label() + " host (" + outside.describe() + ") crashed: "
                + "its sockets were dropped, and nothing it sends reaches the wire until it reboots"));
        peer.settle();
    }

    @Override
    public void reboot(Side side) {
        if (side != kernelSide) {
            reference().reboot(side);
            peer.settle();
            return;
        }
        peer.settle();
        end.down(false);
        if (listenerPort > 0 && listenerOptions != null) {
            try {
                KernelSockets.Opened o = sockets.listen(listenerPort, listenerOptions);
                if (o.outcome() == AppOutcome.ADDRESS_IN_USE && listenerOptions.reuseAddress() == null) {
                    // a stack whose "crash" could only abort its sockets may still hold the port in a dying
                    // connection (lwIP's pcbs): the rebooted host's server binds as servers do, with SO_REUSEADDR
                    o = sockets.listen(listenerPort, listenerOptions.withReuseAddress(true));
                    peer.record(new TraceEvent.Note(peer.nowNanos(), "wire: the port was still in use after the "
                            + "crash; the rebooted server listens again with SO_REUSEADDR"));
                }
                if (o.outcome() == AppOutcome.ADDRESS_IN_USE && !(outside instanceof KernelOutside)) {
                    throw new CannotPerform(outside.describe() + " still holds port " + listenerPort + " after its "
                            + "sockets were aborted: its process cannot be crashed and rebooted in place, so the "
                            + "rebooted server cannot listen again");
                }
                if (o.outcome() != AppOutcome.OK) {
                    throw new IllegalStateException("the rebooted " + outside.describe() + " cannot listen again on port " + listenerPort
                            + ": " + o.outcome().text());
                }
                listenerFd = o.fd();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        peer.record(new TraceEvent.Note(peer.nowNanos(), "wire: the " + side.label() + " host (" + outside.describe() + ") rebooted "
                + "with no connections"));
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        outside.close();
    }

    // ---- waiting for a kernel call --------------------------------------------------------------------------

    /** Runs the wire until {@code ready} holds or {@code timeoutNanos} have passed; whether it held. */
    private boolean waitFor(BooleanSupplier ready, long timeoutNanos, long sliceNanos) {
        if (ready.getAsBoolean()) return true;
        end.wakeWhen(ready, sliceNanos);
        try {
            return peer.runUntil(ready, peer.nowNanos() + Math.max(0, timeoutNanos));
        } finally {
            end.clearWake();
        }
    }

    private BooleanSupplier readable(int fd) {
        return () -> {
            try {
                return sockets.readable(fd);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private BooleanSupplier writable(int fd) {
        return () -> {
            try {
                return sockets.writable(fd);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** After a call on one connection: what it did to it, then everything it made the kernel send. */
    private void afterCall(String call, int localPort, int remotePort, long callStart) {
        observer.sample(localPort, remotePort, call, callStart);
        peer.settle();
    }

    /** After a call on a listener: what it did to its connections, then everything it made the kernel send. */
    private void afterListenerCall(String call, int port, long callStart) {
        observer.samplePort(port, call, callStart);
        peer.settle();
    }

    // ---- the kernel's sockets -----------------------------------------------------------------------------------

    /** A socket of the kernel's, driven by libc calls. */
    private final class WireSocket implements TcpSocket {
        private final int conn;
        private final int fd;
        private final int localPort;
        private final int remotePort;
        private final SocketOptions options;
        private boolean closed;

        WireSocket(int conn, int fd, int localPort, int remotePort, SocketOptions options) {
            this.conn = conn;
            this.fd = fd;
            this.localPort = localPort;
            this.remotePort = remotePort;
            this.options = options;
        }

        /** The rest of a blocking connect(): a failed one leaves the application no socket, so it is closed. */
        SocketResult completeConnect(long start, Duration timeout) {
            IoResult r = finishConnect(timeout, start);
            if (r.outcome() == AppOutcome.STILL_BLOCKED) return SocketResult.inProgress(this, r.blockedNanos());
            if (r.outcome() == AppOutcome.OK) return SocketResult.ok(this, r.blockedNanos());
            closed = true;
            kernelFds.remove((Integer) fd);
            sockets.close(fd);
            return SocketResult.failed(r.outcome(), r.blockedNanos());
        }

        @Override
        public int connection() {
            return conn;
        }

        @Override
        public int localPort() {
            return localPort;
        }

        @Override
        public int remotePort() {
            return remotePort;
        }

        @Override
        public IoResult write(byte[] data) {
            if (closed) return IoResult.of(AppOutcome.NOT_CONNECTED);
            long start = peer.nowNanos();
            int off = 0;
            AppOutcome error = null;
            while (off < data.length) {
                long n;
                try {
                    n = sockets.write(fd, data, off);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (n < 0) {
                    error = sockets.lastWriteError();
                    break;
                }
                off += (int) n;
                if (off < data.length && !waitFor(writable(fd), WRITE_WAIT_NANOS, Long.MAX_VALUE)) break;
            }
            afterCall("write()", localPort, remotePort, start);
            long blocked = peer.nowNanos() - start;
            if (error != null && off == 0) return IoResult.of(error, blocked);
            return IoResult.written(off, blocked);
        }

        @Override
        public IoResult read(int maxBytes, Duration timeout) {
            if (closed) return IoResult.of(AppOutcome.NOT_CONNECTED);
            long start = peer.nowNanos();
            peer.settle();
            KernelSockets.Read r;
            try {
                r = sockets.read(fd, maxBytes);
                if (r.outcome() == AppOutcome.STILL_BLOCKED
                        && waitFor(readable(fd), timeout.toNanos(), Long.MAX_VALUE)) {
                    r = sockets.read(fd, maxBytes);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            afterCall("read()", localPort, remotePort, start);
            long blocked = peer.nowNanos() - start;
            if (r.outcome() == AppOutcome.DATA) return IoResult.data(r.data(), blocked);
            return IoResult.of(r.outcome(), blocked);
        }

        @Override
        public IoResult close() {
            if (closed) return IoResult.of(AppOutcome.NOT_CONNECTED);
            closed = true;
            kernelFds.remove((Integer) fd);
            long start = peer.nowNanos();
            AppOutcome r;
            if (options.lingerSeconds() != null && options.lingerSeconds() > 0) {
                // close(2) blocks in the kernel until the FIN is acknowledged or the linger time passes: the wire
                // must keep running meanwhile, so the call runs on the namespace's thread
                CompletableFuture<AppOutcome> call = sockets.closeLingering(fd);
                // the linger time plus a minute of slack: a busy machine may be slow to run the stack's timers
                waitFor(call::isDone, Duration.ofSeconds(options.lingerSeconds()).plus(LINGER_SLACK).toNanos(),
                        CALL_SLICE_NANOS);
                if (!call.isDone()) {
                    throw new IllegalStateException("close() with SO_LINGER " + options.lingerSeconds() + " s did not "
                            + "return within the linger time and " + LINGER_SLACK.toSeconds() + " s more");
                }
                r = call.join();
            } else {
                r = sockets.close(fd);
            }
            afterCall("close()", localPort, remotePort, start);
            return IoResult.of(r, peer.nowNanos() - start);
        }

        @Override
        public IoResult shutdownOutput() {
            long start = peer.nowNanos();
            AppOutcome r = sockets.shutdown(fd, dev.tcpspec.os.linux.Libc.SHUT_WR);
            afterCall("shutdown(SHUT_WR)", localPort, remotePort, start);
            return IoResult.of(r);
        }

        @Override
        public IoResult shutdownInput() {
            long start = peer.nowNanos();
            AppOutcome r = sockets.shutdown(fd, dev.tcpspec.os.linux.Libc.SHUT_RD);
            afterCall("shutdown(SHUT_RD)", localPort, remotePort, start);
            return IoResult.of(r);
        }

        @Override
        public IoResult finishConnect(Duration timeout) {
            return finishConnect(timeout, peer.nowNanos());
        }

        private IoResult finishConnect(Duration timeout, long start) {
            BooleanSupplier done = () -> {
                try {
                    return sockets.connectDone(fd);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            peer.settle();
            if (!waitFor(done, timeout.toNanos(), Long.MAX_VALUE)) {
                afterCall("connect()", localPort, remotePort, start);
                return IoResult.of(AppOutcome.STILL_BLOCKED, peer.nowNanos() - start);
            }
            AppOutcome r = sockets.connectResult(fd);
            afterCall("connect()", localPort, remotePort, start);
            return IoResult.of(r, peer.nowNanos() - start);
        }

        @Override
        public TcpSocket duplicate() {
            try {
                int copy = sockets.dup(fd);
                kernelFds.add(copy);
                return new WireSocket(conn, copy, localPort, remotePort, options);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The kernel's listening socket. */
    private final class WireListener implements TcpListener {
        private final int fd;
        private final int port;
        private final SocketOptions options;
        private boolean closed;

        WireListener(int fd, int port, SocketOptions options) {
            this.fd = fd;
            this.port = port;
            this.options = options;
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public SocketResult accept(Duration timeout) {
            if (closed) return SocketResult.failed(AppOutcome.NOT_CONNECTED, 0);
            long start = peer.nowNanos();
            peer.settle();
            try {
                KernelSockets.Opened a = sockets.accept(fd);
                if (a.outcome() == AppOutcome.STILL_BLOCKED && waitFor(readable(fd), timeout.toNanos(),
                        Long.MAX_VALUE)) {
                    a = sockets.accept(fd);
                }
                long blocked = peer.nowNanos() - start;
                if (a.outcome() != AppOutcome.OK) {
                    afterListenerCall("accept()", port, start);
                    return SocketResult.failed(a.outcome(), blocked);
                }
                int conn = peer.knownConnection(a.localPort(), a.remotePort());
                observer.watch(a.localPort(), a.remotePort(), conn, dev.tcpspec.trace.TcpState.LISTEN);
                kernelFds.add(a.fd());
                afterCall("accept()", a.localPort(), a.remotePort(), start);
                return SocketResult.ok(new WireSocket(conn, a.fd(), a.localPort(), a.remotePort(), options), blocked);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public IoResult close() {
            if (closed) return IoResult.of(AppOutcome.NOT_CONNECTED);
            closed = true;
            long start = peer.nowNanos();
            AppOutcome r = sockets.close(fd);
            if (listenerFd == fd) listenerFd = -1;
            afterListenerCall("close() of the listener", port, start);
            return IoResult.of(r);
        }
    }

    // ---- the reference host's sockets: each call lets the wire settle ----------------------------------------

    private final class SettledSocket implements TcpSocket {
        private final TcpSocket s;

        SettledSocket(TcpSocket s) {
            this.s = s;
        }

        private <T> T settled(T result) {
            peer.settle();
            return result;
        }

        @Override
        public int connection() {
            return s.connection();
        }

        @Override
        public int localPort() {
            return s.localPort();
        }

        @Override
        public int remotePort() {
            return s.remotePort();
        }

        @Override
        public IoResult write(byte[] data) {
            return settled(s.write(data));
        }

        @Override
        public IoResult read(int maxBytes, Duration timeout) {
            peer.settle();
            return settled(s.read(maxBytes, timeout));
        }

        @Override
        public IoResult close() {
            return settled(s.close());
        }

        @Override
        public IoResult shutdownOutput() {
            return settled(s.shutdownOutput());
        }

        @Override
        public IoResult shutdownInput() {
            return settled(s.shutdownInput());
        }

        @Override
        public IoResult finishConnect(Duration timeout) {
            peer.settle();
            return settled(s.finishConnect(timeout));
        }

        @Override
        public TcpSocket duplicate() {
            return new SettledSocket(s.duplicate());
        }
    }

    private final class SettledListener implements TcpListener {
        private final TcpListener l;

        SettledListener(TcpListener l) {
            this.l = l;
        }

        @Override
        public int port() {
            return l.port();
        }

        @Override
        public SocketResult accept(Duration timeout) {
            peer.settle();
            SocketResult r = l.accept(timeout);
            peer.settle();
            return r.socket() == null ? r : new SocketResult(r.outcome(), new SettledSocket(r.socket()),
                    r.blockedNanos());
        }

        @Override
        public IoResult close() {
            IoResult r = l.close();
            peer.settle();
            return r;
        }
    }
}
