package dev.tcpspec.specs;

import dev.tcpspec.conformance.ConformanceRun;
import dev.tcpspec.conformance.Placement;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.external.Driver;
import dev.tcpspec.external.ExternalStack;
import dev.tcpspec.os.host.IpFamily;
import dev.tcpspec.run.Assessment;
import dev.tcpspec.run.KnownDeviations;
import dev.tcpspec.run.RunListener;
import dev.tcpspec.run.RunResult;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.dsl.Verdict;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole catalog on lwIP and on gVisor's netstack, each in its driver process on the packet wire, as client and
 * as server, under rfc9293, judged against the stack's committed baseline
 * ({@code stack-adapters/external/baselines/STACK-rfc9293.txt}): a failure the baseline records is accepted, a new one
 * fails, a recorded one that now passes fails too (the line must go), and no spec may end in ERROR. At least
 * {@link #APPLICABLE_FLOOR} specs must be judged on each stack. Skips, with the reason, where the driver cannot be
 * built (its Debian packages or compiler missing).
 */
class ExternalCatalogTest {
    /** How many catalog specs each stack must be judged on, in one role or the other. */
    static final int APPLICABLE_FLOOR = 60;

    @TestFactory
    Stream<DynamicNode> catalogOnLwip() {
        return catalog(Driver.LWIP);
    }

    @TestFactory
    Stream<DynamicNode> catalogOnGvisor() {
        return catalog(Driver.GVISOR);
    }

    private static Stream<DynamicNode> catalog(Driver driver) {
        assumeTrue(driver.whyUnavailable().isEmpty(), () -> driver.label() + " is unavailable here: "
                + driver.whyUnavailable().orElse(""));
        Path file = baseline(driver);
        KnownDeviations baseline = KnownDeviations.read(file, Catalog.all());
        List<Placement> placements = ExternalStack.inEveryRole(driver, IpFamily.IPV4).stream()
                .map(s -> new Placement(s, s.role())).toList();
        ConformanceRun run = ConformanceRun.execute(driver.name(), Catalog.all(), placements, Profile.rfc9293(), 1,
                null, baseline, RunListener.ofResults(r -> { }));
        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(DynamicTest.dynamicTest("no ERROR, and at least " + APPLICABLE_FLOOR + " specs judged", () -> {
            Set<String> judged = new TreeSet<>();
            for (RunResult r : run.runs()) {
                for (SpecResult s : r.results()) {
                    assertThat(s.verdict()).as("%s on %s: %s", s.id(), r.stack(), s.message())
                            .isNotEqualTo(Verdict.ERROR);
                    if (s.verdict() != Verdict.NOT_APPLICABLE) judged.add(s.id());
                }
            }
            assertThat(judged.size()).isGreaterThanOrEqualTo(APPLICABLE_FLOOR);
        }));
        nodes.add(DynamicTest.dynamicTest("every deviation is in " + file.getFileName() + ", every entry still fails",
                () -> assertThat(run.assessment().results().stream().filter(Assessment.Assessed::failsTheRun)
                        .map(Assessment.Assessed::describe).toList()).isEmpty()));
        nodes.add(DynamicTest.dynamicTest("no baseline entry was fixed", () ->
                assertThat(run.assessment().fixed()).isEmpty()));
        for (RunResult r : run.runs()) {
            nodes.add(DynamicContainer.dynamicContainer(r.stack(), r.results().stream()
                    .filter(s -> s.verdict() == Verdict.PASS || s.verdict() == Verdict.NOT_APPLICABLE)
                    .map(s -> DynamicTest.dynamicTest(s.id() + " " + s.spec().title(), s::assertPasses))));
        }
        return nodes.stream();
    }

    static Path baseline(Driver driver) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path f = d.resolve("stack-adapters/external/baselines/" + driver.name() + "-rfc9293.txt");
            if (Files.exists(f)) return f;
        }
        throw new IllegalStateException("no baseline for " + driver.name());
    }
}
