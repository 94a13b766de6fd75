package dev.tcpspec.explore;

import dev.tcpspec.dsl.Capabilities;
import dev.tcpspec.dsl.Capability;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.wire.FaultSchedule;
import dev.tcpspec.wire.FaultType;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.time.Duration;
import java.util.List;

import static dev.tcpspec.dsl.Tcp.*;
import static dev.tcpspec.explore.Explore.faults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine end to end on a scripted stack whose client retransmits its SYN only once: it becomes ESTABLISHED
 * unless both the SYN and its retransmission are lost, a failure that needs two faults, the second aimed at a segment
 * only the first brings about.
 */
class ExplorerTest {
    private static final Spec CONNECTS = spec("X-1", "the client connects whatever the wire does")
            .given(established()).then(client().enters(ESTABLISHED));
    private static final ScriptedStack STACK = new ScriptedStack(Capabilities.all(), false);

    @Test
    void aRandomExplorationFindsTheTwoFaultFailureAndShrinksItToExactlyThose() {
        ExplorationResult r = Explore.spec(CONNECTS).against(STACK).under(faults().maxFaults(3)).tries(2_000).run();
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        Counterexample c = r.counterexample();
        assertThat(c.shrunk().describe()).isEqualTo("[drop syn #1 from client, drop syn #2 from client]");
        assertThat(c.shrunkResult().verdict()).isEqualTo(Verdict.FAIL);
        assertThat(c.original().size()).isGreaterThanOrEqualTo(2);
        assertThat(c.tryNumber()).isGreaterThan(1);
        assertThat(r.stats().tries()).isEqualTo(2_000);
        assertThat(r.stats().failures()).isPositive();
        assertThat(r.stats().plannedSizes().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(2_000);
        assertThat(r.stats().knownSegments()).as("the census learnt the retransmitted SYN").isEqualTo(4);
    }

    @Test
    void everyScheduleOfOneFaultPassesAndEveryScheduleOfTwoFindsIt() {
        ExplorationResult one = Explore.spec(CONNECTS).against(STACK).under(faults().maxFaults(1)).exhaustive().run();
        assertThat(one.verdict()).isEqualTo(Verdict.PASS);
        // 3 segments x (drop, duplicate, 4 landmark delays, hold back behind 1 or 2), plus the fault-free run
        assertThat(one.stats().tries()).isEqualTo(1 + 3 * 8);
        ExplorationResult two = Explore.spec(CONNECTS).against(STACK).under(faults().maxFaults(2)).exhaustive().run();
        assertThat(two.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(two.counterexample().shrunk().describe())
                .isEqualTo("[drop syn #1 from client, drop syn #2 from client]");
        assertThat(two.stats().failures()).as("only the two drops fail").isEqualTo(1);
        assertThat(two.summaryLine()).contains("schedules (exhaustive)");
    }

    @Test
    void theSameSeedGivesTheSameExplorationAndAnotherSeedAnother() {
        Exploration e = Explore.spec(CONNECTS).against(STACK).tries(1_000).seed(42);
        ExplorationResult a = e.run();
        ExplorationResult b = e.run();
        assertThat(b.counterexample().tryNumber()).isEqualTo(a.counterexample().tryNumber());
        assertThat(b.counterexample().original()).isEqualTo(a.counterexample().original());
        assertThat(b.counterexample().shrunkResult().traceDigest())
                .isEqualTo(a.counterexample().shrunkResult().traceDigest());
        assertThat(b.stats().failures()).isEqualTo(a.stats().failures());
        assertThat(b.stats().plannedSizes()).isEqualTo(a.stats().plannedSizes());
        ExplorationResult c = e.seed(43).run();
        assertThat(c.counterexample().original()).isNotEqualTo(a.counterexample().original());
    }

    @Test
    void onlyTheAllowedFaultTypesAreTried() {
        ExplorationResult r = Explore.spec(CONNECTS).against(STACK)
                .under(faults().only(FaultType.DUPLICATE, FaultType.DELAY)).tries(300).run();
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.stats().byType().keySet()).containsOnly(FaultType.DUPLICATE, FaultType.DELAY);
    }

    @Test
    void aStackThatCannotInjectFaultsIsNotApplicable() {
        ScriptedStack blind = new ScriptedStack(Capabilities.all().without(Capability.FAULT_INJECTION,
                "a real kernel without netem"), false);
        ExplorationResult r = Explore.spec(CONNECTS).against(blind).run();
        assertThat(r.verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
        assertThat(r.message()).isEqualTo("exploring faults needs to drop, duplicate or delay chosen segments"
                + " (FAULT_INJECTION), which the scripted stack cannot: a real kernel without netem");
        assertThatThrownBy(r::assertHolds).isInstanceOf(TestAbortedException.class);
    }

    @Test
    void aRunThatHangsEndsTheExplorationWithAnErrorWithinTheTimeout() {
        ScriptedStack hanging = new ScriptedStack(Capabilities.all(), true);
        long start = System.nanoTime();
        ExplorationResult r = Explore.spec(CONNECTS).against(hanging).under(faults().only(FaultType.HOLD_BACK))
                .timeout(Duration.ofMillis(300)).tries(10).run();
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.message()).matches("a run under the schedule \\[hold back .*\\] did not finish within 300 ms;"
                + " the scripted adapter may hang");
        assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(10).toNanos());
    }

