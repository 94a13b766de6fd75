package dev.tcpspec.sim;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.spi.IoResult;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Fate;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.StateInterval;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent.SegmentSent;
import dev.tcpspec.wire.Fault;
import dev.tcpspec.wire.FaultAction;
import dev.tcpspec.wire.FaultSchedule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference stack's behaviour, segment by segment, in the style of smoltcp's tests. */
class ReferenceStackTest {
    private static final long MS = 1_000_000L;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static List<SegmentSent> from(Trace t, Side side) {
        return t.segments(s -> s.from() == side);
    }

    @Test
    void threeWayHandshakeTakesOneSequenceNumberForEachSyn() {
        SimHarness h = SimHarness.established(Profile.rfc9293());
        Trace t = h.finish();
        List<SegmentSent> segs = t.segments();
        Segment syn = segs.get(0).segment();
        Segment synAck = segs.get(1).segment();
        Segment ack = segs.get(2).segment();
        assertThat(syn.flagNames()).isEqualTo("SYN");
        assertThat(synAck.flagNames()).isEqualTo("SYN,ACK");
        assertThat(synAck.ack()).isEqualTo(syn.seq() + 1);
        assertThat(ack.isPureAck()).isTrue();
        assertThat(ack.seq()).isEqualTo(syn.seq() + 1);
        assertThat(ack.ack()).isEqualTo(synAck.seq() + 1);
        assertThat(syn.options().mss()).isEqualTo(1460);
        assertThat(t.finalState(Side.CLIENT, 0)).contains(TcpState.ESTABLISHED);
        assertThat(t.finalState(Side.SERVER, 0)).contains(TcpState.ESTABLISHED);
    }

    @Test
    void dataIsSegmentedByMssAndAcknowledged() {
        SimHarness h = SimHarness.established(Profile.rfc9293());
        byte[] data = new byte[3000];
        for (int i = 0; i < data.length; i++) data[i] = (byte) i;
        assertThat(h.client.write(data).bytes()).isEqualTo(3000);
        IoResult r1 = h.server.read(65536, WAIT);
        assertThat(r1.outcome()).isEqualTo(AppOutcome.DATA);
        h.elapse(Duration.ofMillis(10));
        IoResult r2 = h.server.read(65536, WAIT);
        byte[] got = new byte[r1.bytes() + r2.bytes()];
        System.arraycopy(r1.data(), 0, got, 0, r1.bytes());
        System.arraycopy(r2.data(), 0, got, r1.bytes(), r2.bytes());
        assertThat(got).isEqualTo(data);
        Trace t = h.finish();
        assertThat(from(t, Side.CLIENT)).filteredOn(s -> s.kind() == SegmentKind.DATA)
                .extracting(s -> s.segment().len()).containsExactly(1460, 1460, 80);
    }

    @Test
    void anUnacknowledgedFinIsRetransmittedWithExponentialBackoff() {
        // the server never answers: every segment from it is dropped after the handshake
        FaultSchedule deaf = new FaultSchedule(java.util.stream.IntStream.rangeClosed(1, 20)
                .mapToObj(n -> new Fault(Side.SERVER, SegmentKind.ACK_OF_FIN, n, new FaultAction.Drop())).toList());
        SimHarness h = SimHarness.established(Profile.rfc9293(), deaf, SocketOptions.DEFAULTS);
        h.client.close();
        Trace t = h.finish();
        List<Long> finTimes = from(t, Side.CLIENT).stream().filter(s -> s.segment().fin())
                .map(SegmentSent::nanos).toList();
        assertThat(finTimes).hasSizeGreaterThan(4);
        long first = finTimes.get(1) - finTimes.get(0);
        assertThat(first).isEqualTo(1_000 * MS); // RFC 6298 minimum RTO under rfc9293
        assertThat(finTimes.get(2) - finTimes.get(1)).isEqualTo(2 * first);
        assertThat(finTimes.get(3) - finTimes.get(2)).isEqualTo(4 * first);
    }

