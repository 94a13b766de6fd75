package dev.tcpspec.specs;

import dev.tcpspec.conformance.ConformanceRun;
import dev.tcpspec.conformance.Placement;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.os.host.IpFamily;
import dev.tcpspec.os.wire.WireStack;
import dev.tcpspec.run.KnownDeviations;
import dev.tcpspec.run.RunListener;
import dev.tcpspec.run.RunResult;
import dev.tcpspec.run.SpecResult;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole catalog on this machine's kernel through the packet wire, under the linux profile, over IPv4 and IPv6:
 * each spec with the kernel as client and as server (side by side, as {@code tcpspec run --stack os} runs them). Every
 * result is a test (a spec that does not apply is skipped with its reason), and the catalog must keep judging at
 * least {@link #APPLICABLE_FLOOR} of its specs on the kernel: a spec counts when one of the two placements judged it.
 * Needs root and /dev/net/tun (CI has both); skips with the reason otherwise.
 */
class WireCatalogTest {
    /** How many catalog specs the kernel must be judged on, in one role or the other (78 specs; 76 measured). */
    static final int APPLICABLE_FLOOR = 70;

    private static final Map<IpFamily, ConformanceRun> RUNS = new ConcurrentHashMap<>();

    @TestFactory
    Stream<DynamicNode> catalogOnTheKernelOverIpv4() {
        return catalog(IpFamily.IPV4);
    }

    @TestFactory
    Stream<DynamicNode> catalogOnTheKernelOverIpv6() {
        return catalog(IpFamily.IPV6);
    }

    private static Stream<DynamicNode> catalog(IpFamily family) {
        assumeTrue(WireStack.whyUnavailable().isEmpty(),
                () -> "the packet wire is unavailable here: " + WireStack.whyUnavailable().orElse(""));
        ConformanceRun run = RUNS.computeIfAbsent(family, WireCatalogTest::run);
        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(DynamicTest.dynamicTest("at least " + APPLICABLE_FLOOR + " specs judged on the kernel", () -> {
            Set<String> judged = new TreeSet<>();
            Set<String> all = new TreeSet<>();
            for (RunResult r : run.runs()) {
                for (SpecResult s : r.results()) {
                    all.add(s.id());
                    if (s.verdict() != Verdict.NOT_APPLICABLE) judged.add(s.id());
                    if (s.verdict() == Verdict.NOT_APPLICABLE) {
                        assertThat(s.message()).as("the reason %s is N/A on %s", s.id(), r.stack()).isNotBlank();
                    }
                }
            }
            assertThat(all).hasSize(Catalog.all().size());
            assertThat(judged.size()).as("specs judged in one role or the other; not judged: %s",
                    all.stream().filter(id -> !judged.contains(id)).toList()).isGreaterThanOrEqualTo(APPLICABLE_FLOOR);
        }));
        for (RunResult r : run.runs()) {
            nodes.add(DynamicContainer.dynamicContainer(r.stack(), r.results().stream().map(s ->
                    DynamicTest.dynamicTest(s.id() + " " + s.spec().title(), URI.create("tcpspec:spec/" + s.id()),
                            s::assertPasses))));
        }
        return nodes.stream();
    }

    private static ConformanceRun run(IpFamily family) {
        List<Placement> placements = WireStack.inEveryRole(family).stream()
                .map(w -> new Placement(w, w.kernelSide())).toList();
        return ConformanceRun.execute("os", Catalog.all(), placements, Profile.linux(), 1, null,
                KnownDeviations.NONE, RunListener.ofResults(r -> { }));
    }
}
