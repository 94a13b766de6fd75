package dev.tcpspec.sim;

import dev.tcpspec.spi.SegmentStack;
import dev.tcpspec.trace.Side;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

/**
 * Factories for the simulated reference stack.
 *
 * <pre>{@code
 * SuiteRun.of(Catalog.all(), Stacks.simulated()).run();
 * SpecRunner.run(spec, Stacks.simulated(Mutant.SHORT_TIME_WAIT));   // must FAIL
 * SpecRunner.run(spec, Stacks.hosted(new MyStack(), Side.SERVER));  // a segment-tier stack as server, the reference as client
 * }</pre>
 */
public final class Stacks {
    private Stacks() {
    }

    /** The reference stack, with a 1 ms wire. */
    public static SimulatedStack simulated() {
        return new SimulatedStack(EnumSet.noneOf(Mutant.class), SimulatedStack.DEFAULT_LATENCY);
    }

    /** The reference stack carrying planted deviations. */
    public static SimulatedStack simulated(Mutant... mutants) {
        return new SimulatedStack(mutants.length == 0 ? EnumSet.noneOf(Mutant.class) : EnumSet.copyOf(List.of(mutants)),
                SimulatedStack.DEFAULT_LATENCY);
    }

    /** The reference stack with another one-way wire latency. */
    public static SimulatedStack simulated(Duration latency) {
        if (latency.isNegative()) throw new IllegalArgumentException("latency cannot be negative: " + latency);
        return new SimulatedStack(EnumSet.noneOf(Mutant.class), latency);
    }

    /**
     * A user's segment-tier stack hosted on the simulated wire in {@code role} (the end that connects, or the end
     * that listens), with the reference stack at the other end.
     */
    public static HostedStack hosted(SegmentStack stack, Side role) {
        return new HostedStack(stack, role, SimulatedStack.DEFAULT_LATENCY);
    }

    /** A segment-tier stack in both roles: as client, then as server. Each spec should pass in both. */
    public static List<HostedStack> hostedInEveryRole(SegmentStack stack) {
        return HostedStack.inEveryRole(stack, SimulatedStack.DEFAULT_LATENCY);
    }
}
