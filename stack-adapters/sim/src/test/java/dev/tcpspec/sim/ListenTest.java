package dev.tcpspec.sim;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.spi.IoResult;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.spi.SocketResult;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpOptions;
import dev.tcpspec.trace.TcpState;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** LISTEN and CLOSED: segments that belong to no connection (RFC 9293 §3.10.7.1-2; RULES.md HS-2, HS-3, RS-6). */
class ListenTest {
    private final SimHarness h = SimHarness.listening(Profile.rfc9293());

    private Segment stray(int dstPort, int flags, int seq, int ack, int len) {
        Segment s = new Segment(1000, dstPort, seq, ack, flags, 65535, new byte[len], TcpOptions.NONE);
        h.session.inject(Side.CLIENT, s);
        h.elapseMillis(2);
        return s;
    }

    @Test
    void listen_ack_drawsRstWithSeqOfTheAckAndTheListenerStays() {
        int m = h.mark();
        stray(80, Segment.ACK, 5000, 777_777, 0);
        assertThat(h.sentSince(m, Side.SERVER)).singleElement().satisfies(r -> {
            assertThat(r.flagNames()).isEqualTo("RST");
            assertThat(r.seq()).isEqualTo(777_777);
        });
        SocketResult again = h.session.connect(Side.CLIENT, SocketOptions.DEFAULTS, 80, Duration.ofSeconds(5));
        assertThat(again.outcome()).isEqualTo(AppOutcome.OK);
    }

    @Test
    void listen_rst_isIgnored() {
        int m = h.mark();
        stray(80, Segment.RST, 5000, 0, 0);
        assertThat(h.sentSince(m, Side.SERVER)).isEmpty();
    }

    @Test
    void closed_synWithoutAck_drawsRstAckOfSeqPlusOne() {
        int m = h.mark();
        stray(81, Segment.SYN, 5000, 0, 0);
        assertThat(h.sentSince(m, Side.SERVER)).singleElement().satisfies(r -> {
            assertThat(r.flagNames()).isEqualTo("RST,ACK");
            assertThat(r.seq()).isZero();
            assertThat(r.ack()).isEqualTo(5001);
        });
    }

    @Test
    void closed_dataWithoutAck_isAcknowledgedByItsLength() {
        int m = h.mark();
        stray(81, Segment.PSH, 5000, 0, 10);
        assertThat(h.sentSince(m, Side.SERVER)).singleElement().satisfies(r -> assertThat(r.ack()).isEqualTo(5010));
    }

    @Test
    void closed_rst_isNeverAnswered() {
        int m = h.mark();
        stray(81, Segment.RST | Segment.ACK, 5000, 9, 0);
        assertThat(h.sentSince(m, Side.SERVER)).isEmpty();
    }

    @Test
    void listen_close_resetsConnectionsNotYetAccepted() {
        var c = h.session.connect(Side.CLIENT, SocketOptions.DEFAULTS, 80, Duration.ofSeconds(5)).socket();
        h.settle();
        int m = h.mark();
        h.listener.close();
        assertThat(h.sentSince(m, Side.SERVER)).singleElement().satisfies(r ->
                assertThat(r.flagNames()).isEqualTo("RST,ACK"));
        IoResult read = c.read(10, Duration.ofSeconds(1));
        assertThat(read.outcome()).isEqualTo(AppOutcome.CONNECTION_RESET);
    }

    @Test
    void listen_syn_createsAChildInSynReceivedThatAnswersSynAck() {
        int m = h.mark();
        Segment syn = stray(80, Segment.SYN, 5000, 0, 0);
        assertThat(h.sentSince(m, Side.SERVER)).first().satisfies(r -> {
            assertThat(r.flagNames()).isEqualTo("SYN,ACK");
            assertThat(r.ack()).isEqualTo(syn.seq() + 1);
        });
        assertThat(h.net().server.connection(80, 1000).state).isEqualTo(TcpState.SYN_RECEIVED);
    }
}
