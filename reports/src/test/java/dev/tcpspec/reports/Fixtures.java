package dev.tcpspec.reports;

import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.ExpectationResult;
import dev.tcpspec.run.RunResult;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.trace.AppCall;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Fate;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpOptions;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.TimerKind;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;
import dev.tcpspec.trace.TraceInfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.tcpspec.dsl.Tcp.*;

/** Hand-made specs, traces and results for the report tests: no stack involved. */
final class Fixtures {
    static final int CLIENT_ISN = 0xFFFF_FFF0; // close to the wrap, so unsigned handling shows
    static final int SERVER_ISN = 5000;
    static final long MS = 1_000_000L;

    private Fixtures() {
    }

    static Spec aSpec(String id, String title) {
        return spec(id, title).given(established()).when(client().closes()).then(client().enters(TIME_WAIT))
                .and(server().neverEnters(TIME_WAIT));
    }

    /**
     * A close in which the client's final ACK is dropped, the server's FIN is duplicated and retransmitted, and the
     * client answers the retransmission with a RST (a stack without TIME_WAIT). Every event type appears.
     */
    static Trace closeTrace() {
        List<TraceEvent> e = new ArrayList<>();
        int[] id = {0};
        TcpOptions synOpts = TcpOptions.NONE.withMss(1460).withTimestamps(1000, 0);
        e.add(new TraceEvent.AppResult(0, Side.SERVER, 0, AppCall.LISTEN, AppOutcome.OK, 0, new byte[0], 0, ""));
        e.add(new TraceEvent.StateChange(0, Side.SERVER, 0, TcpState.CLOSED, TcpState.LISTEN, "listen()"));
        e.add(new TraceEvent.StateChange(0, Side.CLIENT, 0, TcpState.CLOSED, TcpState.SYN_SENT, "connect()"));
        send(e, id, 0, Side.CLIENT, seg(40000, 80, CLIENT_ISN, 0, Segment.SYN, synOpts, ""), SegmentKind.SYN,
                Fate.DELIVERED, 1);
        e.add(new TraceEvent.StateChange(MS, Side.SERVER, 0, TcpState.LISTEN, TcpState.SYN_RECEIVED, "rcvd SYN"));
        send(e, id, MS, Side.SERVER, seg(80, 40000, SERVER_ISN, CLIENT_ISN + 1, Segment.SYN | Segment.ACK,
                TcpOptions.NONE.withMss(1460).withTimestamps(2000, 1000), ""), SegmentKind.SYN_ACK, Fate.DELIVERED, 1);
        e.add(new TraceEvent.StateChange(2 * MS, Side.CLIENT, 0, TcpState.SYN_SENT, TcpState.ESTABLISHED,
                "rcvd SYN,ACK"));
        send(e, id, 2 * MS, Side.CLIENT, seg(40000, 80, CLIENT_ISN + 1, SERVER_ISN + 1, Segment.ACK, TcpOptions.NONE,
                ""), SegmentKind.ACK, Fate.DELIVERED, 1);
        e.add(new TraceEvent.StateChange(3 * MS, Side.SERVER, 0, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED,
                "rcvd ACK of SYN"));
        e.add(new TraceEvent.Action(3 * MS, "client: write(5 bytes)"));
        send(e, id, 3 * MS, Side.CLIENT, seg(40000, 80, CLIENT_ISN + 1, SERVER_ISN + 1, Segment.PSH | Segment.ACK,
                TcpOptions.NONE, "hello"), SegmentKind.DATA, Fate.DELIVERED, 1);
        e.add(new TraceEvent.AppResult(4 * MS, Side.SERVER, 0, AppCall.READ, AppOutcome.DATA, 5,
                "hello".getBytes(StandardCharsets.UTF_8), MS, ""));
        send(e, id, 4 * MS, Side.SERVER, seg(80, 40000, SERVER_ISN + 1, CLIENT_ISN + 6, Segment.ACK, TcpOptions.NONE,
                ""), SegmentKind.ACK, Fate.DELIVERED, 1);
        e.add(new TraceEvent.Action(5 * MS, "client: close()"));
        e.add(new TraceEvent.StateChange(5 * MS, Side.CLIENT, 0, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1,
                "close()"));
        send(e, id, 5 * MS, Side.CLIENT, seg(40000, 80, CLIENT_ISN + 6, SERVER_ISN + 1, Segment.FIN | Segment.ACK,
                TcpOptions.NONE, ""), SegmentKind.FIN, Fate.DELIVERED, 1);
        e.add(new TraceEvent.StateChange(6 * MS, Side.SERVER, 0, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT,
                "rcvd FIN"));
        e.add(new TraceEvent.StateChange(6 * MS, Side.SERVER, 0, TcpState.CLOSE_WAIT, TcpState.LAST_ACK, "close()"));
        send(e, id, 6 * MS, Side.SERVER, seg(80, 40000, SERVER_ISN + 1, CLIENT_ISN + 7, Segment.FIN | Segment.ACK,
                TcpOptions.NONE, ""), SegmentKind.FIN, Fate.DUPLICATED, 2);
        e.add(new TraceEvent.Timer(6 * MS, Side.SERVER, 0, TimerKind.RETRANSMISSION, TraceEvent.TimerAction.ARMED,
                1000 * MS));
        e.add(new TraceEvent.StateChange(7 * MS, Side.CLIENT, 0, TcpState.FIN_WAIT_1, TcpState.CLOSED,
                "rcvd FIN; no TIME_WAIT"));
        send(e, id, 7 * MS, Side.CLIENT, seg(40000, 80, CLIENT_ISN + 7, SERVER_ISN + 2, Segment.ACK, TcpOptions.NONE,
                ""), SegmentKind.ACK_OF_FIN, Fate.DROPPED, 0);
        e.add(new TraceEvent.Note(500 * MS, "fault: drop ack-of-fin #1 from client"));
        e.add(new TraceEvent.Timer(1006 * MS, Side.SERVER, 0, TimerKind.RETRANSMISSION, TraceEvent.TimerAction.FIRED,
                0));
        send(e, id, 1006 * MS, Side.SERVER, seg(80, 40000, SERVER_ISN + 1, CLIENT_ISN + 7, Segment.FIN | Segment.ACK,
                TcpOptions.NONE, ""), SegmentKind.FIN, Fate.DELIVERED, 1);
        send(e, id, 1007 * MS, Side.CLIENT, seg(40000, 80, CLIENT_ISN + 7, 0, Segment.RST, TcpOptions.NONE, ""),
                SegmentKind.RST, Fate.DELIVERED, 1);
        e.add(new TraceEvent.StateChange(1008 * MS, Side.SERVER, 0, TcpState.LAST_ACK, TcpState.CLOSED, "rcvd RST"));
        e.add(new TraceEvent.AppResult(1008 * MS, Side.SERVER, 0, AppCall.READ, AppOutcome.CONNECTION_RESET, 0,
                new byte[0], 0, ""));
        e.sort((a, b) -> Long.compare(a.nanos(), b.nanos()));
        return new Trace(new TraceInfo("sim", "rfc9293", 1, "10.0.0.1", "10.0.0.2"), e, 1008 * MS);
    }

