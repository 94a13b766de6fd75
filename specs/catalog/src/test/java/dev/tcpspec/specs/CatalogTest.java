package dev.tcpspec.specs;

import dev.tcpspec.junit.SpecTests;
import dev.tcpspec.run.SuiteRun;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.RunResult;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.sim.Stacks;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole catalog on the reference stack, under each shipped profile: every spec must pass. */
class CatalogTest {
    /** Every rule id of RULES.md §1, in its order. */
    static final List<String> RULES = List.of(
            "HS-1", "HS-2", "HS-3", "HS-4",
            "OC-1", "OC-2", "OC-3", "OC-4", "OC-5", "OC-6", "OC-7", "OC-8", "OC-9", "OC-10", "OC-11",
            "SC-1", "SC-2", "SC-3",
            "HC-1", "HC-2", "HC-3",
            "TW-1", "TW-2", "TW-3", "TW-4", "TW-5", "TW-6", "TW-7", "TW-8", "TW-9", "TW-10",
            "CW-1", "CW-2", "CW-3", "CW-4",
            "LG-1", "LG-2", "LG-3", "LG-4", "UD-1",
            "RU-1", "RU-2",
            "KA-1", "KA-2", "KA-3", "KA-4", "KA-5",
            "SQ-1", "SQ-2", "SQ-3", "IS-1", "IS-2",
            "RS-1", "RS-2", "RS-3", "RS-4", "RS-5", "RS-6", "TO-1");

    /** Rules left out of the catalog, with the reason the README gives. */
    static final Map<String, String> LEFT_OUT = Map.of(
            "LG-4", "a rule of the JDK's NioSocketImpl, not of TCP: it shows only through java.net.Socket on a real "
                    + "kernel (the os adapter)",
            "SQ-2", "a fact of arithmetic (2^32 bytes / rate), not a behaviour; its consequence, an old duplicate "
                    + "inside the window, is what PAWS rejects (SQ-3)");

    @TestFactory
    Stream<DynamicNode> catalogPassesOnTheReferenceStack() {
        return Profile.builtIn().stream().map(p -> DynamicContainer.dynamicContainer("profile " + p.name(),
                SpecTests.of(SuiteRun.of(Catalog.all(), Stacks.simulated()).with(RunOptions.defaults().withProfile(p)))));
    }

    @Test
    void everyExpectationIsJudgedOnTheReferenceStack() {
        // the reference stack observes everything: no spec may pass partially, or pass for want of evidence
        for (Profile p : Profile.builtIn()) {
            RunResult run = SuiteRun.of(Catalog.all(), Stacks.simulated()).with(RunOptions.defaults().withProfile(p)).run();
            for (SpecResult r : run.results()) {
                if (r.spec().notApplicableUnder(p).isPresent()) continue; // the profile does not have the rule
                assertThat(r.verdict()).as("%s under %s: %s", r.id(), p.name(), r.message()).isEqualTo(Verdict.PASS);
                assertThat(r.notJudged()).as("%s under %s: not judged", r.id(), p.name()).isEmpty();
            }
        }
    }

    @Test
    void everyRuleIsInTheCatalogOrLeftOutWithAReason() {
        Set<String> covered = Catalog.all().specs().stream().map(s -> s.id().replaceFirst("\\..*", ""))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        for (String rule : RULES) {
            assertThat(covered.contains(rule) || LEFT_OUT.containsKey(rule)).as("rule %s", rule).isTrue();
            assertThat(covered.contains(rule) && LEFT_OUT.containsKey(rule)).as("rule %s both in and out", rule)
                    .isFalse();
        }
        assertThat(RULES).containsAll(covered);
        assertThat(Catalog.all().size()).isGreaterThanOrEqualTo(55);
    }

    @Test
    void everySpecSaysWhereItComesFrom() {
        for (Spec s : Catalog.all().specs()) {
            assertThat(s.sources()).as("%s sources", s.id()).isNotEmpty();
            assertThat(s.title()).as("%s title", s.id()).isNotBlank();
        }
    }

    @Test
    void whereTheSeedDiffersFromMeasuredLinuxTheDescriptionNamesTheSeedsClaim() {
        assertThat(Catalog.all().get("TW-10").description()).contains("60999", "61000", "seed");
        assertThat(Catalog.all().get("IS-1").description()).contains("4.55", "4.77", "64 ns");
        assertThat(Catalog.all().get("LG-3").description()).contains("seed", "BSD");
        assertThat(Catalog.all().get("TW-2").description()).contains("60 s", "tcp_fin_timeout");
    }
}
