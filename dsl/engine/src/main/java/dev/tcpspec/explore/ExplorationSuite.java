package dev.tcpspec.explore;

import dev.tcpspec.dsl.FaultSpace;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.spi.StackAdapter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Several explorations with the same settings: each property explored on its own, in order.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> properties() {
 *     return ExplorationTests.of(Explore.specs(LifecycleProperties.all()).against(Stacks.simulated()).tries(500));
 * }
 * }</pre>
 */
public final class ExplorationSuite {
    private final List<Exploration> explorations;

    ExplorationSuite(List<Exploration> explorations) {
        this.explorations = List.copyOf(explorations);
    }

    private ExplorationSuite map(UnaryOperator<Exploration> f) {
        List<Exploration> out = new ArrayList<>();
        for (Exploration e : explorations) out.add(f.apply(e));
        return new ExplorationSuite(out);
    }

    public ExplorationSuite against(StackAdapter stack) {
        return map(e -> e.against(stack));
    }

    public ExplorationSuite under(FaultSpace space) {
        return map(e -> e.under(space));
    }

    public ExplorationSuite tries(int n) {
        return map(e -> e.tries(n));
    }

    public ExplorationSuite seed(long s) {
        return map(e -> e.seed(s));
    }

    public ExplorationSuite withProfile(Profile p) {
        return map(e -> e.withProfile(p));
    }

    public ExplorationSuite exhaustive() {
        return map(Exploration::exhaustive);
    }

    public List<Exploration> explorations() {
        return explorations;
    }

    /** Explores each property in turn. */
    public List<ExplorationResult> run() {
        List<ExplorationResult> out = new ArrayList<>();
        for (Exploration e : explorations) out.add(e.run());
        return out;
    }
}
