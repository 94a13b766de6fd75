package dev.tcpspec.explore;

import dev.tcpspec.dsl.FaultSpace;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Timing;
import dev.tcpspec.trace.Fate;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpOptions;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;
import dev.tcpspec.trace.TraceInfo;
import dev.tcpspec.wire.Fault;
import dev.tcpspec.wire.FaultAction;
import dev.tcpspec.wire.FaultSchedule;
import dev.tcpspec.wire.FaultType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.tcpspec.explore.Explore.faults;
import static org.assertj.core.api.Assertions.assertThat;

/** Generated schedules aim only at segments the census saw, stay in the space, and depend on the seed alone. */
class ScheduleGeneratorTest {
    private static final Timing RFC = new Timing(Profile.rfc9293(), Duration.ZERO);

    /** A trace in which the client sent 1 SYN, 2 DATA and 1 FIN and the server 1 SYN,ACK and 3 ACKs. */
    static Trace trace() {
        List<TraceEvent> events = new ArrayList<>();
        Object[][] sent = {{Side.CLIENT, SegmentKind.SYN, 1}, {Side.SERVER, SegmentKind.SYN_ACK, 1},
                {Side.CLIENT, SegmentKind.DATA, 2}, {Side.CLIENT, SegmentKind.FIN, 1}, {Side.SERVER, SegmentKind.ACK, 3}};
        int id = 0;
        for (Object[] s : sent) {
            for (int n = 0; n < (int) s[2]; n++) {
                Segment seg = new Segment(1, 2, 0, 0, Segment.ACK, 0, Segment.NO_PAYLOAD, TcpOptions.NONE);
                events.add(new TraceEvent.SegmentSent(id, id++, (Side) s[0], 0, seg, (SegmentKind) s[1], Fate.DELIVERED));
            }
        }
        return new Trace(new TraceInfo("t", "rfc9293", 1, "a", "b"), events, id);
    }

    @Test
    void theCensusCountsPerSenderAndKindAndKeepsTheLargestRun() {
        SegmentCensus c = SegmentCensus.of(trace());
        assertThat(c.count(Side.CLIENT, SegmentKind.DATA)).isEqualTo(2);
        assertThat(c.count(Side.SERVER, SegmentKind.ACK)).isEqualTo(3);
        assertThat(c.count(Side.SERVER, SegmentKind.FIN)).isZero();
        assertThat(c.size()).isEqualTo(8);
        assertThat(c.targets(faults().targeting(SegmentKind.DATA)))
                .extracting(Object::toString).containsExactly("data #1 from client", "data #2 from client");
        assertThat(c.learn(trace())).isFalse();
        assertThat(c.firstCount(Side.CLIENT, SegmentKind.DATA)).isEqualTo(2);
    }

    @Test
    void schedulesStayInTheSpaceAndOnSegmentsThatExist() {
        SegmentCensus census = SegmentCensus.of(trace());
        FaultSpace space = faults().maxFaults(2).only(FaultType.DROP, FaultType.DELAY).from(Side.CLIENT);
        ScheduleGenerator g = new ScheduleGenerator(5, space, RFC);
        Set<Integer> sizes = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            FaultSchedule s = g.next(census);
            sizes.add(s.size());
            for (Fault f : s.faults()) {
                assertThat(f.from()).isEqualTo(Side.CLIENT);
                assertThat(f.occurrence()).isBetween(1, census.count(f.from(), f.kind()));
                assertThat(f.action().type()).isIn(FaultType.DROP, FaultType.DELAY);
                if (f.action() instanceof FaultAction.Delay d) {
                    assertThat(d.by()).isBetween(Duration.ofMillis(1), Duration.ofMinutes(2));
                }
            }
            for (int a = 0; a < s.size(); a++) {
                for (int b = a + 1; b < s.size(); b++) assertThat(s.get(a).sameTarget(s.get(b))).isFalse();
            }
        }
        assertThat(sizes).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void theSameSeedGivesTheSameSchedules() {
        SegmentCensus census = SegmentCensus.of(trace());
        ScheduleGenerator a = new ScheduleGenerator(9, faults(), RFC);
        ScheduleGenerator b = new ScheduleGenerator(9, faults(), RFC);
        for (int i = 0; i < 200; i++) assertThat(b.next(census)).isEqualTo(a.next(census));
    }

    @Test
    void theLandmarkDelaysFollowTheProfile() {
        assertThat(faults().delayLandmarks(RFC)).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1_500),
                Duration.ofSeconds(4), Duration.ofMinutes(2));
        Timing linux = new Timing(Profile.linux(), Duration.ZERO);
        assertThat(faults().delayLandmarks(linux)).last().isEqualTo(Duration.ofSeconds(30));
        assertThat(faults().maxDelay(dev.tcpspec.dsl.Tcp.seconds(1)).delayLandmarks(RFC))
                .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(faults().describe()).isEqualTo("up to 3 faults (drop, duplicate, delay up to MSL, hold-back behind"
                + " up to 3) on any segment");
        assertThat(faults().maxFaults(1).only(FaultType.DROP).targeting(SegmentKind.FIN).from(Side.SERVER).describe())
                .isEqualTo("up to 1 fault (drop) on fin segments from the server");
    }
}
