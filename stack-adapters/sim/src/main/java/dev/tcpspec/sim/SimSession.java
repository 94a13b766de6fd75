package dev.tcpspec.sim;

import dev.tcpspec.spi.ListenResult;
import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.spi.SocketResult;
import dev.tcpspec.spi.StackSession;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpState;

import java.time.Duration;
import java.util.Set;

/** A run of one scenario on the reference stack: two hosts, one wire, one virtual clock. */
final class SimSession implements StackSession {
    /** The port a server listens on when the scenario does not choose one. */
    static final int DEFAULT_SERVER_PORT = 80;

    private final Network net;

    SimSession(SessionSettings settings, Set<Mutant> mutants, long latencyNanos) {
        this(new Network(settings.profile(), settings.seed(), mutants, settings.faults(), settings.recorder(),
                latencyNanos));
    }

    /** A session on a network built elsewhere (one whose other end may be a user's stack: {@link HostedSession}). */
    SimSession(Network net) {
        this.net = net;
    }

    /** The hosts and wire behind this session (for the reference stack's own tests). */
    Network network() {
        return net;
    }

    @Override
    public long nowNanos() {
        return net.now();
    }

    @Override
    public String address(Side side) {
        return net.host(side).addressText();
    }

    @Override
    public ListenResult listen(Side side, int port, SocketOptions options) {
        Host host = net.host(side);
        return host.listen(port == 0 ? host.freeListeningPort() : port, options);
    }

    @Override
    public SocketResult connect(Side side, SocketOptions options, int remotePort, Duration timeout) {
        long start = net.now();
        Host.Opening opening = net.host(side).connect(options, remotePort);
        if (opening.error() != null) return SocketResult.failed(opening.error(), 0);
        Tcb t = opening.tcb();
        boolean settled = net.loop.runUntil(() -> t.state != TcpState.SYN_SENT && t.state != TcpState.SYN_RECEIVED,
                start + timeout.toNanos());
        long blocked = net.now() - start;
        if (!settled) return SocketResult.inProgress(new SimSocket(new SimSocket.OpenFile(t), false), blocked);
        if (t.state == TcpState.CLOSED) return SocketResult.failed(t.connectError(), blocked);
        return SocketResult.ok(new SimSocket(new SimSocket.OpenFile(t)), blocked);
    }

    @Override
    public void inject(Side asIf, Segment segment) {
        net.inject(asIf, segment);
    }

    @Override
    public void elapse(Duration d) {
        net.loop.runTo(net.now() + d.toNanos());
    }

    @Override
    public void finish(Duration horizon) {
        net.loop.runUntil(() -> !net.loop.hasPending(), net.now() + horizon.toNanos());
    }

    @Override
    public void crash(Side side) {
        net.host(side).crash();
    }

    @Override
    public void reboot(Side side) {
        net.host(side).reboot();
    }

    @Override
    public void close() {
        // nothing outlives the session: it is plain objects on a virtual clock
    }
}
