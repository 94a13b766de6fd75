package dev.tcpspec.sim;

import dev.tcpspec.dsl.Capabilities;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.spi.StackAdapter;
import dev.tcpspec.spi.StackSession;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The reference stack as a stack adapter: a TCP implementation on a discrete-event virtual clock, two hosts joined
 * by a simulated wire. It has every capability (states, segments, virtual time, fault injection, chosen ISS, crash
 * and reboot, shared handles) and zero timing tolerance. It may carry {@link Mutant}s, planted deviations that the
 * catalog must catch.
 *
 * <pre>{@code
 * StackAdapter reference = Stacks.simulated();
 * StackAdapter broken = Stacks.simulated(Mutant.NO_TIME_WAIT);
 * }</pre>
 */
public final class SimulatedStack implements StackAdapter {
    /** One-way latency of the simulated wire. */
    public static final Duration DEFAULT_LATENCY = Duration.ofMillis(1);

    private final Set<Mutant> mutants;
    private final Duration latency;

    SimulatedStack(Set<Mutant> mutants, Duration latency) {
        this.mutants = mutants.isEmpty() ? EnumSet.noneOf(Mutant.class) : EnumSet.copyOf(mutants);
        this.latency = latency;
    }

    /** The planted deviations this stack carries (none for the reference). */
    public Set<Mutant> mutants() {
        return EnumSet.copyOf(mutants.isEmpty() ? EnumSet.noneOf(Mutant.class) : mutants);
    }

    @Override
    public String name() {
        return "sim";
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.all();
    }

    @Override
    public Duration tolerance() {
        return Duration.ZERO;
    }

    @Override
    public Profile defaultProfile() {
        return Profile.rfc9293();
    }

    @Override
    public StackSession open(SessionSettings settings) {
        return new SimSession(settings, mutants, latency.toNanos());
    }

    @Override
    public String toString() {
        return mutants.isEmpty() ? "sim" : "sim with " + mutants;
    }
}
