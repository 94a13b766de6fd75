package dev.tcpspec.wire;

import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A schedule's text form reads back as the same schedule; bad text is refused with the reason. */
class FaultScheduleTest {
    private static final FaultSchedule ALL_FOUR = FaultSchedule.of(
            new Fault(Side.CLIENT, SegmentKind.ACK_OF_FIN, 1, new FaultAction.Drop()),
            new Fault(Side.SERVER, SegmentKind.FIN, 2, new FaultAction.Duplicate()),
            new Fault(Side.CLIENT, SegmentKind.DATA, 1, new FaultAction.Delay(Duration.ofMillis(2_004))),
            new Fault(Side.SERVER, SegmentKind.SYN_ACK, 3, new FaultAction.HoldBack(2)));

    @Test
    void theTextFormReadsBack() {
        String text = ALL_FOUR.describe();
        assertThat(text).isEqualTo("[drop ack-of-fin #1 from client, duplicate fin #2 from server, "
                + "delay data #1 from client by 2.004 s, hold back syn-ack #3 from server behind 2]");
        assertThat(FaultSchedule.parse(text)).isEqualTo(ALL_FOUR);
        assertThat(FaultSchedule.parse("drop ack-of-fin #1 from client; duplicate fin #2 from server;"
                + " delay data #1 from client by 2004 ms; hold back syn-ack #3 from server behind 2")).isEqualTo(ALL_FOUR);
        assertThat(FaultSchedule.parse("[no faults]")).isEqualTo(FaultSchedule.NONE);
        assertThat(FaultSchedule.parse("  ")).isEqualTo(FaultSchedule.NONE);
        assertThat(Fault.parse("delay rst #4 from server by 250 µs").action())
                .isEqualTo(new FaultAction.Delay(Duration.ofNanos(250_000)));
    }

    @Test
    void badTextIsRefusedWithWhatWasWrong() {
        assertThatThrownBy(() -> FaultSchedule.parse("lose fin #1 from server"))
                .hasMessage("cannot read the fault 'lose fin #1 from server': it should start with drop, duplicate,"
                        + " delay or hold back");
        assertThatThrownBy(() -> FaultSchedule.parse("drop finn #1 from server"))
                .hasMessageContaining("'finn' is not a segment kind; valid kinds: rst, syn, syn-ack, fin, data,"
                        + " ack-of-fin, ack");
        assertThatThrownBy(() -> FaultSchedule.parse("drop fin #0 from server"))
                .hasMessageContaining("the occurrence must be at least 1, not 0");
        assertThatThrownBy(() -> FaultSchedule.parse("drop fin #1 from router"))
                .hasMessageContaining("'router' is not a sender; valid senders: client, server");
        assertThatThrownBy(() -> FaultSchedule.parse("delay fin #1 from server"))
                .hasMessageContaining("a delay says how long");
        assertThatThrownBy(() -> FaultSchedule.parse("delay fin #1 from server by 3 min"))
                .hasMessageContaining("'min' is not a time unit; valid units: s, ms, µs, ns");
        assertThatThrownBy(() -> FaultSchedule.parse("hold back fin #1 from server"))
                .hasMessageContaining("behind how many segments");
    }

    @Test
    void editingASchedule() {
        FaultSchedule s = ALL_FOUR.without(0).replacing(0, ALL_FOUR.get(1).withOccurrence(1));
        assertThat(s.describe()).startsWith("[duplicate fin #1 from server, delay data #1");
        assertThat(s.targets(new Fault(Side.SERVER, SegmentKind.FIN, 1, new FaultAction.Drop()))).isTrue();
        assertThat(s.targets(new Fault(Side.SERVER, SegmentKind.FIN, 2, new FaultAction.Drop()))).isFalse();
        assertThat(FaultType.byLabel("hold-back")).isEqualTo(FaultType.HOLD_BACK);
        assertThatThrownBy(() -> FaultType.byLabel("corrupt"))
                .hasMessage("unknown fault type 'corrupt'; valid types: drop, duplicate, delay, hold-back");
    }
}
