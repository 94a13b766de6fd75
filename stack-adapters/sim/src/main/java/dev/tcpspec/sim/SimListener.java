package dev.tcpspec.sim;

import dev.tcpspec.spi.IoResult;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.spi.SocketResult;
import dev.tcpspec.spi.TcpListener;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Segment;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A listening socket of the reference stack (RFC 9293 LISTEN, §3.10.7.2): a RST is ignored, an ACK draws a RST and
 * changes nothing, a SYN creates a child connection in SYN_RECEIVED. Children that complete the handshake wait for
 * accept(); closing the listener resets those not yet accepted (RULES.md HS-3).
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

    /** RFC 9293 §3.10.7.2: a segment for no connection arrives at the listening port. */
    void receive(Segment s) {
        if (s.rst() && !(s.hasAck() && host.net.has(Mutant.RST_ANSWERS_RST))) return; // ignored (RS-6)
        if (s.hasAck()) {
            host.answerWithReset(s); // <SEQ=SEG.ACK><CTL=RST>, and the listener stays (HS-2)
            return;
        }
        if (!s.syn() || host.quiet()) return;
        answerSyn(s, null);
    }

    /** A SYN to answer with a child connection; {@code iss} is given when the SYN reopens a TIME_WAIT 4-tuple. */
    void answerSyn(Segment syn, Integer iss) {
        Tcb child = host.addChild(this, syn);
        children.add(child);
        child.passiveOpen(syn, iss);
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
        if (!host.net.has(Mutant.LISTENER_CLOSE_KEEPS_CHILDREN)) {
            for (Tcb child : new ArrayList<>(children)) {
                boolean halfOpen = child.state == dev.tcpspec.trace.TcpState.SYN_RECEIVED;
                if (halfOpen && host.net.has(Mutant.LISTENER_CLOSE_KEEPS_HALF_OPEN)) continue;
                child.abortWithRst("listener closed");
            }
        }
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
