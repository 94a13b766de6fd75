package dev.tcpspec.dsl;

import dev.tcpspec.trace.AppCall;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Fate;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpOptions;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;
import dev.tcpspec.trace.TraceInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.tcpspec.dsl.Tcp.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vocabulary the teardown catalog added, judged on hand-written traces: segment relations (in reply to, sent in,
 * at SND.NXT), retransmission backoff, peak counts, profile cases, first failures, ephemeral ports, ISN checks.
 */
class TeardownVocabularyTest {
    private static final TraceInfo INFO = new TraceInfo("test", "linux", 1, "10.0.0.1", "10.0.0.2");
    private static final Timing LINUX = new Timing(Profile.linux(), Duration.ZERO);
    private static final Timing RFC = new Timing(Profile.rfc9293(), Duration.ZERO);
    private static final long MS = 1_000_000L;

    private final List<TraceEvent> events = new ArrayList<>();
    private int ids;

    private Segment seg(Side from, int seq, int ack, int flags, int len) {
        int src = from == Side.CLIENT ? 40000 : 80;
        return new Segment(src, src == 80 ? 40000 : 80, seq, ack, flags, 65535, new byte[len], TcpOptions.NONE);
    }

    private int sent(long ms, Side from, int conn, Segment s) {
        int id = ids++;
        events.add(new TraceEvent.SegmentSent(ms * MS, id, from, conn, s, SegmentKind.classify(s, null),
                Fate.DELIVERED));
        return id;
    }

    private int inject(long ms, Side asIf, Segment s) {
        int id = ids++;
        events.add(new TraceEvent.SegmentInjected(ms * MS, id, asIf, 0, s));
        return id;
    }

    private void arrives(long ms, int id, Side to) {
        events.add(new TraceEvent.Delivery(ms * MS, id, to));
    }

    private void state(long ms, Side side, int conn, TcpState from, TcpState to) {
        events.add(new TraceEvent.StateChange(ms * MS, side, conn, from, to, "test"));
    }

    private Trace trace(long endMs) {
        return new Trace(INFO, events, endMs * MS);
    }

    @Test
    void neverWaitsInAllowsPassingAStateOnOneSegmentButNotWaitingInIt() {
        state(0, Side.CLIENT, 0, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1);
        int finAck = sent(1, Side.SERVER, 0, seg(Side.SERVER, 1000, 501, Segment.FIN | Segment.ACK, 0));
        arrives(2, finAck, Side.CLIENT);
        state(2, Side.CLIENT, 0, TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2);   // RFC 9293 step 5, as Linux does
        state(2, Side.CLIENT, 0, TcpState.FIN_WAIT_2, TcpState.TIME_WAIT);    // step 8, same segment
        Expectation noWait = client().neverWaitsIn(TcpState.FIN_WAIT_2);
        assertThat(noWait.judge(trace(10), LINUX).holds()).isTrue();
        assertThat(noWait.requires()).contains(Capability.SEGMENT_OBSERVATION);

        events.clear();
        state(0, Side.CLIENT, 0, TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2);
        int fin = sent(1, Side.SERVER, 0, seg(Side.SERVER, 1000, 501, Segment.FIN | Segment.ACK, 0));
        arrives(2, fin, Side.CLIENT);
        state(2, Side.CLIENT, 0, TcpState.FIN_WAIT_2, TcpState.TIME_WAIT);
        Judgement waited = noWait.judge(trace(10), LINUX);
        assertThat(waited.holds()).isFalse();
        assertThat(waited.observation()).contains("a segment arrived in it");

        events.clear();
        state(0, Side.CLIENT, 0, TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2);
        state(60_000, Side.CLIENT, 0, TcpState.FIN_WAIT_2, TcpState.CLOSED);   // a timer took it out
        assertThat(noWait.judge(trace(70_000), LINUX).observation()).contains("waited in FIN_WAIT_2 for 60 s");

        events.clear();
        state(0, Side.CLIENT, 0, TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2);
        assertThat(noWait.judge(trace(10), LINUX).observation()).contains("still in it when observation ended");
    }

    @Test
    void inReplyToMatchesOnlyTheFirstSegmentSentAfterTheRequestArrived() {
        sent(0, Side.CLIENT, 0, seg(Side.CLIENT, 499, 0, Segment.SYN, 0));
        state(0, Side.CLIENT, 0, TcpState.CLOSED, TcpState.ESTABLISHED);
        int rst = inject(1, Side.SERVER, seg(Side.SERVER, 1100, 0, Segment.RST, 0));
        arrives(2, rst, Side.CLIENT);
        sent(2, Side.CLIENT, 0, seg(Side.CLIENT, 500, 1000, Segment.ACK, 0)); // the challenge ACK
        int data = sent(3, Side.SERVER, 0, seg(Side.SERVER, 1000, 500, Segment.ACK, 10));
        arrives(4, data, Side.CLIENT);
        sent(4, Side.CLIENT, 0, seg(Side.CLIENT, 500, 1010, Segment.ACK, 0)); // answers the data, not the RST
        Trace t = trace(10);
        Expectation challenge = wire().carries(pureAck().from(client()).inReplyTo(injected()));
        assertThat(challenge.judge(t, RFC).holds()).isTrue();
        assertThat(wire().carries(pureAck().from(client()).inReplyTo(injected())).times(1).judge(t, RFC)
                .holds()).isTrue();
        assertThat(wire().carries(pureAck().from(client()).atSndNxt(0).sentIn(ESTABLISHED)).times(2).judge(t, RFC)
                .holds()).isTrue();
        assertThat(wire().carries(pureAck().from(client())).times(2).describe())
                .isEqualTo("the wire carries pure ACK from client exactly 2 times");
    }

