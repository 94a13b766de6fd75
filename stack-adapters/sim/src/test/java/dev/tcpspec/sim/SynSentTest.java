package dev.tcpspec.sim;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.spi.IoResult;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.spi.SocketResult;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpOptions;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.wire.Fault;
import dev.tcpspec.wire.FaultAction;
import dev.tcpspec.wire.FaultSchedule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** SYN_SENT (RFC 9293 §3.10.7.3; RULES.md HS-3, HS-4): a connect() whose SYN the server never saw. */
class SynSentTest {
    /** Every SYN from the client is lost: the connection stays in SYN_SENT until its retries run out. */
    private static final FaultSchedule LOST_SYNS = new FaultSchedule(IntStream.rangeClosed(1, 20)
            .mapToObj(n -> new Fault(Side.CLIENT, SegmentKind.SYN, n, new FaultAction.Drop())).toList());

    private final SimHarness h = SimHarness.listening(Profile.rfc9293());
    private final SimHarness lossy = new SimHarness(Profile.rfc9293(), LOST_SYNS);

    private SimSocket connecting(SimHarness harness) {
        if (harness.listener == null) {
            harness.listener = harness.session.listen(Side.SERVER, 0, SocketOptions.DEFAULTS).listener();
        }
        SocketResult r = harness.session.connect(Side.CLIENT, SocketOptions.DEFAULTS, 80, Duration.ZERO);
        assertThat(r.outcome()).isEqualTo(AppOutcome.STILL_BLOCKED);
        return (SimSocket) r.socket();
    }

    private void rst(SimHarness harness, Tcb t, int flags, int ack) {
        harness.session.inject(Side.SERVER, new Segment(80, t.localPort, 0, ack, flags, 0, Segment.NO_PAYLOAD,
                TcpOptions.NONE));
        harness.elapseMillis(2);
    }

    @Test
    void synSent_rstAcknowledgingTheSyn_refusesTheConnect() {
        SimSocket s = connecting(lossy);
        Tcb t = s.tcb();
        rst(lossy, t, Segment.RST | Segment.ACK, t.sndNxt());
        assertThat(t.state).isEqualTo(TcpState.CLOSED);
        assertThat(s.finishConnect(Duration.ZERO).outcome()).isEqualTo(AppOutcome.CONNECTION_REFUSED);
    }

    @Test
    void synSent_rstWithAnAckBeyondSndNxt_isDropped() {
        SimSocket s = connecting(lossy);
        Tcb t = s.tcb();
        int m = lossy.mark();
        rst(lossy, t, Segment.RST | Segment.ACK, t.sndNxt() + 1);
        assertThat(t.state).isEqualTo(TcpState.SYN_SENT);
        assertThat(lossy.sentSince(m, Side.CLIENT)).isEmpty();
    }

    @Test
    void synSent_rstWithoutAck_isDropped() {
        SimSocket s = connecting(lossy);
        rst(lossy, s.tcb(), Segment.RST, 0);
        assertThat(s.tcb().state).isEqualTo(TcpState.SYN_SENT);
    }

    @Test
    void synSent_ackOfSomethingElse_drawsRstWithSeqOfThatAck() {
        SimSocket s = connecting(lossy);
        Tcb t = s.tcb();
        int m = lossy.mark();
        rst(lossy, t, Segment.ACK, t.sndNxt() + 500);
        assertThat(lossy.sentSince(m, Side.CLIENT)).singleElement().satisfies(r -> {
            assertThat(r.flagNames()).isEqualTo("RST");
            assertThat(r.seq()).isEqualTo(t.sndNxt() + 500);
        });
        assertThat(t.state).isEqualTo(TcpState.SYN_SENT);
    }

    @Test
    void synSent_close_deletesTheConnectionAndSendsNothing() {
        SimSocket s = connecting(lossy);
        int m = lossy.mark();
        s.close();
        lossy.elapse(Duration.ofSeconds(30));
        assertThat(s.tcb().state).isEqualTo(TcpState.CLOSED);
        assertThat(lossy.sentSince(m, Side.CLIENT)).isEmpty();
    }

    @Test
    void synSent_synRetransmittedWithBackoff_untilTheSynRetriesRunOut() {
        SimSocket s = connecting(lossy);
        IoResult r = s.finishConnect(Duration.ofMinutes(5));
        assertThat(r.outcome()).isEqualTo(AppOutcome.CONNECTION_TIMED_OUT);
        List<Long> times = lossy.sendTimesSince(0, Side.CLIENT);
        assertThat(times).hasSize(Profile.rfc9293().synRetries() + 1);
        assertThat(times.get(2) - times.get(1)).isEqualTo(2 * (times.get(1) - times.get(0)));
        assertThat(r.blockedNanos()).isEqualTo(Duration.ofSeconds(1 + 2 + 4 + 8 + 16 + 32).toNanos());
    }

    @Test
    void synSent_synAck_establishesAndAcknowledges() {
        SimSocket s = connecting(h);
        h.settle();
        assertThat(s.tcb().state).isEqualTo(TcpState.ESTABLISHED);
        assertThat(s.finishConnect(Duration.ZERO).outcome()).isEqualTo(AppOutcome.OK);
    }

    @Test
    void synSent_simultaneousOpen_goesThroughSynReceived() {
        SimSocket s = connecting(lossy);
        Tcb t = s.tcb();
        int m = lossy.mark();
        lossy.session.inject(Side.SERVER, new Segment(80, t.localPort, 9000, 0, Segment.SYN, 65535,
                Segment.NO_PAYLOAD, TcpOptions.NONE));
        lossy.elapseMillis(2);
        assertThat(t.state).isEqualTo(TcpState.SYN_RECEIVED);
        assertThat(lossy.sentSince(m, Side.CLIENT)).first().satisfies(r -> {
            assertThat(r.flagNames()).isEqualTo("SYN,ACK");
            assertThat(r.ack()).isEqualTo(9001);
        });
    }
}
