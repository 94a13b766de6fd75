package dev.tcpspec.examples.toytcp.tcpspec;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.KnownDeviations;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.sim.HostedStack;
import dev.tcpspec.sim.Stacks;
import dev.tcpspec.specs.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * toytcp's report shows the deviations it documents and no others: under every shipped profile, the specs that fail
 * without a baseline, each with the role toytcp played, are exactly the entries of {@code known-deviations.txt}, and
 * nothing errors.
 */
class ToyTcpDeviationsTest {
    static List<Profile> profiles() {
        return Profile.builtIn();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void theCatalogFailsExactlyWhereTheKnownDeviationsFileSays(Profile profile) {
        Set<String> failing = new TreeSet<>();
        Set<String> errors = new TreeSet<>();
        for (HostedStack placement : Stacks.hostedInEveryRole(new ToyTcpStack())) {
            for (SpecResult r : Catalog.all().against(placement).with(RunOptions.defaults().withProfile(profile))
                    .run().results()) {
                String key = r.id() + "@" + placement.role().label();
                if (r.verdict() == Verdict.FAIL) failing.add(key);
                if (r.verdict() == Verdict.ERROR) errors.add(key + ": " + r.message());
            }
        }
        Set<String> documented = new TreeSet<>();
        for (KnownDeviations.Entry e : KnownDeviations.read(Path.of("known-deviations.txt"), Catalog.all()).entries()) {
            documented.add(e.key());
        }
        assertThat(errors).as("specs that errored against toytcp under %s", profile.name()).isEmpty();
        assertThat(failing)
                .as("specs failing against toytcp under %s; add undocumented ones to known-deviations.txt only if "
                        + "toytcp breaks that rule on purpose, and remove lines of rules it keeps", profile.name())
                .isEqualTo(documented);
    }

    @Test
    void oneSeedGivesOneTraceAndAnotherSeedAnother() {
        assertThat(digests(7)).isEqualTo(digests(7)).isNotEqualTo(digests(8));
    }

    private static List<String> digests(long seed) {
        List<String> d = new ArrayList<>();
        for (HostedStack placement : Stacks.hostedInEveryRole(new ToyTcpStack())) {
            Catalog.all().against(placement).with(RunOptions.defaults().withSeed(seed)).run().results()
                    .forEach(r -> d.add(r.traceDigest()));
        }
        return d;
    }
}