    /**
     * {@link #closeTrace()} followed by {@code acks} more ACKs from the client, each delivered: a trace of
     * {@code 2 * acks} more events, like a port-exhaustion run's.
     */
    static Trace longTrace(int acks) {
        Trace close = closeTrace();
        List<TraceEvent> e = new ArrayList<>(close.events());
        int[] id = {close.segments().size()};
        long t = close.endNanos();
        for (int i = 0; i < acks; i++) {
            t += MS;
            send(e, id, t, Side.CLIENT, seg(40000 + i % 20000, 80, CLIENT_ISN + i, SERVER_ISN + i, Segment.ACK,
                    TcpOptions.NONE, ""), SegmentKind.ACK, Fate.DELIVERED, 1);
        }
        return new Trace(close.info(), e, t + MS);
    }

    /** A run in which TW-10 fails with a trace of {@code acks} ACKs more than {@link #closeTrace()}. */
    static RunResult longRun(int acks) {
        Spec spec = aSpec("TW-10", "port exhaustion");
        return new RunResult("sim", "linux", null, 1, List.of(passing(aSpec("OC-1", "closing queues FIN behind data")),
                new SpecResult(spec, "sim", "linux", 1, Verdict.FAIL, "no EADDRNOTAVAIL", List.of(), longTrace(acks),
                        9, null)));
    }

