package dev.tcpspec.junit;

import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Strength;
import dev.tcpspec.run.Assessment;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * JUnit 5 tests from an {@link Assessment} (a run judged against a known-deviations baseline): one test per result,
 * grouped in a container per rule family. A pass passes; a partial pass (some expectations could not be judged) is
 * skipped with what held and what could not be judged; a result that does not apply is skipped with the capability
 * or profile rule it lacks; an accepted deviation is skipped with its baseline line and reason; a new deviation fails
 * with the full explanation and ladder; a baseline entry that no longer deviates fails, naming the line to remove.
 * The conformance base classes of the {@code specs} module build their tests with this.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> mustRules() {
 *     return ConformanceTests.of(assessment, Set.of(Strength.MUST));
 * }
 * }</pre>
 */
public final class ConformanceTests {
    private ConformanceTests() {
    }

    /**
     * Tests for the results whose spec has one of {@code strengths}, grouped by rule family in catalog order; the
     * results of one spec in several roles stand together.
     */
    public static Stream<DynamicNode> of(Assessment assessment, Set<Strength> strengths) {
        Map<String, Map<String, List<DynamicNode>>> byFamily = new LinkedHashMap<>();
        for (Assessment.Assessed a : assessment.results()) {
            Spec spec = a.result().spec();
            if (!strengths.contains(spec.strength())) continue;
            byFamily.computeIfAbsent(spec.family(), f -> new LinkedHashMap<>())
                    .computeIfAbsent(spec.id(), id -> new ArrayList<>()).add(test(a));
        }
        return byFamily.entrySet().stream().map(e -> DynamicContainer.dynamicContainer(e.getKey(),
                e.getValue().values().stream().flatMap(List::stream)));
    }

    /** The test for one assessed result, named e.g. {@code TW-2 as client: the active closer holds ...}. */
    public static DynamicTest test(Assessment.Assessed a) {
        Spec spec = a.result().spec();
        String name = spec.id() + (a.role() == null ? "" : " as " + a.role().label()) + ": " + spec.title();
        return DynamicTest.dynamicTest(name, URI.create("tcpspec:spec/" + spec.id()), () -> verify(a));
    }

    private static void verify(Assessment.Assessed a) {
        String who = a.result().id() + (a.role() == null ? "" : " as " + a.role().label()) + ": ";
        switch (a.status()) {
            case PASS -> {
            }
            case NOT_APPLICABLE, ACCEPTED, PARTIAL -> throw new TestAbortedException(who + a.describe());
            case NEW_DEVIATION -> throw new AssertionFailedError(a.result().explain(), a.result().error());
            case FIXED -> throw new AssertionFailedError(who + a.describe());
        }
    }
}
