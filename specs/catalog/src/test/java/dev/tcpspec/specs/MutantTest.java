package dev.tcpspec.specs;

import dev.tcpspec.run.SuiteRun;
import dev.tcpspec.run.SpecRunner;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.RunResult;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.sim.Mutant;
import dev.tcpspec.sim.Stacks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The foundation's six mutants stay caught by the specs named for them, under each profile, and a failure explains
 * itself. {@link KillMatrixTest} covers every mutant and every spec.
 */
class MutantTest {
    /** The specs each mutant must make fail (others may fail too). */
    private static final Map<Mutant, List<String>> EXPECTED_KILLERS = Map.of(
            Mutant.NO_TIME_WAIT, List.of("TW-1", "TW-2", "TW-4"),
            Mutant.SHORT_TIME_WAIT, List.of("TW-2"),
            Mutant.LINGER_ZERO_SENDS_FIN, List.of("LG-2"),
            Mutant.NO_REACK_IN_TIME_WAIT, List.of("TW-3", "TW-4"),
            Mutant.CLOSE_WAIT_AUTOCLOSE, List.of("CW-1"),
            Mutant.UNREAD_CLOSE_SENDS_FIN, List.of("UD-1"));


    @ParameterizedTest
    @EnumSource(value = Mutant.class, names = {"NO_TIME_WAIT", "SHORT_TIME_WAIT", "LINGER_ZERO_SENDS_FIN",
            "NO_REACK_IN_TIME_WAIT", "CLOSE_WAIT_AUTOCLOSE", "UNREAD_CLOSE_SENDS_FIN"})
    void everyMutantIsKilledUnderEveryProfile(Mutant mutant) {
        for (Profile profile : Profile.builtIn()) {
            RunResult run = SuiteRun.of(Catalog.all(), Stacks.simulated(mutant))
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
    @EnumSource(value = Mutant.class, names = {"NO_TIME_WAIT", "SHORT_TIME_WAIT", "LINGER_ZERO_SENDS_FIN",
            "NO_REACK_IN_TIME_WAIT", "CLOSE_WAIT_AUTOCLOSE", "UNREAD_CLOSE_SENDS_FIN"})
    void aFailureExplainsItselfWithALadder(Mutant mutant) {
        String killer = EXPECTED_KILLERS.get(mutant).get(0);
        SpecResult r = SpecRunner.run(Catalog.all().get(killer), Stacks.simulated(mutant));
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.explain()).contains("[FAIL] ", " but ", "trace (", "client 10.0.0.1", "server 10.0.0.2", "-->");
    }
}
