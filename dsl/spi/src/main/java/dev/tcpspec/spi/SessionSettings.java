package dev.tcpspec.spi;

import dev.tcpspec.dsl.Capability;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.trace.TraceRecorder;
import dev.tcpspec.wire.FaultSchedule;

import java.util.Set;

/**
 * What a stack adapter needs to open a session for one run of one spec.
 *
 * @param profile  the profile the run holds the stack to
 * @param seed     the seed for every random choice the stack makes (ISNs, ...): same seed, same trace
 * @param faults   faults the wire must inject (only with {@code FAULT_INJECTION})
 * @param recorder where the adapter records the segments, state changes and timers it observes
 * @param needs    the capabilities the spec being run needs (an adapter may prepare differently for them: a real
 *                 kernel's adapter puts a spec that crashes a host into a network namespace of its own)
 */
public record SessionSettings(Profile profile, long seed, FaultSchedule faults, TraceRecorder recorder,
                              Set<Capability> needs) {
    public SessionSettings {
        needs = needs == null ? Set.of() : Set.copyOf(needs);
    }

    /** Settings that say nothing of what the spec needs. */
    public SessionSettings(Profile profile, long seed, FaultSchedule faults, TraceRecorder recorder) {
        this(profile, seed, faults, recorder, Set.of());
    }
}
