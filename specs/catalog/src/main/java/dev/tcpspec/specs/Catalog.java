package dev.tcpspec.specs;

import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.SpecSuite;

import java.util.ArrayList;
import java.util.List;

/**
 * The rule catalog of RULES.md as executable specs, in the order of its sections (A handshake facts ... K RST and
 * segment validation). One class per section; a rule with several observable parts has several specs, the extra
 * ones named {@code RULE.part} (e.g. {@code TW-9.reuse}).
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> catalog() {
 *     return SpecTests.of(Catalog.all(), Stacks.simulated());   // tcpspec-junit5, tcpspec-sim
 * }
 * }</pre>
 */
public final class Catalog {
    private Catalog() {
    }

    /** Every spec. */
    public static SpecSuite all() {
        List<Spec> specs = new ArrayList<>();
        specs.addAll(HandshakeSpecs.all());
        specs.addAll(OrderlyCloseSpecs.all());
        specs.addAll(SimultaneousCloseSpecs.all());
        specs.addAll(HalfCloseSpecs.all());
        specs.addAll(TimeWaitSpecs.all());
        specs.addAll(CloseWaitSpecs.all());
        specs.addAll(LingerSpecs.all());
        specs.addAll(PortReuseSpecs.all());
        specs.addAll(KeepAliveSpecs.all());
        specs.addAll(SequenceSpecs.all());
        specs.addAll(ResetSpecs.all());
        return SpecSuite.of(specs);
    }
}
