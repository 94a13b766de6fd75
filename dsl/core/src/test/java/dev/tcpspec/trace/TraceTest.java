package dev.tcpspec.trace;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TraceTest {
    private static final TraceInfo INFO = new TraceInfo("test", "rfc9293", 1, "10.0.0.1", "10.0.0.2");

    static Trace closeTrace(long timeWaitEnd) {
        return new Trace(INFO, List.of(
                new TraceEvent.StateChange(0, Side.CLIENT, 0, TcpState.CLOSED, TcpState.ESTABLISHED, "setup"),
                new TraceEvent.Action(1_000, "client: close()"),
                new TraceEvent.StateChange(1_000, Side.CLIENT, 0, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1, "close()"),
                new TraceEvent.StateChange(2_000, Side.CLIENT, 0, TcpState.FIN_WAIT_1, TcpState.TIME_WAIT, "rcvd FIN"),
                new TraceEvent.StateChange(timeWaitEnd, Side.CLIENT, 0, TcpState.TIME_WAIT, TcpState.CLOSED, "timer")),
                timeWaitEnd);
    }

    @Test
    void intervalsCoverEachStateUntilTheNextChange() {
        List<StateInterval> intervals = closeTrace(240_000_002_000L).intervals(Side.CLIENT, 0);
        assertThat(intervals).extracting(StateInterval::state)
                .containsExactly(TcpState.ESTABLISHED, TcpState.FIN_WAIT_1, TcpState.TIME_WAIT, TcpState.CLOSED);
        StateInterval tw = intervals.get(2);
        assertThat(tw.durationNanos()).isEqualTo(240_000_000_000L);
        assertThat(tw.open()).isFalse();
        assertThat(tw.leftFor()).isEqualTo(TcpState.CLOSED);
        assertThat(intervals.get(3).open()).isTrue();
    }

    @Test
    void theDigestDependsOnlyOnTheCanonicalText() {
        assertThat(closeTrace(5).digest()).isEqualTo(closeTrace(5).digest()).hasSize(64);
        assertThat(closeTrace(5).digest()).isNotEqualTo(closeTrace(6).digest());
    }

    @Test
    void formatsTimes() {
        assertThat(Trace.time(240_001_000_000L)).isEqualTo("240.001000000");
        assertThat(Trace.human(240_000_000_000L)).isEqualTo("240 s");
        assertThat(Trace.human(1_500_000_000L)).isEqualTo("1.5 s");
        assertThat(Trace.human(200_000_000L)).isEqualTo("200 ms");
        assertThat(Trace.human(0)).isEqualTo("0 s");
    }

    @Test
    void theLadderShowsLanesArrowsAndFates() {
        Segment syn = new Segment(40000, 80, 1000, 0, Segment.SYN, 65535, Segment.NO_PAYLOAD, TcpOptions.NONE);
        Segment synAck = new Segment(80, 40000, 5000, 1001, Segment.SYN | Segment.ACK, 65535, Segment.NO_PAYLOAD,
                TcpOptions.NONE);
        Trace t = new Trace(INFO, List.of(
                new TraceEvent.SegmentSent(0, 0, Side.CLIENT, 0, syn, SegmentKind.SYN, Fate.DELIVERED),
                new TraceEvent.SegmentSent(1_000_000, 1, Side.SERVER, 0, synAck, SegmentKind.SYN_ACK, Fate.DROPPED)),
                2_000_000);
        String ladder = t.ladder();
        assertThat(ladder).contains("client 10.0.0.1", "server 10.0.0.2", "client#0=1000", "server#0=5000");
        assertThat(ladder).contains("--[SYN] seq=0 win=65535--").contains(">\n");
        assertThat(ladder).contains("X--").contains("[SYN,ACK] seq=0 ack=1 win=65535 DROPPED--");
    }
}
