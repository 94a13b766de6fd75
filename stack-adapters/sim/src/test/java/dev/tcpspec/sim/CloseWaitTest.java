package dev.tcpspec.sim;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.tcpspec.trace.Segment.FIN;
import static dev.tcpspec.trace.Segment.RST;
import static org.assertj.core.api.Assertions.assertThat;

/** CLOSE_WAIT and LAST_ACK: the passive closer, the client's part crafted (RULES.md CW-*, OC-7, OC-8, TW-5, TO-1). */
class CloseWaitTest {
    /** The server has received the client's FIN (crafted; the client's host is silent) and is in CLOSE_WAIT. */
    private static SimHarness closeWait(Profile profile) {
        SimHarness h = SimHarness.established(profile);
        h.silence(Side.CLIENT);
        h.injectTo(Side.SERVER, FIN, 0, 0, 0);
        assertThat(h.state(Side.SERVER)).isEqualTo(TcpState.CLOSE_WAIT);
        return h;
    }

    @Test
    void closeWait_lastsWithoutATimerAndSendsNothing() {
        SimHarness h = closeWait(Profile.linux());
        int m = h.mark();
        h.elapse(Duration.ofDays(2));
        assertThat(h.state(Side.SERVER)).isEqualTo(TcpState.CLOSE_WAIT);
        assertThat(h.sentSince(m, Side.SERVER)).isEmpty();
    }

    @Test
    void closeWait_write_isStillSent() {
        SimHarness h = closeWait(Profile.rfc9293());
        int m = h.mark();
        assertThat(h.server.write(new byte[50]).bytes()).isEqualTo(50);
        assertThat(h.sentSince(m, Side.SERVER)).singleElement().satisfies(d -> assertThat(d.len()).isEqualTo(50));
    }

    @Test
    void closeWait_rst_isReportedAsBrokenPipeAndReadsSeeEof() {
        SimHarness h = closeWait(Profile.rfc9293());
        h.injectTo(Side.SERVER, RST, 0, null, 0);
        assertThat(h.state(Side.SERVER)).isEqualTo(TcpState.CLOSED);
        assertThat(h.server.read(10, Duration.ZERO).outcome()).isEqualTo(AppOutcome.EOF);
        assertThat(h.server.write(new byte[1]).outcome()).isEqualTo(AppOutcome.BROKEN_PIPE);
    }

    @Test
    void closeWait_reading_sendsNoWindowUpdate() {
        SimHarness h = SimHarness.established(Profile.rfc9293(), dev.tcpspec.wire.FaultSchedule.NONE,
                dev.tcpspec.dsl.SocketOptions.DEFAULTS, dev.tcpspec.dsl.SocketOptions.DEFAULTS.withReceiveBuffer(2000));
        h.silence(Side.CLIENT);
        h.injectTo(Side.SERVER, 0, 0, 0, 1500);
        h.injectTo(Side.SERVER, FIN, 0, 0, 0);
        assertThat(h.state(Side.SERVER)).isEqualTo(TcpState.CLOSE_WAIT);
        int m = h.mark();
        h.server.read(100_000, Duration.ZERO);
        assertThat(h.sentSince(m, Side.SERVER)).isEmpty();
    }

    @Test
    void closeWait_close_sendsFinAndEntersLastAck() {
        SimHarness h = closeWait(Profile.rfc9293());
        int m = h.mark();
        h.server.close();
        assertThat(h.state(Side.SERVER)).isEqualTo(TcpState.LAST_ACK);
        assertThat(h.sentSince(m, Side.SERVER)).singleElement().satisfies(f -> assertThat(f.fin()).isTrue());
    }

    @Test
    void lastAck_ackOfTheFin_closesWithoutTimeWait() {
        SimHarness h = closeWait(Profile.rfc9293());
        h.server.close();
        h.injectTo(Side.SERVER, 0, 0, 0, 0);
        assertThat(h.state(Side.SERVER)).isEqualTo(TcpState.CLOSED);
        assertThat(h.trace().stateChanges(Side.SERVER, 0)).noneMatch(c -> c.to() == TcpState.TIME_WAIT);
    }

    @Test
    void lastAck_duplicateAck_drawsAChallengeAckAndStays() {
        SimHarness h = closeWait(Profile.rfc9293());
        h.server.close();
        int m = h.mark();
        h.injectTo(Side.SERVER, 0, 0, -1, 0);
        assertThat(h.state(Side.SERVER)).isEqualTo(TcpState.LAST_ACK);
        assertThat(h.sentSince(m, Side.SERVER)).singleElement().satisfies(a -> {
            assertThat(a.isPureAck()).isTrue();
            assertThat(a.seq()).isEqualTo(h.tcb(Side.SERVER).sndNxt());
        });
    }

    @Test
    void lastAck_partialAck_advancesSndUnaWithoutAChallenge() {
        SimHarness h = closeWait(Profile.rfc9293());
        h.server.write(new byte[10]);
        h.server.close();
        int m = h.mark();
        h.injectTo(Side.SERVER, 0, 0, -1, 0); // the data, not the FIN
        assertThat(h.state(Side.SERVER)).isEqualTo(TcpState.LAST_ACK);
        assertThat(h.tcb(Side.SERVER).sndUna()).isEqualTo(h.tcb(Side.SERVER).sndNxt() - 1);
        assertThat(h.sentSince(m, Side.SERVER)).isEmpty();
    }

    @Test
    void lastAck_close_sendsNothingMore() {
        SimHarness h = closeWait(Profile.rfc9293());
        h.server.shutdownOutput();
        int m = h.mark();
        h.server.close();
        assertThat(h.sentSince(m, Side.SERVER)).isEmpty();
    }

    @Test
    void lastAck_finIsRetransmittedUntilTheLimitThenTheConnectionCloses() {
        SimHarness h = closeWait(Profile.rfc9293());
        h.server.close();
        int m = h.mark();
        h.elapse(Duration.ofHours(1));
        List<Segment> sent = h.sentSince(m, Side.SERVER);
        assertThat(sent).allMatch(Segment::fin).hasSize(Profile.rfc9293().orphanRetries());
        assertThat(h.state(Side.SERVER)).isEqualTo(TcpState.CLOSED);
    }
}
