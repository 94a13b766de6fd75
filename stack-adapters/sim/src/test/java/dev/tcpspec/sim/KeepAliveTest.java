package dev.tcpspec.sim;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.spi.IoResult;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.wire.FaultSchedule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Keepalive (RFC 9293 §3.8.4, RFC 1122 §4.2.3.6, Linux tcp_keepalive_timer; RULES.md KA-*). */
class KeepAliveTest {
    private static final SocketOptions PROBING = SocketOptions.DEFAULTS.withKeepAlive(Duration.ofSeconds(10),
            Duration.ofSeconds(2), 3);

    @Test
    void keepAlive_offByDefault_sendsNothingWhenIdle() {
        SimHarness h = SimHarness.established(Profile.linux());
        int m = h.mark();
        h.elapse(Duration.ofDays(1));
        assertThat(h.sentSince(m, Side.CLIENT)).isEmpty();
        assertThat(h.sentSince(m, Side.SERVER)).isEmpty();
    }

    @Test
    void keepAlive_probe_carriesSndNxtMinusOneAndNoDataAndIsAnswered() {
        SimHarness h = SimHarness.established(Profile.rfc9293(), FaultSchedule.NONE, PROBING);
        int m = h.mark();
        h.elapse(Duration.ofSeconds(10).plusMillis(5));
        assertThat(h.sentSince(m, Side.CLIENT)).singleElement().satisfies(p -> {
            assertThat(p.isPureAck()).isTrue();
            assertThat(p.seq()).isEqualTo(h.tcb(Side.CLIENT).sndNxt() - 1);
        });
        assertThat(h.sentSince(m, Side.SERVER)).singleElement().satisfies(a -> {
            assertThat(a.isPureAck()).isTrue();
            assertThat(a.ack()).isEqualTo(h.tcb(Side.CLIENT).sndNxt());
        });
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void keepAlive_deadPeer_abortsAfterTheProbeCountWithATimeoutAndARst() {
        SimHarness h = SimHarness.established(Profile.rfc9293(), FaultSchedule.NONE, PROBING);
        h.silence(Side.SERVER);
        int m = h.mark();
        IoResult r = h.client.read(10, Duration.ofMinutes(1));
        assertThat(r.outcome()).isEqualTo(AppOutcome.CONNECTION_TIMED_OUT);
        // idle counts from the SYN,ACK's arrival, 1 ms before the server's accept() returned and the read began
        assertThat(r.blockedNanos()).isEqualTo(Duration.ofSeconds(10 + 3 * 2).minusMillis(1).toNanos());
        List<Segment> sent = h.sentSince(m, Side.CLIENT);
        assertThat(sent).hasSize(4);
        assertThat(sent.subList(0, 3)).allMatch(Segment::isPureAck);
        assertThat(sent.get(3).rst()).isTrue();
        List<Long> t = h.sendTimesSince(m, Side.CLIENT);
        assertThat(t.get(1) - t.get(0)).isEqualTo(Duration.ofSeconds(2).toNanos());
    }

    @Test
    void keepAlive_receivedSegment_startsTheIdleTimeOver() {
        SimHarness h = SimHarness.established(Profile.rfc9293(), FaultSchedule.NONE, PROBING);
        h.elapse(Duration.ofSeconds(8));
        h.server.write(new byte[1]);
        h.client.read(10, Duration.ofSeconds(1));
        long arrived = h.session.nowNanos();
        int m = h.mark();
        h.elapse(Duration.ofSeconds(11));
        List<Long> t = h.sendTimesSince(m, Side.CLIENT);
        assertThat(t).hasSize(1);
        assertThat(t.get(0) - arrived).isEqualTo(Duration.ofSeconds(10).toNanos());
    }

    @Test
    void keepAlive_rebootedPeer_answersTheProbeWithRst() {
        SimHarness h = SimHarness.established(Profile.rfc9293(), FaultSchedule.NONE, PROBING);
        h.session.crash(Side.SERVER);
        h.session.reboot(Side.SERVER);
        IoResult r = h.client.read(10, Duration.ofMinutes(1));
        assertThat(r.outcome()).isEqualTo(AppOutcome.CONNECTION_RESET);
    }
}
