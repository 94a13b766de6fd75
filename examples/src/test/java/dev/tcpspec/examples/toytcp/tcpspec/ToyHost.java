package dev.tcpspec.examples.toytcp.tcpspec;

import dev.tcpspec.examples.toytcp.Config;
import dev.tcpspec.examples.toytcp.Conn;
import dev.tcpspec.examples.toytcp.Outcome;
import dev.tcpspec.examples.toytcp.Packet;
import dev.tcpspec.examples.toytcp.SocketConfig;
import dev.tcpspec.examples.toytcp.State;
import dev.tcpspec.examples.toytcp.ToyTcp;
import dev.tcpspec.spi.HostContext;
import dev.tcpspec.spi.SegmentConnection;
import dev.tcpspec.spi.SegmentHost;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.TcpOptions;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.TimerKind;
import dev.tcpspec.trace.TraceEvent;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One toytcp host on tcpspec's wire: packets in and out are converted between the two segment types, toytcp's clock
 * is tcpspec's virtual clock, and toytcp's observer reports state changes and timers to tcpspec.
 */
final class ToyHost implements SegmentHost, ToyTcp.Observer {
    private final HostContext context;
    private final Config config;
    private final ToyTcp tcp;
    private final List<Segment> outbox = new ArrayList<>();
    private final Map<Conn, ToyConnection> handles = new IdentityHashMap<>();

    ToyHost(HostContext context, Config config) {
        this.context = context;
        this.config = config;
        this.tcp = new ToyTcp(config, context::nowNanos, p -> outbox.add(toSegment(p)), this);
    }

    // ---- wire and clock ------------------------------------------------------------------------------------------

    @Override
    public void receive(Segment segment, long nowNanos) {
        tcp.input(toPacket(segment));
    }

    @Override
    public void wake(long nowNanos) {
        tcp.tick();
    }

    @Override
    public List<Segment> pollOutgoing() {
        List<Segment> out = List.copyOf(outbox);
        outbox.clear();
        return out;
    }

    @Override
    public long nextWakeup() {
        long next = tcp.nextDeadline();
        return next == Long.MAX_VALUE ? NEVER : next;
    }

    // ---- application ---------------------------------------------------------------------------------------------

    @Override
    public AppOutcome listen(int port, SocketOptions options) {
        return outcome(tcp.listen(port, socketConfig(options)));
    }

    @Override
    public AppOutcome closeListener(int port) {
        return outcome(tcp.closeListener(port));
    }

    @Override
    public Opening connect(int remotePort, SocketOptions options) {
        ToyTcp.Opened opened = tcp.connect(remotePort, socketConfig(options));
        return opened.conn() == null ? Opening.failed(outcome(opened.outcome())) : Opening.started(handle(opened.conn()));
    }

    @Override
    public Optional<SegmentConnection> accept(int port) {
        return Optional.ofNullable(tcp.accept(port)).map(this::handle);
    }

    // ---- toytcp's observer ---------------------------------------------------------------------------------------

    @Override
    public void stateChanged(Conn conn, State from, State to, String why) {
        context.stateChanged(handle(conn), TcpState.valueOf(to.name()), why);
    }

    @Override
    public void timerArmed(Conn conn, String timer, long durationNanos) {
        context.timer(handle(conn), timerKind(timer), TraceEvent.TimerAction.ARMED, durationNanos);
    }

    @Override
    public void timerFired(Conn conn, String timer) {
        context.timer(handle(conn), timerKind(timer), TraceEvent.TimerAction.FIRED, 0);
    }

    private static TimerKind timerKind(String timer) {
        return TimerKind.valueOf(timer.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }

    /** One SPI handle per toytcp connection: tcpspec knows connections by identity. */
    private ToyConnection handle(Conn conn) {
        return handles.computeIfAbsent(conn, ToyConnection::new);
    }

    // ---- conversions ---------------------------------------------------------------------------------------------

    /** SO_LINGER is not passed on: toytcp has none (its deviation 2). */
    private SocketConfig socketConfig(SocketOptions o) {
        long idle = 0;
        long interval = 0;
        int probes = 0;
        if (o.keepAlive()) {
            idle = o.keepAliveIdle() != null ? o.keepAliveIdle().toNanos() : config.keepAliveIdle();
            interval = o.keepAliveInterval() != null ? o.keepAliveInterval().toNanos() : config.keepAliveInterval();
            probes = o.keepAliveProbes() != null ? o.keepAliveProbes() : config.keepAliveProbes();
        }
        return new SocketConfig(o.localPort(), Boolean.TRUE.equals(o.reuseAddress()), o.iss(),
                o.receiveBuffer() != null ? o.receiveBuffer() : 0, o.sendBuffer() != null ? o.sendBuffer() : 0,
                idle, interval, probes);
    }

    static Packet toPacket(Segment s) {
        EnumSet<Packet.Flag> flags = EnumSet.noneOf(Packet.Flag.class);
        if (s.syn()) flags.add(Packet.Flag.SYN);
        if (s.fin()) flags.add(Packet.Flag.FIN);
        if (s.rst()) flags.add(Packet.Flag.RST);
        if (s.hasAck()) flags.add(Packet.Flag.ACK);
        if ((s.flags() & Segment.PSH) != 0) flags.add(Packet.Flag.PSH);
        Packet.Timestamps ts = s.options().hasTimestamps()
                ? new Packet.Timestamps(s.options().tsVal(), s.options().tsEcr()) : null;
        return new Packet(s.srcPort(), s.dstPort(), s.seq(), s.ack(), flags, s.window(), s.options().mss(), ts,
                s.payload().clone());
    }

    static Segment toSegment(Packet p) {
        int flags = (p.has(Packet.Flag.SYN) ? Segment.SYN : 0) | (p.has(Packet.Flag.FIN) ? Segment.FIN : 0)
                | (p.has(Packet.Flag.RST) ? Segment.RST : 0) | (p.has(Packet.Flag.ACK) ? Segment.ACK : 0)
                | (p.has(Packet.Flag.PSH) ? Segment.PSH : 0);
        TcpOptions options = p.mss() > 0 ? TcpOptions.NONE.withMss(p.mss()) : TcpOptions.NONE;
        if (p.timestamps() != null) options = options.withTimestamps(p.timestamps().value(), p.timestamps().echo());
        return new Segment(p.srcPort(), p.dstPort(), p.seq(), p.ack(), flags, p.window(), p.payload(), options);
    }

    static AppOutcome outcome(Outcome o) {
        return switch (o) {
            case OK -> AppOutcome.OK;
            case DATA -> AppOutcome.DATA;
            case EOF -> AppOutcome.EOF;
            case WOULD_BLOCK -> AppOutcome.STILL_BLOCKED;
            case CONNECTION_RESET -> AppOutcome.CONNECTION_RESET;
            case BROKEN_PIPE -> AppOutcome.BROKEN_PIPE;
            case TIMED_OUT -> AppOutcome.CONNECTION_TIMED_OUT;
            case CONNECTION_REFUSED -> AppOutcome.CONNECTION_REFUSED;
            case ADDRESS_IN_USE -> AppOutcome.ADDRESS_IN_USE;
            case ADDRESS_NOT_AVAILABLE -> AppOutcome.ADDRESS_NOT_AVAILABLE;
            case NOT_CONNECTED -> AppOutcome.NOT_CONNECTED;
        };
    }
}