    @Test
    void aKeepAliveProbeIsAPureAckOneBelowSndNxt() {
        sent(0, Side.CLIENT, 0, seg(Side.CLIENT, 100, 0, Segment.SYN, 0));
        sent(10, Side.CLIENT, 0, seg(Side.CLIENT, 100, 900, Segment.ACK, 0)); // a probe: SND.NXT - 1
        sent(11, Side.CLIENT, 0, seg(Side.CLIENT, 101, 900, Segment.ACK, 0)); // an ordinary ACK
        List<TraceEvent.SegmentSent> probes = keepAliveProbe().from(client()).select(trace(20));
        assertThat(probes).singleElement().satisfies(p -> assertThat(p.nanos()).isEqualTo(10 * MS));
    }

    @Test
    void exponentialBackoffRequiresEachGapToDoubleFromTheMinimumRto() {
        for (long t : new long[]{0, 200, 600, 1400}) sent(t, Side.CLIENT, 0, seg(Side.CLIENT, 7, 1, Segment.FIN | Segment.ACK, 0));
        Trace doubling = trace(2000);
        assertThat(wire().retransmits(fin().from(client())).withExponentialBackoff().judge(doubling, LINUX).holds())
                .isTrue();
        assertThat(wire().retransmits(fin().from(client())).times(count(3)).judge(doubling, LINUX).holds()).isTrue();
        Judgement underRfc = wire().retransmits(fin().from(client())).withExponentialBackoff().judge(doubling, RFC);
        assertThat(underRfc.holds()).isFalse();
        assertThat(underRfc.observation()).contains("before the minimum RTO (1 s)");

        events.clear();
        for (long t : new long[]{0, 200, 400, 600}) sent(t, Side.CLIENT, 0, seg(Side.CLIENT, 7, 1, Segment.FIN | Segment.ACK, 0));
        Judgement flat = wire().retransmits(fin().from(client())).withExponentialBackoff().judge(trace(1000), LINUX);
        assertThat(flat.holds()).isFalse();
        assertThat(flat.observation()).contains("interval 2 is 200 ms, expected 400 ms");
    }

    @Test
    void peakCountsConnectionsInAStateAtOnce() {
        for (int c = 0; c < 3; c++) state(c, Side.CLIENT, c, TcpState.FIN_WAIT_2, TcpState.TIME_WAIT);
        state(5, Side.CLIENT, 0, TcpState.TIME_WAIT, TcpState.CLOSED);
        state(6, Side.CLIENT, 3, TcpState.FIN_WAIT_2, TcpState.TIME_WAIT);
        Trace t = trace(10);
        assertThat(client().connectionsIn(TIME_WAIT).peakAtLeast(count(3)).judge(t, RFC).holds()).isTrue();
        Judgement four = client().connectionsIn(TIME_WAIT).peakAtLeast(count(4)).judge(t, RFC);
        assertThat(four.holds()).isFalse();
        assertThat(four.observation()).isEqualTo("at most 3 of the client's connections were in TIME_WAIT at once, "
                + "first at t=2 ms");
    }

    @Test
    void aProfileCaseJudgesTheBranchItsProfileTakesAndSaysWhich() {
        state(0, Side.CLIENT, 0, TcpState.ESTABLISHED, TcpState.TIME_WAIT);
        Expectation e = where(Profile::hasFinWait2Timeout, "an orphaned FIN_WAIT_2 times out")
                .expect(client().enters(TIME_WAIT)).otherwise(client().enters(CLOSE_WAIT));
        assertThat(e.judge(trace(1), LINUX).holds()).isTrue();
        assertThat(e.judge(trace(1), RFC).holds()).isFalse();
        assertThat(e.describe(RFC)).startsWith("(an orphaned FIN_WAIT_2 times out: not so under profile rfc9293) ");
        assertThat(e.describe()).isEqualTo("where an orphaned FIN_WAIT_2 times out: client enters TIME_WAIT; "
                + "otherwise: client enters CLOSE_WAIT");
    }

