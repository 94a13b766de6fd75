package dev.tcpspec.explore;

import dev.tcpspec.dsl.FaultSpace;
import dev.tcpspec.dsl.Spec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The entry point of property-based fault exploration: take a spec whose expectations must hold whatever the wire
 * does (a property), let the engine try loss, duplication, delay and reordering on the segments the scenario
 * actually sends, and get back either a pass with statistics or a failure shrunk to a minimal fault schedule.
 *
 * <pre>{@code
 * import static dev.tcpspec.explore.Explore.faults;
 *
 * @TestFactory
 * Stream<DynamicNode> lossy() {
 *     return ExplorationTests.of(Explore.spec(activeCloserHoldsTimeWait).against(Stacks.simulated())
 *             .under(faults().maxFaults(3)).tries(2_000));   // ExplorationTests: tcpspec-junit5
 * }
 * }</pre>
 *
 * <p>The engine knows TCP: it learns the segments to aim at from a fault-free run (and from every later run, so a
 * retransmission caused by one fault can be struck by another), it bounds delays by the profile's MSL and favours the
 * delays that matter (around the RTO, and MSL), and it shrinks towards schedules a person can read: fewer faults,
 * drops before duplicates before delays before reorderings, first occurrences, shortest delays.
 */
public final class Explore {
    /** System property overriding the seed in tests: {@code -Dtcpspec.seed=42}. */
    public static final String SEED_PROPERTY = "tcpspec.seed";
    /** System property overriding the number of tries in tests: {@code -Dtcpspec.tries=100000}. */
    public static final String TRIES_PROPERTY = "tcpspec.tries";
    /** System property overriding the maximum number of faults per schedule in tests: {@code -Dtcpspec.maxFaults=4}. */
    public static final String MAX_FAULTS_PROPERTY = "tcpspec.maxFaults";

    private Explore() {
    }

    /** An exploration of one property; say where with {@code against(stack)}. */
    public static Exploration spec(Spec property) {
        return Exploration.of(property);
    }

    /** Explorations of several properties with the same settings. */
    public static ExplorationSuite specs(Collection<Spec> properties) {
        List<Exploration> all = new ArrayList<>();
        for (Spec s : properties) all.add(Exploration.of(s));
        return new ExplorationSuite(all);
    }

    /** The default fault space: up to 3 faults of every type, delays up to MSL, on any segment. */
    public static FaultSpace faults() {
        return FaultSpace.defaults();
    }
}
