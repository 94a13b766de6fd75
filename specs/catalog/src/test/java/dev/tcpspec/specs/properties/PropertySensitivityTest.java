package dev.tcpspec.specs.properties;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.explore.Counterexample;
import dev.tcpspec.explore.Explore;
import dev.tcpspec.explore.Exploration;
import dev.tcpspec.explore.ExplorationResult;
import dev.tcpspec.explore.Shrinker;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.sim.Mutant;
import dev.tcpspec.sim.Stacks;
import dev.tcpspec.wire.FaultSchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static dev.tcpspec.specs.properties.LifecycleProperties.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The properties are honest: for every planted deviation the engine finds a failing schedule and shrinks it to the
 * minimal number of faults (the size is asserted, and for one-fault cases the fault-free run is shown to pass, so no
 * smaller schedule exists); and every property is killed by some deviation.
 */
class PropertySensitivityTest {
    /** What each mutant is caught by: the property, the minimal schedule (its size, and its text where fixed). */
    record Planted(Spec property, int minimalFaults, String shrunk) {
    }

    static final Map<Mutant, Planted> PLANTED = Map.of(
            // TIME_WAIT's second purpose: a late copy of the first incarnation's data lands in the second
            Mutant.NO_TIME_WAIT, new Planted(PR_8, 1, "[delay data #1 from client by 2.002 s]"),
            Mutant.SHORT_TIME_WAIT, new Planted(PR_1, 0, "[no faults]"),
            Mutant.LINGER_ZERO_SENDS_FIN, new Planted(PR_5, 0, "[no faults]"),
            // the final ACK is lost, the retransmitted FIN meets a TIME_WAIT that does not answer
            Mutant.NO_REACK_IN_TIME_WAIT, new Planted(PR_6, 1, "[drop ack-of-fin #1 from client]"),
            Mutant.CLOSE_WAIT_AUTOCLOSE, new Planted(PR_4, 0, "[no faults]"),
            Mutant.UNREAD_CLOSE_SENDS_FIN, new Planted(PR_9, 0, "[no faults]"),
            // only a duplicated RST reaches a port with no connection
            Mutant.RST_ANSWERS_RST, new Planted(PR_7, 1, "[duplicate rst #1 from client]"),
            // a late SYN meets the server's TIME_WAIT, which it must not restart
            Mutant.TIME_WAIT_RESTARTED_BY_SYN, new Planted(PR_10, 1, "[delay syn #1 from client by 1.006 s]"),
            // a second copy of the handshake's ACK makes the client ACK again, late, into TIME_WAIT
            Mutant.TIME_WAIT_RESTARTED_BY_ACK, new Planted(PR_10, 2,
                    "[duplicate syn #1 from client, delay ack-of-fin #1 from client by 1 ms]"));

    private static Exploration explore(Spec p, Mutant m) {
        return Explore.spec(p).against(Stacks.simulated(m)).withProfile(Profile.rfc9293())
                .under(LifecycleProperties.faultsFor(p)).tries(2_000);
    }

    /**
     * The foundation's mutants, the property engine's own, and the TIME_WAIT restart rules that PR-10's faults target
     * (the catalog's kill matrix covers the rest).
     */
    @ParameterizedTest
    @EnumSource(value = Mutant.class, names = {"NO_TIME_WAIT", "SHORT_TIME_WAIT", "LINGER_ZERO_SENDS_FIN",
            "NO_REACK_IN_TIME_WAIT", "CLOSE_WAIT_AUTOCLOSE", "UNREAD_CLOSE_SENDS_FIN", "RST_ANSWERS_RST",
            "TIME_WAIT_RESTARTED_BY_SYN", "TIME_WAIT_RESTARTED_BY_ACK"})
    void everyMutantIsFoundAndShrunkToTheMinimalSchedule(Mutant mutant) {
        Planted planted = PLANTED.get(mutant);
        assertThat(planted).as("a property that catches %s", mutant.label()).isNotNull();
        Exploration e = explore(planted.property(), mutant);
        ExplorationResult r = e.run();
        assertThat(r.verdict()).as(r.summaryLine()).isEqualTo(Verdict.FAIL);
        Counterexample c = r.counterexample();
        assertThat(c.shrunk().size()).as(r.explain()).isEqualTo(planted.minimalFaults());
        assertThat(c.shrunk().describe()).isEqualTo(planted.shrunk());
        assertThat(c.original().size()).isGreaterThanOrEqualTo(c.shrunk().size());
        assertThat(e.replay(c.shrunk()).verdict()).isEqualTo(Verdict.FAIL);
        if (planted.minimalFaults() > 0) {
            assertThat(e.replay(FaultSchedule.NONE).verdict()).as("no smaller schedule fails").isEqualTo(Verdict.PASS);
            for (int i = 0; i < c.shrunk().size(); i++) {
                assertThat(e.replay(c.shrunk().without(i)).verdict()).isEqualTo(Verdict.PASS);
            }
        }
        assertThat(explore(planted.property(), mutant).run().counterexample().shrunk()).isEqualTo(c.shrunk());
    }

    @Test
    void aFailureThatNeedsNoFaultShrinksFromABigScheduleToNone() {
        Exploration e = explore(PR_1, Mutant.SHORT_TIME_WAIT);
        FaultSchedule big = FaultSchedule.parse("[duplicate syn-ack #1 from server, delay data #1 from client by"
                + " 1.5 s, hold back fin #1 from client behind 1]");
        SpecResult failing = e.replay(big);
        assertThat(failing.verdict()).isEqualTo(Verdict.FAIL);
        Shrinker.Shrunk s = e.shrinker().shrink(big, failing);
        assertThat(s.schedule()).isEqualTo(FaultSchedule.NONE);
        assertThat(s.result().verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void everyPropertyIsKilledBySomeMutant() {
        Map<Spec, Mutant> killers = Map.of(PR_1, Mutant.SHORT_TIME_WAIT, PR_2, Mutant.NO_TIME_WAIT,
                PR_3, Mutant.NO_TIME_WAIT, PR_4, Mutant.CLOSE_WAIT_AUTOCLOSE, PR_5, Mutant.LINGER_ZERO_SENDS_FIN,
                PR_6, Mutant.NO_REACK_IN_TIME_WAIT, PR_7, Mutant.RST_ANSWERS_RST, PR_8, Mutant.NO_TIME_WAIT,
                PR_9, Mutant.UNREAD_CLOSE_SENDS_FIN, PR_10, Mutant.TIME_WAIT_RESTARTED_BY_SYN);
        assertThat(killers.keySet()).containsExactlyInAnyOrderElementsOf(LifecycleProperties.all());
        for (Map.Entry<Spec, Mutant> k : killers.entrySet()) {
            ExplorationResult r = explore(k.getKey(), k.getValue()).run();
            assertThat(r.verdict()).as("%s against %s", k.getKey().id(), k.getValue().label()).isEqualTo(Verdict.FAIL);
        }
    }

    @Test
    void withTimestampsPawsAlsoKeepsOldDataOutOfANewIncarnation() {
        // the linux profile has timestamps: even without TIME_WAIT, PAWS rejects the late copy (RFC 7323 §5)
        ExplorationResult r = Explore.spec(PR_8).against(Stacks.simulated(Mutant.NO_TIME_WAIT))
                .withProfile(Profile.linux()).under(LifecycleProperties.faultsFor(PR_8)).tries(2_000).run();
        assertThat(r.verdict()).as(r.explain()).isEqualTo(Verdict.PASS);
    }
}
