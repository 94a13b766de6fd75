package dev.tcpspec.specs.properties;

import dev.tcpspec.junit.ExplorationTests;
import dev.tcpspec.run.SpecRunner;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.explore.Explore;
import dev.tcpspec.explore.ExplorationResult;
import dev.tcpspec.explore.SegmentCensus;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.sim.Mutant;
import dev.tcpspec.sim.Stacks;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every lifecycle property holds on the reference stack under both profiles: 2,000 random schedules each with the
 * default seed (override with -Dtcpspec.seed / -Dtcpspec.tries / -Dtcpspec.maxFaults), and every schedule of one
 * fault; the orderly close with one data segment under every schedule of up to two faults.
 */
class LifecyclePropertiesTest {
    @TestFactory
    Stream<DynamicNode> everyPropertyHoldsUnderRandomFaults() {
        return Profile.builtIn().stream().map(profile -> DynamicContainer.dynamicContainer(profile.name(),
                LifecycleProperties.all().stream().map(p -> ExplorationTests.test(Explore.spec(p).against(Stacks.simulated())
                        .withProfile(profile).under(LifecycleProperties.faultsFor(p)).tries(2_000)))));
    }

    @TestFactory
    Stream<DynamicNode> everyPropertyHoldsUnderEveryScheduleOfOneFault() {
        return Profile.builtIn().stream().map(profile -> DynamicContainer.dynamicContainer(profile.name(),
                LifecycleProperties.all().stream().map(p -> ExplorationTests.test(Explore.spec(p).against(Stacks.simulated())
                        .withProfile(profile).under(LifecycleProperties.faultsFor(p).maxFaults(1)).exhaustive()))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rfc9293", "linux"})
    void anOrderlyCloseWithOneDataSegmentSurvivesEveryScheduleOfUpToTwoFaults(String name) {
        Profile profile = Profile.named(name);
        Spec close = LifecycleProperties.PR_1;
        ExplorationResult r = Explore.spec(close).against(Stacks.simulated()).withProfile(profile)
                .under(Explore.faults().maxFaults(2)).exhaustive().run();
        assertThat(r.verdict()).as(r.explain()).isEqualTo(Verdict.PASS);
        SpecResult faultFree = SpecRunner.run(close, Stacks.simulated(), RunOptions.defaults().withProfile(profile));
        int sent = SegmentCensus.of(faultFree.trace()).size();
        assertThat(faultFree.trace().segments()).filteredOn(s -> s.segment().len() > 0).hasSize(1);
        // every fault-free segment, under each of 8 actions; then every pair, over the segments each run sent
        assertThat(r.stats().tries()).isGreaterThan(1 + sent * 8 + (sent * 8) * (sent - 1) * 8 / 2);
        assertThat(r.stats().plannedSizes()).containsOnlyKeys(0, 1, 2);
        assertThat(r.stats().distinctSegmentsStruck()).isGreaterThan(sent);
        assertThat(r.stats().failures()).isZero();
    }

    @org.junit.jupiter.api.Test
    void aPropertyNoTryPutToTheTestSaysSoInsteadOfPassingQuietly() {
        // without TIME_WAIT no FIN ever reaches the closer there: "re-ACKs every FIN in TIME_WAIT" is never judged
        ExplorationResult broken = Explore.spec(LifecycleProperties.PR_6).against(Stacks.simulated(Mutant.NO_TIME_WAIT))
                .under(LifecycleProperties.faultsFor(LifecycleProperties.PR_6)).tries(200).run();
        assertThat(broken.verdict()).isEqualTo(Verdict.PASS);
        assertThat(broken.stats().neverPutToTheTest())
                .containsExactly("client acknowledges every FIN that reaches it in TIME_WAIT");
        assertThat(broken.stats().partialTries()).isEqualTo(200);
        assertThat(broken.stats().describe()).contains("not put to the test in 200 of 200 tries");

        ExplorationResult healthy = Explore.spec(LifecycleProperties.PR_6).against(Stacks.simulated())
                .under(LifecycleProperties.faultsFor(LifecycleProperties.PR_6)).tries(200).run();
        assertThat(healthy.stats().neverPutToTheTest()).isEmpty();
        assertThat(healthy.stats().partialTries()).isBetween(1, 199);
    }
}
