package dev.tcpspec.trace;

import org.junit.jupiter.api.Test;

import static dev.tcpspec.trace.Segment.ACK;
import static dev.tcpspec.trace.Segment.FIN;
import static dev.tcpspec.trace.Segment.RST;
import static dev.tcpspec.trace.Segment.SYN;
import static org.assertj.core.api.Assertions.assertThat;

class SegmentKindTest {
    private static Segment seg(int seq, int ack, int flags, int len) {
        return new Segment(1000, 80, seq, ack, flags, 100, new byte[len], TcpOptions.NONE);
    }

    @Test
    void classifiesEachKind() {
        assertThat(SegmentKind.classify(seg(1, 0, SYN, 0), null)).isEqualTo(SegmentKind.SYN);
        assertThat(SegmentKind.classify(seg(1, 2, SYN | ACK, 0), null)).isEqualTo(SegmentKind.SYN_ACK);
        assertThat(SegmentKind.classify(seg(1, 2, RST | ACK, 0), null)).isEqualTo(SegmentKind.RST);
        assertThat(SegmentKind.classify(seg(1, 2, FIN | ACK, 10), null)).isEqualTo(SegmentKind.FIN);
        assertThat(SegmentKind.classify(seg(1, 2, ACK, 10), null)).isEqualTo(SegmentKind.DATA);
        assertThat(SegmentKind.classify(seg(1, 2, ACK, 0), null)).isEqualTo(SegmentKind.ACK);
    }

    @Test
    void aPureAckPastThePeersFinIsTheAckOfFin() {
        int peerFin = 500;
        assertThat(SegmentKind.classify(seg(1, 501, ACK, 0), peerFin)).isEqualTo(SegmentKind.ACK_OF_FIN);
        assertThat(SegmentKind.classify(seg(1, 500, ACK, 0), peerFin)).isEqualTo(SegmentKind.ACK);
        assertThat(SegmentKind.classify(seg(1, 0x10, ACK, 0), 0xFFFF_FFF0)).isEqualTo(SegmentKind.ACK_OF_FIN);
    }

    @Test
    void sequenceLengthCountsSynAndFin() {
        assertThat(seg(1, 0, SYN, 0).seqLength()).isEqualTo(1);
        assertThat(seg(1, 0, FIN | ACK, 5).seqLength()).isEqualTo(6);
        assertThat(seg(1, 0, ACK, 0).isPureAck()).isTrue();
        assertThat(seg(1, 0, SYN | ACK, 0).flagNames()).isEqualTo("SYN,ACK");
    }
}
