package dev.tcpspec.specs;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.RunResult;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.sim.Mutant;
import dev.tcpspec.sim.Stacks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Every planted deviation is caught: under each profile some spec fails, and it is the spec about that rule. */
class MutantTest {
    /** The specs each mutant must make fail (others may fail too). */
    private static final Map<Mutant, List<String>> EXPECTED_KILLERS = Map.of(
            Mutant.NO_TIME_WAIT, List.of("TW-1", "TW-2", "TW-4"),
            Mutant.SHORT_TIME_WAIT, List.of("TW-2"),
            Mutant.LINGER_ZERO_SENDS_FIN, List.of("LG-2"),
            Mutant.NO_REACK_IN_TIME_WAIT, List.of("TW-3", "TW-4"),
            Mutant.CLOSE_WAIT_AUTOCLOSE, List.of("CW-1"),
            Mutant.UNREAD_CLOSE_SENDS_FIN, List.of("UD-1"));

    /**
     * Deviations that only faults can reveal, so no fault-free spec of the catalog can: the property engine kills
     * them (dev.tcpspec.specs.properties.PropertySensitivityTest).
     */
    private static final Set<Mutant> KILLED_UNDER_FAULTS_ONLY = EnumSet.of(Mutant.RST_ANSWERS_RST);

    @ParameterizedTest
    @EnumSource(Mutant.class)
    void everyMutantIsKilledUnderEveryProfile(Mutant mutant) {
        assumeFalse(KILLED_UNDER_FAULTS_ONLY.contains(mutant), mutant.label() + " is killed by the property engine");
        for (Profile profile : Profile.builtIn()) {
            RunResult run = Catalog.all().against(Stacks.simulated(mutant))
                    .with(RunOptions.defaults().withProfile(profile)).run();
            List<String> failed = run.results().stream().filter(r -> r.verdict() == Verdict.FAIL)
                    .map(SpecResult::id).toList();
            assertThat(failed).as("specs failing against %s under %s", mutant.label(), profile.name())
                    .containsAll(EXPECTED_KILLERS.get(mutant));
            assertThat(run.count(Verdict.ERROR)).isZero();
            assertThat(run.exitCode()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Mutant.class)
    void aFailureExplainsItselfWithALadder(Mutant mutant) {
        assumeFalse(KILLED_UNDER_FAULTS_ONLY.contains(mutant), mutant.label() + " is killed by the property engine");
        String killer = EXPECTED_KILLERS.get(mutant).get(0);
        SpecResult r = Catalog.all().get(killer).runOn(Stacks.simulated(mutant));
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.explain()).contains("[FAIL] ", " but ", "trace (", "client 10.0.0.1", "server 10.0.0.2", "-->");
    }
}
