package dev.tcpspec.sim;

import dev.tcpspec.spi.IoResult;
import dev.tcpspec.spi.TcpSocket;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.TimerKind;
import dev.tcpspec.trace.TraceEvent;

import java.time.Duration;

/**
 * An application's handle on a connection of the reference stack. Handles share an {@link OpenFile}, as descriptors
 * made by dup(2) or fork share one open file: only closing the last one closes the connection (CW-4). Blocking calls
 * run the virtual clock until they can return.
 */
final class SimSocket implements TcpSocket {
    /** The socket behind one or more handles. */
    static final class OpenFile {
        final Tcb tcb;
        int handles = 1;

        OpenFile(Tcb tcb) {
            this.tcb = tcb;
        }
    }

    private final OpenFile file;
    private boolean closed;
    private boolean connected;

    SimSocket(OpenFile file) {
        this(file, true);
    }

    /** @param connected false for a connect() still in progress */
    SimSocket(OpenFile file, boolean connected) {
        this.file = file;
        this.connected = connected;
    }

    /** The connection behind the handle. */
    Tcb tcb() {
        return file.tcb;
    }

    private EventLoop loop() {
        return file.tcb.net.loop;
    }

    @Override
    public int connection() {
        return tcb().conn;
    }

    @Override
    public int localPort() {
        return tcb().localPort;
    }

    @Override
    public int remotePort() {
        return tcb().remotePort;
    }

    @Override
    public IoResult write(byte[] data) {
        if (closed) return IoResult.of(AppOutcome.NOT_CONNECTED);
        return tcb().write(data);
    }

    @Override
    public IoResult read(int maxBytes, Duration timeout) {
        if (closed) return IoResult.of(AppOutcome.NOT_CONNECTED);
        long start = loop().now();
        loop().runUntil(tcb()::readable, start + timeout.toNanos());
        long blocked = loop().now() - start;
        IoResult r = tcb().read(maxBytes);
        if (r == null) return IoResult.of(AppOutcome.STILL_BLOCKED, blocked);
        return new IoResult(r.outcome(), r.data(), r.bytes(), blocked);
    }

    @Override
    public IoResult finishConnect(Duration timeout) {
        if (closed) return IoResult.of(AppOutcome.NOT_CONNECTED);
        Tcb t = tcb();
        long start = loop().now();
        loop().runUntil(() -> t.state != TcpState.SYN_SENT && t.state != TcpState.SYN_RECEIVED,
                start + timeout.toNanos());
        long blocked = loop().now() - start;
        if (t.state == TcpState.SYN_SENT || t.state == TcpState.SYN_RECEIVED) {
            return IoResult.of(AppOutcome.STILL_BLOCKED, blocked);
        }
        if (t.state == TcpState.CLOSED && !connected) return IoResult.of(t.connectError(), blocked);
        connected = true;
        return IoResult.of(AppOutcome.OK, blocked);
    }

    @Override
    public IoResult close() {
        if (closed) return IoResult.of(AppOutcome.NOT_CONNECTED);
        closed = true;
        boolean last = --file.handles == 0;
        if (!last && !tcb().net.has(Mutant.CLOSE_IGNORES_OTHER_HANDLES)) {
            return IoResult.of(AppOutcome.OK); // another handle keeps the socket open (CW-4)
        }
        Tcb t = tcb();
        t.appClose();
        Integer linger = t.lingerSeconds();
        if (linger == null && t.net.has(Mutant.CLOSE_LINGERS_BY_DEFAULT)) linger = 60;
        if (linger == null || linger == 0 || t.lingerDone() || t.net.has(Mutant.LINGER_DOES_NOT_BLOCK)) {
            return IoResult.of(AppOutcome.OK);
        }
        // SO_LINGER > 0: close() blocks until the FIN is acknowledged or the linger time runs out
        long start = loop().now();
        boolean done = loop().runUntil(t::lingerDone, start + Duration.ofSeconds(linger).toNanos());
        long blocked = loop().now() - start;
        if (done) return IoResult.of(AppOutcome.OK, blocked);
        t.net.record(new TraceEvent.Timer(loop().now(), t.host.side, t.conn, TimerKind.LINGER,
                TraceEvent.TimerAction.FIRED, Duration.ofSeconds(linger).toNanos()));
        return switch (t.profile.lingerTimeout()) {
            case KEEP_ORPHAN -> IoResult.of(AppOutcome.OK, blocked);
            case ABORT -> {
                t.abortWithRst("SO_LINGER timeout");
                yield IoResult.of(AppOutcome.WOULD_BLOCK, blocked);
            }
        };
    }

    @Override
    public IoResult shutdownOutput() {
        if (closed) return IoResult.of(AppOutcome.NOT_CONNECTED);
        tcb().shutdownOutput("shutdownOutput()");
        return IoResult.of(AppOutcome.OK);
    }

    @Override
    public IoResult shutdownInput() {
        if (closed) return IoResult.of(AppOutcome.NOT_CONNECTED);
        tcb().shutdownInput();
        return IoResult.of(AppOutcome.OK);
    }

    @Override
    public TcpSocket duplicate() {
        if (closed) throw new IllegalStateException("cannot dup() a closed handle");
        file.handles++;
        return new SimSocket(file, connected);
    }
}
