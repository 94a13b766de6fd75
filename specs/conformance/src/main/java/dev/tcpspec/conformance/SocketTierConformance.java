package dev.tcpspec.conformance;

import dev.tcpspec.spi.StackAdapter;

import java.util.List;

/**
 * The JUnit 5 base class that validates a {@linkplain StackAdapter socket-tier} stack (a black box driven through
 * socket calls in real time) against the whole catalog: extend it, return the adapter, and every spec appears as a
 * test, grouped by strength and rule family. Specs that need what the adapter cannot do (observe segments, inject
 * faults, run on virtual time) are skipped, naming the capability.
 *
 * <pre>{@code
 * class MyKernelConformanceTest extends SocketTierConformance {
 *     @Override protected StackAdapter stack() { return new MyKernelAdapter(); }
 *     @Override protected Profile profile() { return Profile.linux(); }
 * }
 * }</pre>
 */
public abstract class SocketTierConformance extends Conformance {
    /** The adapter of the stack under test. */
    protected abstract StackAdapter stack();

    @Override
    protected String stackName() {
        return stack().name();
    }

    @Override
    protected final List<Placement> placements() {
        return List.of(Placement.of(stack()));
    }
}
