package dev.tcpspec.sim;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.spi.StackSession;
import dev.tcpspec.spi.TcpListener;
import dev.tcpspec.spi.TcpSocket;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpOptions;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;
import dev.tcpspec.trace.TraceInfo;
import dev.tcpspec.trace.TraceRecorder;
import dev.tcpspec.wire.FaultSchedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A session of the reference stack driven directly, for the stack's own tests in the style of smoltcp's: set up a
 * connection in some state, craft a segment relative to the receiver's sequence numbers, and look at exactly what each
 * side sent back and which state it is in.
 *
 * <pre>{@code
 * SimHarness h = SimHarness.established(Profile.rfc9293());
 * h.client.close();                                    // FIN_WAIT_1
 * h.settle();                                          // FIN and its ACK cross: FIN_WAIT_2
 * int mark = h.mark();
 * h.injectTo(Side.CLIENT, Segment.FIN | Segment.ACK, 0, 0, 0);
 * assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.TIME_WAIT);
 * assertThat(h.sentSince(mark, Side.CLIENT)).singleElement().matches(Segment::isPureAck);
 * }</pre>
 */
final class SimHarness {
    final TraceRecorder recorder = new TraceRecorder();
    final StackSession session;
    final Profile profile;
    TcpListener listener;
    TcpSocket client;
    TcpSocket server;
    private Tcb clientTcb;
    private Tcb serverTcb;

    SimHarness(Profile profile, FaultSchedule faults, Mutant... mutants) {
        this(profile, faults, 1, mutants);
    }

    SimHarness(Profile profile, FaultSchedule faults, long seed, Mutant... mutants) {
        this.profile = profile;
        this.session = Stacks.simulated(mutants).open(new SessionSettings(profile, seed, faults, recorder));
    }

    static SimHarness established(Profile profile) {
        return established(profile, FaultSchedule.NONE, SocketOptions.DEFAULTS);
    }

    static SimHarness established(Profile profile, FaultSchedule faults, SocketOptions clientOptions,
                                  Mutant... mutants) {
        return established(profile, faults, clientOptions, SocketOptions.DEFAULTS, mutants);
    }

    static SimHarness established(Profile profile, FaultSchedule faults, SocketOptions clientOptions,
                                  SocketOptions serverOptions, Mutant... mutants) {
        SimHarness h = new SimHarness(profile, faults, mutants);
        h.listener = h.session.listen(Side.SERVER, 0, serverOptions).listener();
        h.client = h.session.connect(Side.CLIENT, clientOptions, h.listener.port(), Duration.ofSeconds(30)).socket();
        h.server = h.listener.accept(Duration.ofSeconds(30)).socket();
        h.clientTcb = ((SimSocket) h.client).tcb();
        h.serverTcb = ((SimSocket) h.server).tcb();
        return h;
    }

    static SimHarness listening(Profile profile, Mutant... mutants) {
        SimHarness h = new SimHarness(profile, FaultSchedule.NONE, mutants);
        h.listener = h.session.listen(Side.SERVER, 0, SocketOptions.DEFAULTS).listener();
        return h;
    }

    Network net() {
        return ((SimSession) session).network();
    }

    /** The main connection's control block on one side (kept after it closes). */
    Tcb tcb(Side side) {
        return side == Side.CLIENT ? clientTcb : serverTcb;
    }

    TcpState state(Side side) {
        return tcb(side).state;
    }

    void elapse(Duration d) {
        session.elapse(d);
    }

    void elapseMillis(long ms) {
        session.elapse(Duration.ofMillis(ms));
    }

    /** Lets segments in flight arrive (a few wire latencies), firing no timer set a second or more ahead. */
    void settle() {
        session.elapse(Duration.ofMillis(10));
    }

    /**
     * The host of {@code side} goes silent (it crashes): segments to it vanish and it sends nothing, so crafted
     * segments can play its part without its stack answering the other side's replies.
     */
    void silence(Side side) {
        session.crash(side);
    }

    /** A position in the trace, to look at what was sent after it. */
    int mark() {
        return recorder.eventsSoFar().size();
    }

    /** Segments {@code side} sent after {@code mark}, in order. */
    List<Segment> sentSince(int mark, Side side) {
        List<TraceEvent> all = recorder.eventsSoFar();
        List<Segment> out = new ArrayList<>();
        for (int i = mark; i < all.size(); i++) {
            if (all.get(i) instanceof TraceEvent.SegmentSent s && s.from() == side) out.add(s.segment());
        }
        return out;
    }

    /** Send times (virtual nanoseconds) of the segments {@code side} sent after {@code mark}. */
    List<Long> sendTimesSince(int mark, Side side) {
        List<TraceEvent> all = recorder.eventsSoFar();
        List<Long> out = new ArrayList<>();
        for (int i = mark; i < all.size(); i++) {
            if (all.get(i) instanceof TraceEvent.SegmentSent s && s.from() == side) out.add(s.nanos());
        }
        return out;
    }

    /**
     * Injects a segment that arrives at {@code receiver} as if its peer had sent it, on the main connection:
     * SEG.SEQ = the receiver's RCV.NXT + {@code seqOffset}, SEG.ACK (when {@code ackOffset} is not null) = its SND.NXT
     * + {@code ackOffset}, with {@code dataLength} bytes, and timestamps when the connection uses them. The segment
     * arrives after the wire's latency; this call lets it arrive.
     */
    Segment injectTo(Side receiver, int flags, int seqOffset, Integer ackOffset, int dataLength) {
        return injectTo(receiver, flags, seqOffset, ackOffset, dataLength, null);
    }

    /** As {@link #injectTo(Side, int, int, Integer, int)}, with TSval = the sender's current TSval + offset. */
    Segment injectTo(Side receiver, int flags, int seqOffset, Integer ackOffset, int dataLength, Integer tsOffset) {
        Tcb to = tcb(receiver);
        Tcb asIf = tcb(receiver.peer());
        int ack = ackOffset == null ? 0 : to.sndNxt() + ackOffset;
        TcpOptions options = TcpOptions.NONE;
        if (to.timestampsOn()) {
            int tsVal = (int) (net().now() / 1_000_000L) + asIfTsOffset(asIf) + (tsOffset == null ? 0 : tsOffset);
            options = options.withTimestamps(tsVal, 0);
        }
        Segment s = new Segment(to.remotePort, to.localPort, to.rcvNxt() + seqOffset, ack,
                flags | (ackOffset == null ? 0 : Segment.ACK), 65535, new byte[dataLength], options);
        session.inject(receiver.peer(), s);
        session.elapse(Duration.ofMillis(2));
        return s;
    }

    private int asIfTsOffset(Tcb asIf) {
        return net().isn.keyed(((long) asIf.host.address << 32) | asIf.host.peer().address,
                ((long) asIf.localPort << 16) | asIf.remotePort);
    }

    Trace finish() {
        session.finish(Duration.ofHours(2));
        return trace();
    }

    Trace trace() {
        return recorder.build(new TraceInfo("sim", profile.name(), 1, "10.0.0.1", "10.0.0.2"), session.nowNanos());
    }
}
