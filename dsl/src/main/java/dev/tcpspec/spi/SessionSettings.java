package dev.tcpspec.spi;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.trace.TraceRecorder;
import dev.tcpspec.wire.FaultSchedule;

/**
 * What a stack adapter needs to open a session for one run of one spec.
 *
 * @param profile  the profile the run holds the stack to
 * @param seed     the seed for every random choice the stack makes (ISNs, ...): same seed, same trace
 * @param faults   faults the wire must inject (only with {@code FAULT_INJECTION})
 * @param recorder where the adapter records the segments, state changes and timers it observes
 */
public record SessionSettings(Profile profile, long seed, FaultSchedule faults, TraceRecorder recorder) {
}
