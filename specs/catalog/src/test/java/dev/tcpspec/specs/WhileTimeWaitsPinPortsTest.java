package dev.tcpspec.specs;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.explore.Explore;
import dev.tcpspec.run.ExpectationResult;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.sim.Stacks;
import dev.tcpspec.wire.FaultSchedule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TW-10 judges the exhaustion only while every TIME_WAIT pins its port: a RST that ends one early (the closed server's
 * answer to a duplicated final ACK, which kills TIME_WAIT where RFC 1337 is off) frees a port, and the exhaustion is
 * then not judged rather than failed; where TIME_WAIT ignores the RST (tcp_rfc1337), it is judged as ever.
 */
class WhileTimeWaitsPinPortsTest {
    private static SpecResult replay(Profile profile, String schedule) {
        return Explore.spec(TimeWaitSpecs.TW_10).against(Stacks.simulated()).withProfile(profile)
                .replay(FaultSchedule.parse(schedule));
    }

    @Test
    void aTimeWaitEndedByARstLeavesTheExhaustionUnjudged() {
        SpecResult r = replay(Profile.linux(), "[duplicate ack-of-fin #1 from client]");
        assertThat(r.verdict()).as(r.explain()).isEqualTo(Verdict.PASS);
        assertThat(r.partial()).isTrue();
        ExpectationResult firstFailure = r.expectations().get(0);
        assertThat(firstFailure.judged()).isFalse();
        assertThat(firstFailure.observation()).startsWith("client #0 left TIME_WAIT at t=")
                .contains("rcvd RST").endsWith("the exhaustion was not put to the test");
        assertThat(r.expectations().get(1).judged()).isFalse();
        assertThat(r.expectations().get(2).judged()).isTrue();
    }

    @Test
    void whereTimeWaitIgnoresTheRstTheExhaustionIsJudged() {
        SpecResult r = replay(Profile.linux().toBuilder().rfc1337(true).build(), "[duplicate ack-of-fin #1 from client]");
        assertThat(r.verdict()).as(r.explain()).isEqualTo(Verdict.PASS);
        assertThat(r.expectations().get(0).judged()).as(r.explain()).isTrue();
        assertThat(r.expectations().get(1).judged()).as(r.explain()).isTrue();
    }

    @Test
    void withoutFaultsEverythingIsJudged() {
        SpecResult r = replay(Profile.linux(), "[no faults]");
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.partial()).isFalse();
    }
}
