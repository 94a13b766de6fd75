package dev.tcpspec.sim;

import dev.tcpspec.spi.ListenResult;
import dev.tcpspec.spi.SegmentStack;
import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.spi.SocketResult;
import dev.tcpspec.spi.StackSession;
import dev.tcpspec.trace.Side;

import java.time.Duration;
import java.util.Set;

/**
 * One run with a user's segment-tier stack at one end of the simulated wire and the reference stack at the other.
 * Calls for the reference's side, and the clock, go to an ordinary {@link SimSession} on the same network; calls for
 * the user's side go to the {@link HostedEnd}.
 */
final class HostedSession implements StackSession {
    private final Network net;
    private final SimSession reference;
    private final Side userSide;
    private final HostedEnd user;

    HostedSession(SegmentStack stack, Side userSide, SessionSettings settings, long latencyNanos) {
        this.net = new Network(settings.profile(), settings.seed(), Set.of(), settings.faults(), settings.recorder(),
                latencyNanos);
        this.reference = new SimSession(net);
        this.userSide = userSide;
        this.user = new HostedEnd(stack, userSide, net, settings.seed());
        net.attach(userSide, user);
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
        if (side != userSide) return reference.listen(side, port, options);
        return user.listen(port == 0 ? SimSession.DEFAULT_SERVER_PORT : port, options);
    }

    @Override
    public SocketResult connect(Side side, SocketOptions options, int remotePort, Duration timeout) {
        if (side != userSide) return reference.connect(side, options, remotePort, timeout);
        return user.connect(options, remotePort, timeout);
    }

    @Override
    public void inject(Side asIf, dev.tcpspec.trace.Segment segment) {
        net.inject(asIf, segment);
    }

    @Override
    public void elapse(Duration d) {
        reference.elapse(d);
    }

    @Override
    public void finish(Duration horizon) {
        reference.finish(horizon);
    }

    @Override
    public void crash(Side side) {
        if (side != userSide) reference.crash(side);
        else user.crash();
    }

    @Override
    public void reboot(Side side) {
        if (side != userSide) reference.reboot(side);
        else user.reboot();
    }

    @Override
    public void close() {
        reference.close();
    }
}
