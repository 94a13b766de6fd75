package dev.tcpspec.junit;

import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.SpecSuite;
import dev.tcpspec.run.SpecRunner;
import dev.tcpspec.run.SuiteRun;
import dev.tcpspec.spi.StackAdapter;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;
import java.util.stream.Stream;

/**
 * Turns specs into JUnit dynamic tests (JUnit 5.14 or JUnit 6): one test per spec, grouped in a container per rule family. A spec that
 * fails or errors fails its test with the full explanation (expectations and ladder diagram); a spec that does not
 * apply is skipped (aborted) with its reason, never passed; and a spec that passed only partially (some expectations
 * could not be judged on this stack: a capability it lacks, or no evidence in the trace) is skipped too, its reason
 * saying what held and what was not judged, so that it never counts as a plain pass.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> catalog() {
 *     return SpecTests.of(Catalog.all(), Stacks.simulated());
 * }
 *
 * @TestFactory
 * Stream<DynamicNode> catalogUnderLinux() {
 *     return SpecTests.of(SuiteRun.of(Catalog.all(), Stacks.simulated())
 *             .with(RunOptions.defaults().withProfile(Profile.linux())));
 * }
 * }</pre>
 */
public final class SpecTests {
    private SpecTests() {
    }

    /** Dynamic tests for {@code suite} on {@code stack} (its default profile, seed 1), grouped by rule family. */
    public static Stream<DynamicNode> of(SpecSuite suite, StackAdapter stack) {
        return of(SuiteRun.of(suite, stack));
    }

    /** One dynamic test for {@code spec} on {@code stack}, with the stack's default profile. */
    public static DynamicTest of(Spec spec, StackAdapter stack) {
        return test(spec, SuiteRun.of(SpecSuite.of(List.of(spec)), stack));
    }

    /** Dynamic tests for a suite run, grouped by rule family. */
    public static Stream<DynamicNode> of(SuiteRun run) {
        Map<String, List<DynamicNode>> byFamily = new LinkedHashMap<>();
        for (Spec spec : run.suite().specs()) {
            byFamily.computeIfAbsent(spec.family(), f -> new ArrayList<>()).add(test(spec, run));
        }
        return byFamily.entrySet().stream()
                .map(e -> DynamicContainer.dynamicContainer(e.getKey(), e.getValue().stream()));
    }

    /** The dynamic test for one spec. */
    public static DynamicTest test(Spec spec, SuiteRun run) {
        return DynamicTest.dynamicTest(spec.id() + " " + spec.title(), URI.create("tcpspec:spec/" + spec.id()),
                () -> SpecRunner.run(spec, run.stack(), run.options()).assertPasses());
    }
}
