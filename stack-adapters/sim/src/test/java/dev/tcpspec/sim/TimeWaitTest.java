package dev.tcpspec.sim;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.spi.SocketResult;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpOptions;
import dev.tcpspec.trace.TcpState;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.tcpspec.trace.Segment.FIN;
import static dev.tcpspec.trace.Segment.RST;
import static dev.tcpspec.trace.Segment.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * TIME_WAIT (RFC 9293 §3.10.7.4, RFC 1337, RFC 6191, Linux tcp_timewait_state_process; RULES.md TW-2 ... TW-9): the
 * client closes first; the server's part afterwards is played by crafted segments.
 */
class TimeWaitTest {
    /** The client in TIME_WAIT after an orderly close it began; the server's host silent from then on. */
    private static SimHarness timeWait(Profile profile) {
        SimHarness h = SimHarness.established(profile);
        h.client.close();
        h.settle();
        h.server.read(10, Duration.ZERO);
        h.server.close();
        h.settle();
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.TIME_WAIT);
        h.silence(Side.SERVER);
        return h;
    }

    private static long left(SimHarness h) {
        return h.tcb(Side.CLIENT).enteredStateAt;
    }

    @Test
    void timeWait_lastsExactlyTheProfilesLength() {
        for (Profile p : Profile.builtIn()) {
            SimHarness h = timeWait(p);
            long entered = h.tcb(Side.CLIENT).enteredStateAt;
            h.elapse(Duration.ofNanos(entered + p.timeWait().toNanos() - 1 - h.session.nowNanos()));
            assertThat(h.state(Side.CLIENT)).as(p.name()).isEqualTo(TcpState.TIME_WAIT);
            h.elapse(Duration.ofNanos(1));
            assertThat(h.state(Side.CLIENT)).as(p.name()).isEqualTo(TcpState.CLOSED);
        }
    }

    @Test
    void timeWait_retransmittedFin_isAcknowledgedAgainAndRestartsTheTimer() {
        SimHarness h = timeWait(Profile.rfc9293());
        h.elapse(Duration.ofSeconds(100));
        int m = h.mark();
        Segment fin = h.injectTo(Side.CLIENT, FIN, -1, 0, 0);
        long restarted = h.session.nowNanos();
        assertThat(h.sentSince(m, Side.CLIENT)).singleElement().satisfies(a -> {
            assertThat(a.isPureAck()).isTrue();
            assertThat(a.ack()).isEqualTo(fin.seq() + 1);
        });
        h.elapse(Profile.rfc9293().timeWait().minusSeconds(1));
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.TIME_WAIT);
        h.elapse(Duration.ofSeconds(2));
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.CLOSED);
        assertThat(restarted).isPositive();
    }

    @Test
    void timeWait_retransmittedFins_areNeverRateLimited() {
        SimHarness h = timeWait(Profile.linux());
        int m = h.mark();
        for (int i = 0; i < 3; i++) h.injectTo(Side.CLIENT, FIN, -1, 0, 0);
        assertThat(h.sentSince(m, Side.CLIENT)).hasSize(3);
    }

    @Test
    void timeWait_rstAtRcvNxt_endsItUnlessRfc1337() {
        SimHarness h = timeWait(Profile.rfc9293());
        h.injectTo(Side.CLIENT, RST, 0, null, 0);
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.CLOSED);

        SimHarness f = timeWait(Profile.rfc9293().toBuilder().rfc1337(true).build());
        int m = f.mark();
        f.injectTo(Side.CLIENT, RST, 0, null, 0);
        assertThat(f.state(Side.CLIENT)).isEqualTo(TcpState.TIME_WAIT);
        assertThat(f.sentSince(m, Side.CLIENT)).isEmpty();
    }

    @Test
    void timeWait_rstInTheWindowNotAtRcvNxt_challengedUnderRfcIgnoredUnderLinux() {
        SimHarness r = timeWait(Profile.rfc9293());
        int m = r.mark();
        r.injectTo(Side.CLIENT, RST, 100, null, 0);
        assertThat(r.state(Side.CLIENT)).isEqualTo(TcpState.TIME_WAIT);
        assertThat(r.sentSince(m, Side.CLIENT)).hasSize(1);

        SimHarness l = timeWait(Profile.linux());
        m = l.mark();
        l.injectTo(Side.CLIENT, RST, 100, null, 0);
        assertThat(l.state(Side.CLIENT)).isEqualTo(TcpState.TIME_WAIT);
        assertThat(l.sentSince(m, Side.CLIENT)).isEmpty();
    }

    @Test
    void timeWait_oldData_drawsTheCurrentAckAndIsNotDelivered() {
        SimHarness h = timeWait(Profile.rfc9293());
        int m = h.mark();
        h.injectTo(Side.CLIENT, 0, -50, 0, 40);
        assertThat(h.sentSince(m, Side.CLIENT)).singleElement().satisfies(a -> {
            assertThat(a.seq()).isEqualTo(h.tcb(Side.CLIENT).sndNxt());
            assertThat(a.ack()).isEqualTo(h.tcb(Side.CLIENT).rcvNxt());
        });
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void timeWait_bareAckAtRcvNxt_restartsTheTimerOnlyUnderLinux() {
        SimHarness l = timeWait(Profile.linux());
        l.elapse(Duration.ofSeconds(50));
        l.injectTo(Side.CLIENT, 0, 0, 0, 0);
        l.elapse(Duration.ofSeconds(50));
        assertThat(l.state(Side.CLIENT)).isEqualTo(TcpState.TIME_WAIT);

        SimHarness r = timeWait(Profile.rfc9293());
        r.elapse(Duration.ofSeconds(200));
        r.injectTo(Side.CLIENT, 0, 0, 0, 0);
        r.elapse(Duration.ofSeconds(50));
        assertThat(r.state(Side.CLIENT)).isEqualTo(TcpState.CLOSED);
    }

    /** The server closes first and holds TIME_WAIT; the client host is left to answer as it would. */
    private static SimHarness serverTimeWait(Profile profile) {
        SimHarness h = SimHarness.established(profile);
        h.server.close();
        h.settle();
        h.client.read(10, Duration.ZERO);
        h.client.close();
        h.settle();
        assertThat(h.state(Side.SERVER)).isEqualTo(TcpState.TIME_WAIT);
        return h;
    }

    @Test
    void timeWait_newSynAboveRcvNxt_reopensWithAnIssAboveTheOldSpace() {
        for (Profile p : Profile.builtIn()) {
            SimHarness h = serverTimeWait(p);
            Tcb tw = h.tcb(Side.SERVER);
            h.elapse(Duration.ofSeconds(1));
            SocketResult again = h.session.connect(Side.CLIENT,
                    SocketOptions.DEFAULTS.withLocalPort(h.client.localPort()), 80, Duration.ofSeconds(5));
            assertThat(again.outcome()).as(p.name()).isEqualTo(AppOutcome.OK);
            assertThat(again.blockedNanos()).as(p.name()).isEqualTo(Duration.ofMillis(2).toNanos());
            assertThat(tw.state).isEqualTo(TcpState.CLOSED);
            Tcb fresh = h.net().server.connection(80, h.client.localPort());
            assertThat(fresh.iss()).as(p.name()).isEqualTo(tw.sndNxt() + Tcb.TIME_WAIT_ISS_GAP);
        }
    }

    @Test
    void timeWait_oldSyn_isDroppedSilentlyUnderRfc6191AndAcknowledgedUnderLinux() {
        SimHarness r = serverTimeWait(Profile.rfc9293());
        r.silence(Side.CLIENT);
        int m = r.mark();
        r.injectTo(Side.SERVER, SYN, -1000, null, 0);
        assertThat(r.sentSince(m, Side.SERVER)).isEmpty();
        assertThat(r.state(Side.SERVER)).isEqualTo(TcpState.TIME_WAIT);

        SimHarness l = serverTimeWait(Profile.linux());
        l.silence(Side.CLIENT);
        m = l.mark();
        l.injectTo(Side.SERVER, SYN, -1000, null, 0, -1000); // old sequence number and old TSval
        assertThat(l.sentSince(m, Side.SERVER)).singleElement().satisfies(a -> assertThat(a.isPureAck()).isTrue());
        assertThat(l.state(Side.SERVER)).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void timeWait_synWithANewerTsvalButOldSeq_reopensUnderLinux() {
        SimHarness l = serverTimeWait(Profile.linux());
        Tcb tw = l.tcb(Side.SERVER);
        l.silence(Side.CLIENT);
        l.elapse(Duration.ofSeconds(1));
        int m = l.mark();
        l.injectTo(Side.SERVER, SYN, -1000, null, 0, 500);
        assertThat(tw.state).isEqualTo(TcpState.CLOSED);
        assertThat(l.sentSince(m, Side.SERVER)).first().satisfies(s -> assertThat(s.flagNames())
                .isEqualTo("SYN,ACK"));
    }

    @Test
    void timeWait_close_sendsNothing() {
        SimHarness h = SimHarness.established(Profile.rfc9293());
        h.client.shutdownOutput();
        h.settle();
        h.server.close();
        h.settle();
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.TIME_WAIT);
        int m = h.mark();
        h.client.close();
        assertThat(h.sentSince(m, Side.CLIENT)).isEmpty();
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.TIME_WAIT);
        assertThat(left(h)).isPositive();
    }

    @Test
    void timeWait_syn_fromANewPortIsNotItsBusiness() {
        SimHarness h = timeWait(Profile.rfc9293());
        int m = h.mark();
        h.session.inject(Side.SERVER, new Segment(80, 1234, 1, 0, SYN, 0, Segment.NO_PAYLOAD, TcpOptions.NONE));
        h.elapseMillis(2);
        assertThat(h.sentSince(m, Side.CLIENT)).singleElement().satisfies(r -> assertThat(r.rst()).isTrue());
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.TIME_WAIT);
    }
}
