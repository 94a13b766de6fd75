package dev.tcpspec.conformance;

import dev.tcpspec.spi.SegmentStack;
import dev.tcpspec.trace.Side;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The JUnit 5 base class that validates a {@linkplain SegmentStack segment-tier} stack against the whole catalog:
 * extend it, return the stack, and every spec appears as a test, once with the stack as client (the reference stack
 * serving) and once as server (the reference stack connecting), grouped by strength and rule family. Segments cross
 * tcpspec's simulated wire, so the specs' faults strike the stack's traffic, and timing is exact.
 *
 * <pre>{@code
 * class MyStackConformanceTest extends SegmentTierConformance {
 *     @Override protected SegmentStack stack() { return new MyStack(); }
 *     @Override protected Path knownDeviations() { return Path.of("src/test/resources/known-deviations.txt"); }
 * }
 * }</pre>
 *
 * <p>The only dependency this needs is {@code dev.tcpspec:tcpspec-conformance} in test scope: it brings these base
 * classes, the catalog, the SPI, the reference stack and the report writers (not the command line).
 */
public abstract class SegmentTierConformance extends Conformance {
    /** The stack under test (a fresh one or a shared one: tcpspec asks it for a new host per run and side). */
    protected abstract SegmentStack stack();

    /**
     * The roles the stack plays: both by default. A stack that cannot listen (a client-only embedded stack, say)
     * returns {@code EnumSet.of(Side.CLIENT)}; the summary then covers only that role.
     */
    protected Set<Side> roles() {
        return EnumSet.allOf(Side.class);
    }

    @Override
    protected String stackName() {
        return stack().name();
    }

    @Override
    protected final List<Placement> placements() {
        return Placement.of(stack(), roles());
    }
}
