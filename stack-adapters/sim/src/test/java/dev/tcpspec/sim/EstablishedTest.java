package dev.tcpspec.sim;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.spi.IoResult;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpState;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.tcpspec.trace.Segment.ACK;
import static dev.tcpspec.trace.Segment.FIN;
import static dev.tcpspec.trace.Segment.RST;
import static dev.tcpspec.trace.Segment.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ESTABLISHED, seen from the server while the client's part is played by crafted segments (its own host is silent):
 * FIN, RST, SYN and ACK validation (RFC 9293 §3.10.7.4, RFC 5961, RFC 7323).
 */
class EstablishedTest {
    private static final Duration NOW = Duration.ZERO;

    private SimHarness server(Profile profile) {
        SimHarness h = SimHarness.established(profile);
        h.silence(Side.CLIENT);
        return h;
    }

    private final SimHarness h = server(Profile.rfc9293());
    private final Tcb s = h.tcb(Side.SERVER);

    @Test
    void established_fin_isAcknowledgedAndEntersCloseWait() {
        int m = h.mark();
        Segment fin = h.injectTo(Side.SERVER, FIN, 0, 0, 0);
        assertThat(s.state).isEqualTo(TcpState.CLOSE_WAIT);
        assertThat(h.sentSince(m, Side.SERVER)).singleElement().satisfies(a -> {
            assertThat(a.isPureAck()).isTrue();
            assertThat(a.ack()).isEqualTo(fin.seq() + 1);
        });
        assertThat(h.server.read(10, NOW).outcome()).isEqualTo(AppOutcome.EOF);
    }

    @Test
    void established_finBeyondAHole_waitsForTheHole() {
        h.injectTo(Side.SERVER, FIN, 10, 0, 0);
        assertThat(s.state).isEqualTo(TcpState.ESTABLISHED);
        assertThat(h.server.read(10, NOW).outcome()).isEqualTo(AppOutcome.STILL_BLOCKED);
        h.injectTo(Side.SERVER, 0, 0, 0, 10);
        assertThat(s.state).isEqualTo(TcpState.CLOSE_WAIT);
        assertThat(h.server.read(100, NOW).bytes()).isEqualTo(10);
        assertThat(h.server.read(100, NOW).outcome()).isEqualTo(AppOutcome.EOF);
    }

    @Test
    void established_rstAtRcvNxt_resetsAndSendsNothing() {
        int m = h.mark();
        h.injectTo(Side.SERVER, RST, 0, null, 0);
        assertThat(s.state).isEqualTo(TcpState.CLOSED);
        assertThat(h.sentSince(m, Side.SERVER)).isEmpty();
        assertThat(h.server.read(10, NOW).outcome()).isEqualTo(AppOutcome.CONNECTION_RESET);
        assertThat(h.server.read(10, NOW).outcome()).as("the error is reported once").isEqualTo(AppOutcome.EOF);
        assertThat(h.server.write(new byte[1]).outcome()).isEqualTo(AppOutcome.BROKEN_PIPE);
    }

    @Test
    void established_rstInTheWindowButNotAtRcvNxt_drawsAChallengeAck() {
        int m = h.mark();
        h.injectTo(Side.SERVER, RST, 100, null, 0);
        assertThat(s.state).isEqualTo(TcpState.ESTABLISHED);
        assertThat(h.sentSince(m, Side.SERVER)).singleElement().satisfies(a -> {
            assertThat(a.isPureAck()).isTrue();
            assertThat(a.seq()).isEqualTo(s.sndNxt());
            assertThat(a.ack()).isEqualTo(s.rcvNxt());
        });
    }

    @Test
    void established_rstOutsideTheWindow_isDroppedSilently() {
        int m = h.mark();
        h.injectTo(Side.SERVER, RST, s.window() + 10, null, 0);
        h.injectTo(Side.SERVER, RST, -10, null, 0);
        assertThat(s.state).isEqualTo(TcpState.ESTABLISHED);
        assertThat(h.sentSince(m, Side.SERVER)).isEmpty();
    }

    @Test
    void established_syn_drawsAChallengeAckNeverAReset() {
        int m = h.mark();
        h.injectTo(Side.SERVER, SYN, 50, null, 0);
        assertThat(s.state).isEqualTo(TcpState.ESTABLISHED);
        assertThat(h.sentSince(m, Side.SERVER)).singleElement().satisfies(a -> assertThat(a.isPureAck()).isTrue());
    }

    @Test
    void established_challengeAcks_areRateLimitedToOnePerInterval() {
        int m = h.mark();
        for (int i = 0; i < 5; i++) h.injectTo(Side.SERVER, RST, 100, null, 0);
        assertThat(h.sentSince(m, Side.SERVER)).hasSize(1);
        h.elapse(Profile.rfc9293().challengeAckInterval());
        h.injectTo(Side.SERVER, RST, 100, null, 0);
        assertThat(h.sentSince(m, Side.SERVER)).hasSize(2);
    }

    @Test
    void established_oldData_isAcknowledgedEveryTime() {
        h.injectTo(Side.SERVER, 0, 0, 0, 100);
        int m = h.mark();
        for (int i = 0; i < 3; i++) h.injectTo(Side.SERVER, 0, -100, 0, 100);
        assertThat(h.sentSince(m, Side.SERVER)).hasSize(3).allMatch(Segment::isPureAck);
        assertThat(h.server.read(1000, NOW).bytes()).as("delivered once").isEqualTo(100);
    }

