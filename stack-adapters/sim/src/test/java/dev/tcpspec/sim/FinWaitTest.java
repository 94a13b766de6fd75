package dev.tcpspec.sim;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.wire.FaultSchedule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.tcpspec.trace.Segment.FIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * FIN_WAIT_1, FIN_WAIT_2 and CLOSING: the active closer, with the server's part played by crafted segments (RFC 9293
 * §3.10.7.4; RULES.md OC-2, OC-3, OC-4, OC-9, OC-10, OC-11, SC-1, SC-2, HC-3).
 */
class FinWaitTest {
    /** The client has sent its FIN (not yet acknowledged: the server is silent from the start). */
    private static SimHarness finWait1(Profile profile, boolean orphan) {
        SimHarness h = SimHarness.established(profile);
        h.silence(Side.SERVER);
        if (orphan) h.client.close(); else h.client.shutdownOutput();
        return h;
    }

    /** FIN_WAIT_2: the client's FIN acknowledged by the real server, which is then silenced. */
    private static SimHarness finWait2(Profile profile, boolean orphan) {
        SimHarness h = SimHarness.established(profile);
        if (orphan) h.client.close(); else h.client.shutdownOutput();
        h.settle();
        h.silence(Side.SERVER);
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.FIN_WAIT_2);
        return h;
    }

    @Test
    void finWait1_ackOfTheFin_entersFinWait2() {
        SimHarness h = finWait1(Profile.rfc9293(), false);
        h.injectTo(Side.CLIENT, 0, 0, 0, 0);
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.FIN_WAIT_2);
    }

    @Test
    void finWait1_partialAck_staysInFinWait1() {
        SimHarness h = SimHarness.established(Profile.rfc9293());
        h.silence(Side.SERVER);
        h.client.write(new byte[100]);
        h.client.shutdownOutput();
        h.injectTo(Side.CLIENT, 0, 0, -1, 0); // everything but the FIN
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.FIN_WAIT_1);
        assertThat(h.tcb(Side.CLIENT).sndUna()).isEqualTo(h.tcb(Side.CLIENT).sndNxt() - 1);
    }

    @Test
    void finWait1_finWithoutAckOfOurs_entersClosingAndAcknowledges() {
        SimHarness h = finWait1(Profile.rfc9293(), false);
        int m = h.mark();
        Segment fin = h.injectTo(Side.CLIENT, FIN, 0, -1, 0);
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.CLOSING);
        assertThat(h.sentSince(m, Side.CLIENT)).singleElement().satisfies(a -> assertThat(a.ack())
                .isEqualTo(fin.seq() + 1));
        h.injectTo(Side.CLIENT, 0, 1, 0, 0);
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void finWait1_finAcknowledgingOurs_goesStraightToTimeWait() {
        SimHarness h = finWait1(Profile.rfc9293(), false);
        h.injectTo(Side.CLIENT, FIN, 0, 0, 0);
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.TIME_WAIT);
        assertThat(h.trace().stateChanges(Side.CLIENT, 0)).noneMatch(c -> c.to() == TcpState.FIN_WAIT_2
                || c.to() == TcpState.CLOSING);
    }

    @Test
    void finWait1_data_isStillReceivedAfterShutdownOutput() {
        SimHarness h = finWait1(Profile.rfc9293(), false);
        h.injectTo(Side.CLIENT, 0, 0, -1, 20);
        assertThat(h.client.read(100, Duration.ZERO).bytes()).isEqualTo(20);
    }

    @Test
    void finWait1_dataAfterClose_isAnsweredWithRst() {
        SimHarness h = finWait1(Profile.rfc9293(), true);
        int m = h.mark();
        h.injectTo(Side.CLIENT, 0, 0, -1, 20);
        assertThat(h.sentSince(m, Side.CLIENT)).singleElement().satisfies(r -> assertThat(r.rst()).isTrue());
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void finWait1_theFin_isRetransmittedWithExponentialBackoff() {
        SimHarness h = finWait1(Profile.rfc9293(), false);
        int m = h.mark();
        h.elapse(Duration.ofSeconds(20));
        List<Long> t = h.sendTimesSince(m, Side.CLIENT);
        assertThat(h.sentSince(m, Side.CLIENT)).allMatch(Segment::fin);
        assertThat(t).hasSizeGreaterThanOrEqualTo(3);
        assertThat(t.get(2) - t.get(1)).isEqualTo(2 * (t.get(1) - t.get(0)));
    }

    @Test
    void finWait1_orphan_givesUpAfterTheOrphanRetries() {
        SimHarness h = finWait1(Profile.linux(), true);
        int m = h.mark();
        h.elapse(Duration.ofHours(1));
        assertThat(h.sentSince(m, Side.CLIENT)).hasSize(Profile.linux().orphanRetries());
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void finWait1_closeAgain_sendsNothing() {
        SimHarness h = finWait1(Profile.rfc9293(), false);
        int m = h.mark();
        h.client.close();
        assertThat(h.sentSince(m, Side.CLIENT)).isEmpty();
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.FIN_WAIT_1);
    }

    @Test
    void finWait2_fin_isAcknowledgedAndEntersTimeWait() {
        SimHarness h = finWait2(Profile.rfc9293(), false);
        int m = h.mark();
        Segment fin = h.injectTo(Side.CLIENT, FIN, 0, 0, 0);
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.TIME_WAIT);
        assertThat(h.sentSince(m, Side.CLIENT)).singleElement().satisfies(a -> {
            assertThat(a.isPureAck()).isTrue();
            assertThat(a.ack()).isEqualTo(fin.seq() + 1);
        });
        assertThat(h.client.read(10, Duration.ZERO).outcome()).isEqualTo(AppOutcome.EOF);
    }

    @Test
    void finWait2_orphan_isDiscardedSilentlyAfterTheFinTimeoutUnderLinux() {
        SimHarness h = finWait2(Profile.linux(), true);
        int m = h.mark();
        long entered = h.tcb(Side.CLIENT).enteredStateAt;
        h.elapse(Duration.ofNanos(entered + Profile.linux().finWait2Timeout().toNanos() - 1 - h.session.nowNanos()));
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.FIN_WAIT_2);
        h.elapseMillis(1);
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.CLOSED);
        assertThat(h.sentSince(m, Side.CLIENT)).isEmpty();
    }

    @Test
    void finWait2_orphan_waitsForeverUnderRfc9293() {
        SimHarness h = finWait2(Profile.rfc9293(), true);
        h.elapse(Duration.ofDays(1));
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.FIN_WAIT_2);
    }

    @Test
    void finWait2_halfClosed_waitsForeverEvenUnderLinux() {
        SimHarness h = finWait2(Profile.linux(), false);
        h.elapse(Duration.ofDays(1));
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.FIN_WAIT_2);
    }

    @Test
    void finWait2_closeAfterShutdown_startsTheOrphanTimerUnderLinux() {
        SimHarness h = finWait2(Profile.linux(), false);
        int m = h.mark();
        h.client.close();
        assertThat(h.sentSince(m, Side.CLIENT)).isEmpty();
        h.elapse(Profile.linux().finWait2Timeout().plusMillis(1));
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void finWait2_data_isStillReceivedAndAcknowledged() {
        SimHarness h = finWait2(Profile.rfc9293(), false);
        int m = h.mark();
        Segment d = h.injectTo(Side.CLIENT, 0, 0, 0, 30);
        assertThat(h.client.read(100, Duration.ZERO).bytes()).isEqualTo(30);
        assertThat(h.sentSince(m, Side.CLIENT)).singleElement().satisfies(a -> assertThat(a.ack())
                .isEqualTo(d.seq() + 30));
    }

    @Test
    void closing_closeAgain_sendsNothingAndTheAckOfOurFinEntersTimeWait() {
        SimHarness h = finWait1(Profile.rfc9293(), false);
        h.injectTo(Side.CLIENT, FIN, 0, -1, 0);
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.CLOSING);
        int m = h.mark();
        h.client.close();
        assertThat(h.sentSince(m, Side.CLIENT)).isEmpty();
        h.injectTo(Side.CLIENT, 0, 0, 0, 0);
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void finWait1_lingerZeroClose_resetsInsteadOfWaiting() {
        SimHarness h = SimHarness.established(Profile.rfc9293(), FaultSchedule.NONE,
                SocketOptions.DEFAULTS.withLinger(0));
        h.silence(Side.SERVER);
        h.client.shutdownOutput();
        int m = h.mark();
        h.client.close();
        assertThat(h.sentSince(m, Side.CLIENT)).singleElement().satisfies(r -> assertThat(r.rst()).isTrue());
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.CLOSED);
    }
}
