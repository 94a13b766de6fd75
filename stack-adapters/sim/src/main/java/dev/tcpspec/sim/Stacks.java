package dev.tcpspec.sim;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

/**
 * Factories for the simulated reference stack.
 *
 * <pre>{@code
 * Catalog.all().against(Stacks.simulated()).run();
 * spec.runOn(Stacks.simulated(Mutant.SHORT_TIME_WAIT));   // must FAIL
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
}