    @Test
    void firstFailureAfterCountsCallsInTheOrderTheyWereMade() {
        // the third connect() started last but finished first: it is still the third
        events.add(new TraceEvent.AppResult(5 * MS, Side.CLIENT, -1, AppCall.CONNECT, AppOutcome.ADDRESS_NOT_AVAILABLE,
                0, Segment.NO_PAYLOAD, 0, ""));
        events.add(new TraceEvent.AppResult(6 * MS, Side.CLIENT, 1, AppCall.CONNECT, AppOutcome.OK, 0,
                Segment.NO_PAYLOAD, 2 * MS, ""));
        events.add(0, new TraceEvent.AppResult(2 * MS, Side.CLIENT, 0, AppCall.CONNECT, AppOutcome.OK, 0,
                Segment.NO_PAYLOAD, 2 * MS, ""));
        Trace t = trace(10);
        assertThat(client().connect().firstFailureAfter(count(2), ADDRESS_NOT_AVAILABLE).judge(t, RFC).holds())
                .isTrue();
        Judgement three = client().connect().firstFailureAfter(count(3), ADDRESS_NOT_AVAILABLE).judge(t, RFC);
        assertThat(three.observation()).isEqualTo("2 connect() calls succeeded, then one returned Cannot assign "
                + "requested address at t=5 ms");
    }

    @Test
    void ephemeralPortsMustComeFromTheRangeEvenOnesFirst() {
        sent(0, Side.CLIENT, 0, new Segment(32768, 80, 1, 0, Segment.SYN, 1, Segment.NO_PAYLOAD, TcpOptions.NONE));
        sent(1, Side.CLIENT, 1, new Segment(32770, 80, 1, 0, Segment.SYN, 1, Segment.NO_PAYLOAD, TcpOptions.NONE));
        assertThat(client().usesEphemeralPortsEvenFirst().judge(trace(2), LINUX).holds()).isTrue();
        sent(2, Side.CLIENT, 2, new Segment(32771, 80, 1, 0, Segment.SYN, 1, Segment.NO_PAYLOAD, TcpOptions.NONE));
        Judgement odd = client().usesEphemeralPortsEvenFirst().judge(trace(3), LINUX);
        assertThat(odd.observation()).isEqualTo("connection 2 took the odd port 32771 after only 2 of the range's "
                + "14116 even ports");
        Judgement rfc = client().usesEphemeralPortsEvenFirst().judge(trace(3), RFC);
        assertThat(rfc.observation()).isEqualTo("connection 0 used port 32768, outside 49152-65535");
    }

    @Test
    void issChecksReadTheClockFromTheSyns() {
        int iss0 = 1_000_000;
        sent(0, Side.CLIENT, 0, seg(Side.CLIENT, iss0, 0, Segment.SYN, 0));
        sent(0, Side.CLIENT, 0, seg(Side.CLIENT, iss0 + 1, 5, Segment.FIN | Segment.ACK, 100));
        // 10 s later on the same 4-tuple, 10 s / 4 µs = 2,500,000 ticks on
        sent(10_000, Side.CLIENT, 1, seg(Side.CLIENT, iss0 + 2_500_000, 0, Segment.SYN, 0));
        Trace t = trace(10_001);
        assertThat(client().onConnection(1).issAdvancedByTheClockSince(client()).judge(t, RFC).holds()).isTrue();
        assertThat(client().onConnection(1).issUnrelatedTo(client()).judge(t, RFC).holds()).isFalse();
        assertThat(client().onConnection(1).choosesIssAbove(client()).judge(t, RFC).holds()).isTrue();
        assertThat(client().onConnection(1).issAdvancedByTheClockSince(client()).judge(t, LINUX).holds())
                .as("at 64 ns a tick, 10 s is 156,250,000 ticks").isFalse();
    }

    @Test
    void craftedSegmentsDescribeThemselvesInConnectionTerms() {
        assertThat(rstSegment().atSeq(100).describe()).isEqualTo("RST at RCV.NXT+100");
        assertThat(dataSegment(10).acking(-70_000).describe()).isEqualTo("10 data bytes at RCV.NXT, ACK SND.NXT-70000");
        assertThat(synSegment().beyondWindow(5).tsVal(-1000).describe())
                .isEqualTo("SYN at RCV.NXT+RCV.WND+5, TSval-1000");
        assertThat(ackSegment().toListener().describe()).isEqualTo("ACK to the listening port");
        assertThat(rstSegment().acking(0).describe()).isEqualTo("RST at RCV.NXT, ACK SND.NXT");
    }

    @Test
    void profileKnobsAdjustTheProfileAndNeedProfileControl() {
        Setup s = established().with(tcpTwReuse(Profile.TimeWaitReuse.ON), ipLocalPortRange(40000, 40009));
        Profile p = s.adjust(Profile.linux());
        assertThat(p.name()).isEqualTo("linux");
        assertThat(p.timeWaitReuse()).isEqualTo(Profile.TimeWaitReuse.ON);
        assertThat(p.ephemeralPortCount()).isEqualTo(10);
        assertThat(s.requires()).contains(Capability.PROFILE_CONTROL);
        assertThat(s.describe()).contains("tcp_tw_reuse=1", "ip_local_port_range=40000 40009");
        assertThat(ephemeralPortCount().plus(1).describe(Profile.linux())).isEqualTo("the ephemeral port count + 1 (28,233)");
    }
}
