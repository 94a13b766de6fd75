package dev.tcpspec.junit;

import dev.tcpspec.explore.Exploration;
import dev.tcpspec.explore.ExplorationSuite;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

import java.net.URI;
import java.util.stream.Stream;

/**
 * Turns explorations of the property engine into JUnit dynamic tests (JUnit 5.14 or JUnit 6): one test per property.
 * A test explores when it runs, with the system properties {@code tcpspec.seed}, {@code tcpspec.tries} and
 * {@code tcpspec.maxFaults} applied (so CI can explore longer without a code change), and fails with the shrunk
 * counterexample and its ladder diagram when a fault schedule breaks the property.
 *
 * <pre>{@code
 * import static dev.tcpspec.explore.Explore.faults;
 *
 * @TestFactory
 * Stream<DynamicNode> closeUnderFaults() {
 *     return ExplorationTests.of(Explore.spec(LifecycleProperties.PR_1).against(Stacks.simulated())
 *             .under(faults().maxFaults(3)).tries(2_000));
 * }
 * }</pre>
 */
public final class ExplorationTests {
    private ExplorationTests() {
    }

    /** The exploration as one dynamic test, for a {@code @TestFactory}. */
    public static Stream<DynamicNode> of(Exploration exploration) {
        return Stream.of(test(exploration));
    }

    /** One dynamic test per property of the suite. */
    public static Stream<DynamicNode> of(ExplorationSuite suite) {
        return suite.explorations().stream().map(ExplorationTests::test);
    }

    /** The dynamic test of one exploration, named after the spec, the tries and the fault bound. */
    public static DynamicTest test(Exploration exploration) {
        return DynamicTest.dynamicTest(exploration.displayName(),
                URI.create("tcpspec:explore/" + exploration.spec().id()), exploration::assertHolds);
    }
}
