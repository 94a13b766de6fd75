package dev.tcpspec.specs;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.run.SpecRunner;
import dev.tcpspec.sim.Mutant;
import dev.tcpspec.sim.Stacks;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kill matrix, proved: every mutant is killed, under every profile where it can show, by a spec of the very rule
 * it breaks (so the catalog is precise, not merely sensitive); and every spec kills some mutant under some profile.
 * The full matrix (every spec against every mutant) is what {@code tcpspec run --mutant all} prints; this test looks
 * for one witness per cell it needs, which is the same proof in a fraction of the runs.
 */
class KillMatrixTest {
    /** Specs that need not kill any mutant, each with the reason. Empty: every spec kills one. */
    static final Map<String, String> EXEMPT = Map.of();

    private static final List<Spec> SPECS = Catalog.all().specs();

    private static Verdict run(Spec spec, Mutant mutant, Profile profile) {
        SpecResult r = SpecRunner.run(spec, Stacks.simulated(mutant), RunOptions.defaults().withProfile(profile));
        assertThat(r.verdict()).as("%s against %s under %s: %s", spec.id(), mutant.label(), profile.name(),
                r.message()).isNotEqualTo(Verdict.ERROR);
        return r.verdict();
    }

    /** The rule a spec id names: {@code TW-9.reuse} is about TW-9. */
    private static String rule(Spec spec) {
        int dot = spec.id().indexOf('.');
        return dot < 0 ? spec.id() : spec.id().substring(0, dot);
    }

    @TestFactory
    Stream<DynamicTest> everyMutantIsKilledByASpecOfItsOwnRule() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Mutant mutant : Mutant.values()) {
            tests.add(DynamicTest.dynamicTest(mutant.label() + " (" + mutant.rule() + ")", () -> {
                List<Spec> own = SPECS.stream().filter(s -> rule(s).equals(mutant.rule())).toList();
                assertThat(own).as("specs of rule %s", mutant.rule()).isNotEmpty();
                boolean showsSomewhere = false;
                for (Profile profile : Profile.builtIn()) {
                    if (!mutant.observableUnder(profile)) continue;
                    showsSomewhere = true;
                    List<String> killers = new ArrayList<>();
                    for (Spec s : own) {
                        if (run(s, mutant, profile) == Verdict.FAIL) killers.add(s.id());
                    }
                    assertThat(killers).as("specs of %s failing against %s under %s", mutant.rule(), mutant.label(),
                            profile.name()).isNotEmpty();
                }
                assertThat(showsSomewhere).as("%s can show under some built-in profile", mutant.label()).isTrue();
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everySpecKillsSomeMutant() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Spec spec : SPECS) {
            if (EXEMPT.containsKey(spec.id())) continue;
            tests.add(DynamicTest.dynamicTest(spec.id(), () -> {
                // the mutants of the spec's own rule first, then the others: the first kill is the witness
                List<Mutant> order = new ArrayList<>();
                for (Mutant m : Mutant.values()) if (m.rule().equals(rule(spec))) order.add(m);
                for (Mutant m : Mutant.values()) if (!order.contains(m)) order.add(m);
                for (Mutant m : order) {
                    for (Profile p : Profile.builtIn()) {
                        if (m.observableUnder(p) && run(spec, m, p) == Verdict.FAIL) return;
                    }
                }
                throw new AssertionError(spec.id() + " fails against no mutant under any profile: it cannot fail");
            }));
        }
        return tests.stream();
    }

    @Test
    void exemptionsNameExistingSpecsAndGiveAReason() {
        Set<String> ids = new HashSet<>();
        SPECS.forEach(s -> ids.add(s.id()));
        EXEMPT.forEach((id, reason) -> {
            assertThat(ids).contains(id);
            assertThat(reason).isNotBlank();
        });
    }

    @Test
    void everyRuleFamilyHasAMutantAndThereAreAtLeast25() {
        Set<String> families = new HashSet<>();
        SPECS.forEach(s -> families.add(s.family()));
        Map<String, List<String>> byFamily = new LinkedHashMap<>();
        for (Mutant m : Mutant.values()) byFamily.computeIfAbsent(m.family(), f -> new ArrayList<>()).add(m.label());
        assertThat(byFamily.keySet()).containsAll(families);
        assertThat(Mutant.values()).hasSizeGreaterThanOrEqualTo(25);
        assertThat(Arrays.stream(Mutant.values()).map(Mutant::description)).allMatch(d -> !d.isBlank() && !d.contains("\n"));
    }
}