    @Test
    void inATestAFailureThrowsWithSeedSchedulesAndLadder() {
        Exploration e = Explore.spec(CONNECTS).against(STACK).tries(2_000);
        assertThat(e.displayName()).isEqualTo("X-1 under faults: the client connects whatever the wire does"
                + " [2000 tries, up to 3 faults]");
        assertThatThrownBy(e::assertHolds).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("seed 1: reproduce with -Dtcpspec.seed=1")
                .hasMessageContaining("shrunk schedule   (2 faults): [drop syn #1 from client, drop syn #2 from client]")
                .hasMessageContaining("original schedule (")
                .hasMessageContaining("the shrunk run:")
                .hasMessageContaining("--[SYN] seq=0 win=65535 DROPPED")
                .hasMessageContaining("statistics: ");
    }

    @Test
    void systemPropertiesOverrideSeedTriesAndMaxFaults() {
        Exploration e = Explore.spec(CONNECTS).against(STACK).seed(1).tries(10);
        try {
            System.setProperty(Explore.SEED_PROPERTY, "77");
            System.setProperty(Explore.TRIES_PROPERTY, "2_500");
            System.setProperty(Explore.MAX_FAULTS_PROPERTY, "4");
            Exploration o = e.withSystemProperties();
            assertThat(o.seed()).isEqualTo(77);
            assertThat(o.tries()).isEqualTo(2_500);
            assertThat(o.space().maxFaults()).isEqualTo(4);
            System.setProperty(Explore.TRIES_PROPERTY, "many");
            assertThatThrownBy(e::withSystemProperties).hasMessage("-Dtcpspec.tries=many is not a whole number");
            System.setProperty(Explore.TRIES_PROPERTY, "0");
            assertThatThrownBy(e::withSystemProperties)
                    .hasMessage("-Dtcpspec.tries=0 is out of range: it must be at least 1");
        } finally {
            System.clearProperty(Explore.SEED_PROPERTY);
            System.clearProperty(Explore.TRIES_PROPERTY);
            System.clearProperty(Explore.MAX_FAULTS_PROPERTY);
        }
        assertThat(e.withSystemProperties().seed()).isEqualTo(1);
    }

    @Test
    void replayRunsOneSchedule() {
        var r = Explore.spec(CONNECTS).against(STACK)
                .replay(FaultSchedule.parse("[drop syn #1 from client, drop syn #2 from client]"));
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThatThrownBy(() -> Explore.spec(CONNECTS).run()).hasMessageContaining("say which stack to explore X-1");
    }
}