    @Test
    void closeCrossesTheSequenceWrap() {
        SocketOptions nearWrap = SocketOptions.DEFAULTS.withIss(0xFFFF_FFF0);
        SimHarness h = SimHarness.established(Profile.rfc9293(), FaultSchedule.NONE, nearWrap);
        h.client.write(new byte[100]);
        h.client.close();
        assertThat(h.server.read(65536, WAIT).bytes()).isEqualTo(100);
        assertThat(h.server.read(65536, WAIT).outcome()).isEqualTo(AppOutcome.EOF);
        h.server.close();
        Trace t = h.finish();
        Segment fin = from(t, Side.CLIENT).stream().filter(s -> s.segment().fin()).findFirst().orElseThrow().segment();
        assertThat(Integer.toUnsignedLong(fin.seq() + fin.len())).isLessThan(0x1000L); // the FIN lies past the wrap
        assertThat(t.intervals(Side.CLIENT, 0)).extracting(StateInterval::state).contains(TcpState.TIME_WAIT);
        assertThat(t.finalState(Side.SERVER, 0)).contains(TcpState.CLOSED);
    }

    @Test
    void theSameSeedGivesTheSameTraceAndAnotherSeedOtherIsns() {
        String a = SimHarness.established(Profile.linux()).finish().canonicalText();
        String b = SimHarness.established(Profile.linux()).finish().canonicalText();
        assertThat(a).isEqualTo(b);
        SimHarness other = new SimHarness(Profile.linux(), FaultSchedule.NONE, 2);
        other.listener = other.session.listen(Side.SERVER, 0, SocketOptions.DEFAULTS).listener();
        other.session.connect(Side.CLIENT, SocketOptions.DEFAULTS, 80, WAIT);
        Segment synSeed2 = other.finish().segments().get(0).segment();
        Segment synSeed1 = SimHarness.established(Profile.linux()).finish().segments().get(0).segment();
        assertThat(synSeed2.seq()).isNotEqualTo(synSeed1.seq());
    }

    @Test
    void aDuplicatedSegmentArrivesTwiceAndIsAcknowledgedOnce() {
        FaultSchedule dup = FaultSchedule.of(new Fault(Side.CLIENT, SegmentKind.DATA, 1, new FaultAction.Duplicate()));
        SimHarness h = SimHarness.established(Profile.rfc9293(), dup, SocketOptions.DEFAULTS);
        h.client.write(new byte[]{1, 2, 3});
        assertThat(h.server.read(10, WAIT).bytes()).isEqualTo(3);
        h.elapse(Duration.ofSeconds(1));
        assertThat(h.server.read(10, Duration.ofMillis(10)).outcome()).isEqualTo(AppOutcome.STILL_BLOCKED);
        Trace t = h.finish();
        assertThat(t.segments(s -> s.fate() == Fate.DUPLICATED)).hasSize(1);
    }

    @Test
    void aHeldBackSegmentIsOvertakenAndTheReceiverReordersIt() {
        FaultSchedule reorder = FaultSchedule.of(new Fault(Side.CLIENT, SegmentKind.DATA, 1,
                new FaultAction.HoldBack(1)));
        SimHarness h = SimHarness.established(Profile.rfc9293(), reorder, SocketOptions.DEFAULTS);
        byte[] data = new byte[2000];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 7);
        h.client.write(data);
        h.elapse(Duration.ofMillis(20));
        IoResult r = h.server.read(65536, WAIT);
        assertThat(r.data()).isEqualTo(data);
        Trace t = h.finish();
        assertThat(t.segments(s -> s.fate() == Fate.REORDERED)).hasSize(1);
    }

    @Test
    void aPeerThatLostItsStateAnswersWithReset() {
        SimHarness h = SimHarness.established(Profile.rfc9293());
        h.session.crash(Side.SERVER);
        h.session.reboot(Side.SERVER);
        h.client.write(new byte[]{42});
        IoResult r = h.client.read(10, WAIT);
        assertThat(r.outcome()).isEqualTo(AppOutcome.CONNECTION_RESET);
    }

    @Test
    void closingOneOfTwoHandlesSendsNothing() {
        SimHarness h = SimHarness.established(Profile.rfc9293());
        var second = h.server.duplicate();
        int before = h.recorder.eventsSoFar().size();
        h.server.close();
        h.elapse(Duration.ofSeconds(1));
        assertThat(h.recorder.eventsSoFar()).hasSize(before);
        second.close();
        Trace t = h.finish();
        assertThat(from(t, Side.SERVER)).anyMatch(s -> s.segment().fin());
    }
}