    @Test
    void established_ackBelowSndUnaMinusMaxWindow_isDroppedWithItsDataAndAnswered() {
        int m = h.mark();
        h.injectTo(Side.SERVER, 0, 0, -70_000, 10);
        assertThat(h.server.read(100, NOW).outcome()).isEqualTo(AppOutcome.STILL_BLOCKED);
        assertThat(h.sentSince(m, Side.SERVER)).singleElement().satisfies(a -> assertThat(a.isPureAck()).isTrue());
    }

    @Test
    void established_ackOfDataNeverSent_isDroppedWithItsData() {
        h.injectTo(Side.SERVER, 0, 0, 1000, 10);
        assertThat(h.server.read(100, NOW).outcome()).isEqualTo(AppOutcome.STILL_BLOCKED);
    }

    @Test
    void established_segmentWithoutAck_isDropped() {
        h.injectTo(Side.SERVER, 0, 0, null, 10);
        assertThat(h.server.read(100, NOW).outcome()).isEqualTo(AppOutcome.STILL_BLOCKED);
    }

    @Test
    void established_paws_rejectsAnOldTsvalWithAnAck() {
        SimHarness l = server(Profile.linux());
        int m = l.mark();
        l.injectTo(Side.SERVER, 0, 0, 0, 10, -1000);
        assertThat(l.server.read(100, NOW).outcome()).isEqualTo(AppOutcome.STILL_BLOCKED);
        assertThat(l.sentSince(m, Side.SERVER)).singleElement().satisfies(a -> assertThat(a.isPureAck()).isTrue());
        l.injectTo(Side.SERVER, 0, 0, 0, 10, 0);
        assertThat(l.server.read(100, NOW).bytes()).isEqualTo(10);
    }

    @Test
    void established_paws_trustsNoTsRecentAfter24DaysIdle() {
        SimHarness l = server(Profile.linux());
        l.injectTo(Side.SERVER, 0, 0, 0, 10, 0);
        l.server.read(100, NOW);
        l.elapse(Duration.ofDays(25));
        l.injectTo(Side.SERVER, 0, 0, 0, 10, -(int) Duration.ofDays(25).toMillis() - 1000);
        assertThat(l.server.read(100, NOW).bytes()).isEqualTo(10);
    }

    @Test
    void established_close_queuesTheFinBehindTheData() {
        SimHarness c = SimHarness.established(Profile.rfc9293());
        c.client.write(new byte[3000]);
        int m = c.mark();
        c.client.close();
        assertThat(c.state(Side.CLIENT)).isEqualTo(TcpState.FIN_WAIT_1);
        c.settle();
        Segment fin = c.sentSince(m, Side.CLIENT).stream().filter(Segment::fin).findFirst().orElseThrow();
        assertThat(fin.seq() + fin.len()).isEqualTo(c.tcb(Side.CLIENT).iss() + 1 + 3000);
    }

    @Test
    void established_closeWithUnreadData_resetsInsteadOfFin() {
        h.injectTo(Side.SERVER, 0, 0, 0, 10);
        int m = h.mark();
        h.server.close();
        assertThat(h.sentSince(m, Side.SERVER)).singleElement().satisfies(r -> {
            assertThat(r.flagNames()).isEqualTo("RST,ACK");
            assertThat(r.seq()).as("a RST takes no sequence number").isEqualTo(s.sndNxt());
        });
        assertThat(s.state).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void established_rst_keepsDataReceivedBeforeItReadable() {
        h.injectTo(Side.SERVER, 0, 0, 0, 10);
        h.injectTo(Side.SERVER, RST, 0, null, 0);
        IoResult first = h.server.read(100, NOW);
        assertThat(first.bytes()).isEqualTo(10);
        assertThat(h.server.read(100, NOW).outcome()).isEqualTo(AppOutcome.CONNECTION_RESET);
    }

    @Test
    void established_windowUpdate_isSentWhenReadingFreesHalfTheBuffer() {
        SimHarness w = SimHarness.established(Profile.rfc9293(), dev.tcpspec.wire.FaultSchedule.NONE,
                dev.tcpspec.dsl.SocketOptions.DEFAULTS, dev.tcpspec.dsl.SocketOptions.DEFAULTS.withReceiveBuffer(2000));
        w.silence(Side.CLIENT);
        w.injectTo(Side.SERVER, 0, 0, 0, 2000);
        assertThat(w.tcb(Side.SERVER).window()).isZero();
        int m = w.mark();
        w.server.read(100_000, NOW);
        assertThat(w.sentSince(m, Side.SERVER)).singleElement().satisfies(a -> assertThat(a.window()).isEqualTo(2000));
    }

    @Test
    void established_acceptsAndAcknowledgesInOrderData() {
        int m = h.mark();
        Segment d = h.injectTo(Side.SERVER, ACK, 0, 0, 100);
        assertThat(h.sentSince(m, Side.SERVER)).singleElement().satisfies(a -> assertThat(a.ack())
                .isEqualTo(d.seq() + 100));
    }
}
