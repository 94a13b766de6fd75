package dev.tcpspec.sim;

import dev.tcpspec.spi.IoResult;
import dev.tcpspec.spi.SocketOptions;
import dev.tcpspec.spi.SocketResult;
import dev.tcpspec.spi.TcpListener;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.TcpOptions;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A listening socket of the reference stack (RFC 9293 LISTEN): answers SYNs with child connections, queues those
 * that complete the handshake for accept(), and resets those not yet accepted when it closes.
 */
final class SimListener implements TcpListener {
    final Host host;
    final int port;
    final SocketOptions options;
    private final List<Tcb> children = new ArrayList<>();
    private final ArrayDeque<Tcb> acceptQueue = new ArrayDeque<>();
    private boolean closed;

    SimListener(Host host, int port, SocketOptions options) {
        this.host = host;
        this.port = port;
        this.options = options;
    }

    @Override
    public int port() {
        return port;
    }

    /** RFC 9293 §3.10.7.2: a segment for no connection arrives at the listener. */
    void receive(Segment s) {
        if (s.rst() && !(s.hasAck() && host.net.has(Mutant.RST_ANSWERS_RST))) return;
        if (s.hasAck()) {
            host.send(new Segment(s.dstPort(), s.srcPort(), s.ack(), 0, Segment.RST, 0, Segment.NO_PAYLOAD,
                    TcpOptions.NONE));
            return;
        }
        if (!s.syn()) return;
        Tcb child = host.addChild(this, s);
        children.add(child);
        child.passiveOpen(s);
    }

    /** A child completed the handshake. */
    void established(Tcb child) {
        acceptQueue.add(child);
    }

    /** A child went away before it was accepted. */
    void forget(Tcb child) {
        children.remove(child);
        acceptQueue.remove(child);
    }

    @Override
    public SocketResult accept(Duration timeout) {
        EventLoop loop = host.net.loop;
        long start = loop.now();
        boolean ready = loop.runUntil(() -> !acceptQueue.isEmpty() || closed, start + timeout.toNanos());
        long blocked = loop.now() - start;
        if (closed) return SocketResult.failed(AppOutcome.NOT_CONNECTED, blocked);
        if (!ready) return SocketResult.failed(AppOutcome.STILL_BLOCKED, blocked);
        Tcb child = acceptQueue.poll();
        children.remove(child);
        return SocketResult.ok(new SimSocket(new SimSocket.OpenFile(child)), blocked);
    }

    @Override
    public IoResult close() {
        if (closed) return IoResult.of(AppOutcome.OK);
        closed = true;
        host.removeListener(this);
        for (Tcb child : new ArrayList<>(children)) child.abortWithRst("listener closed");
        children.clear();
        acceptQueue.clear();
        return IoResult.of(AppOutcome.OK);
    }

    /** The host crashed: gone without a word. */
    void vanish() {
        closed = true;
        children.clear();
        acceptQueue.clear();
    }
}
