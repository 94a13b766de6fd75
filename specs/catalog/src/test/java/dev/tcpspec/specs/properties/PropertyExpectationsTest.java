package dev.tcpspec.specs.properties;

import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.explore.Explore;
import dev.tcpspec.run.ExpectationResult;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.sim.Stacks;
import dev.tcpspec.wire.FaultSchedule;
import org.junit.jupiter.api.Test;

import static dev.tcpspec.specs.properties.LifecycleProperties.*;
import static org.assertj.core.api.Assertions.assertThat;

/** What the property expectations observe on the reference stack under chosen schedules, and how they say it. */
class PropertyExpectationsTest {
    private static SpecResult replay(Spec property, String schedule) {
        SpecResult r = Explore.spec(property).against(Stacks.simulated()).replay(FaultSchedule.parse(schedule));
        assertThat(r.verdict()).as(r.explain()).isEqualTo(Verdict.PASS);
        return r;
    }

    private static String observed(SpecResult r, int expectation) {
        ExpectationResult e = r.expectations().get(expectation);
        assertThat(e.held()).isTrue();
        return e.observation();
    }

    /** The observation of an expectation that could not be judged: the run never put the rule to the test. */
    private static String notObserved(SpecResult r, int expectation) {
        ExpectationResult e = r.expectations().get(expectation);
        assertThat(e.judged()).as("expectation %d judged: %s", expectation, e).isFalse();
        return e.observation();
    }

    @Test
    void timeWaitCountsFromTheLastFinAndToleratesAssassination() {
        assertThat(observed(replay(PR_1, "[no faults]"), 1))
                .isEqualTo("client held TIME_WAIT 240 s after entering it at t=5 ms");
        assertThat(observed(replay(PR_1, "[drop ack-of-fin #1 from client]"), 1))
                .isEqualTo("client held TIME_WAIT 240 s after the last FIN it received there, at t=1.005 s");
        // the second copy of the final ACK meets the closed server, whose RST ends the client's TIME_WAIT
        assertThat(observed(replay(PR_1, "[duplicate ack-of-fin #1 from client]"), 1))
                .contains("until a RST ended it (TIME_WAIT assassination, RFC 1337)");
    }

    @Test
    void reAcksAreCountedAndAbsentFinsSaidSo() {
        assertThat(notObserved(replay(PR_6, "[no faults]"), 0)).isEqualTo("no FIN reached client in TIME_WAIT: nothing "
                + "to re-ACK, so the rule was not put to the test");
        assertThat(observed(replay(PR_6, "[drop ack-of-fin #1 from client, drop ack-of-fin #2 from client]"), 0))
                .isEqualTo("client acknowledged each of the 2 FIN(s) that reached it in TIME_WAIT");
    }

    @Test
    void resetsThatMeetResetsAreCounted() {
        assertThat(observed(replay(PR_7, "[duplicate rst #1 from client]"), 0)).matches("\\d+ RST\\(s\\) arrived; none"
                + " was answered with a RST");
    }

    @Test
    void lateDataLeavesNothingUnreadToSignal() {
        assertThat(observed(replay(PR_9, "[no faults]"), 0)).startsWith("server closed with 10 bytes unread and sent a"
                + " RST at t=53 ms");
        SpecResult late = Explore.spec(PR_9).against(Stacks.simulated())
                .replay(FaultSchedule.parse("[delay data #1 from client by 1 s]"));
        assertThat(late.verdict()).as("nothing was judged: not a pass").isEqualTo(Verdict.NOT_APPLICABLE);
        assertThat(notObserved(late, 0)).isEqualTo("server had read all 0 bytes that had reached it when it closed at "
                + "t=53 ms: nothing unread to signal, so the rule was not put to the test");
        assertThat(observed(replay(PR_9, "[duplicate data #1 from client]"), 0)).contains("10 bytes unread");
    }

    @Test
    void aNewIncarnationAfterTimeWaitReadsOnlyItsOwnBytes() {
        SpecResult r = replay(PR_8, "[delay data #1 from client by 2.002 s]");
        assertThat(observed(r, 0)).isEqualTo("server #1 read 19 bytes, all written by client #1 on that connection"
                + " (19 written)");
        assertThat(r.trace().appResults(dev.tcpspec.trace.Side.CLIENT)).anyMatch(a -> a.conn() == 1
                && a.call() == dev.tcpspec.trace.AppCall.CONNECT && a.nanos() >= 240_000_000_000L);
    }
}
