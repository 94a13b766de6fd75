package dev.tcpspec.specs;

import dev.tcpspec.dsl.Spec;
import dev.tcpspec.run.SpecSuite;

import java.util.ArrayList;
import java.util.List;

/**
 * The rule catalog of RULES.md as executable specs, in catalog order.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> catalog() {
 *     return Catalog.all().against(Stacks.simulated()).asTests();
 * }
 * }</pre>
 */
public final class Catalog {
    private Catalog() {
    }

    /** Every spec. */
    public static SpecSuite all() {
        List<Spec> specs = new ArrayList<>();
        specs.addAll(OrderlyCloseSpecs.all());
        specs.addAll(TimeWaitSpecs.all());
        specs.addAll(CloseWaitSpecs.all());
        specs.addAll(LingerSpecs.all());
        return SpecSuite.of(specs);
    }
}