    private static Segment seg(int src, int dst, int seq, int ack, int flags, TcpOptions opts, String payload) {
        return new Segment(src, dst, seq, ack, flags, 65535, payload.getBytes(StandardCharsets.UTF_8), opts);
    }

    private static void send(List<TraceEvent> e, int[] id, long t, Side from, Segment s, SegmentKind kind, Fate fate,
                             int copies) {
        int n = id[0]++;
        e.add(new TraceEvent.SegmentSent(t, n, from, 0, s, kind, fate));
        for (int i = 0; i < copies; i++) e.add(new TraceEvent.Delivery(t + MS + i * 200_000L, n, from.peer()));
    }

    static SpecResult failing(Spec spec) {
        return new SpecResult(spec, "sim", "rfc9293", 1, Verdict.FAIL,
                "expected client enters TIME_WAIT, but client never entered TIME_WAIT",
                List.of(new ExpectationResult("client enters TIME_WAIT", false, "client never entered TIME_WAIT"),
                        new ExpectationResult("server never enters TIME_WAIT", true, "server went LAST_ACK -> CLOSED")),
                closeTrace(), 3, null);
    }

    static SpecResult passing(Spec spec) {
        return new SpecResult(spec, "sim", "rfc9293", 1, Verdict.PASS, "2 expectations held",
                List.of(new ExpectationResult("client enters TIME_WAIT", true, "it did")), closeTrace(), 2, null);
    }

    /** A pass on a stack that cannot capture: the state expectation held, the segment one could not be judged. */
    static SpecResult partial(Spec spec) {
        return new SpecResult(spec, "os", "linux", 1, Verdict.PASS, "1 expectation held; partially judged: 1 of 2 "
                + "expectations not judged: the wire carries RST from client (needs to observe segments on the wire "
                + "(SEGMENT_OBSERVATION), which the os stack cannot: no packet capture)",
                List.of(new ExpectationResult("client never enters TIME_WAIT", true, "client went ESTABLISHED -> CLOSED"),
                        ExpectationResult.notJudged("the wire carries RST from client", "needs to observe segments on "
                                + "the wire (SEGMENT_OBSERVATION), which the os stack cannot: no packet capture")),
                closeTrace(), 4, null);
    }

    static SpecResult notApplicable(Spec spec) {
        return new SpecResult(spec, "sim", "rfc9293", 1, Verdict.NOT_APPLICABLE,
                "needs to inject raw segments (RAW_INJECTION), which the sim stack cannot: no raw socket", List.of(),
                null, 0, null);
    }

    static SpecResult error(Spec spec) {
        return new SpecResult(spec, "sim", "rfc9293", 1, Verdict.ERROR, "the sim adapter threw IllegalStateException: boom",
                List.of(), null, 5, new IllegalStateException("boom"));
    }

    /** A run of four specs with every verdict: TW-2 fails, OC-1 passes, RS-1 does not apply, KA-1 errs. */
    static RunResult mixedRun() {
        return new RunResult("sim", "rfc9293", null, 1, List.of(passing(aSpec("OC-1", "closing queues FIN behind data")),
                failing(aSpec("TW-2", "the active closer holds TIME_WAIT for 2MSL")),
                notApplicable(aSpec("RS-1", "an RST in window resets")),
                error(aSpec("KA-1", "keepalive probes after idle"))));
    }
}
