package dev.tcpspec.dsl;

import java.time.Duration;

/**
 * What profile durations resolve against: the profile a run uses and the timing tolerance of the stack
 * (zero on virtual time; timer-wheel slack plus polling on a real kernel).
 *
 * <pre>{@code
 * Timing t = new Timing(Profile.linux(), Duration.ofMillis(2500));
 * }</pre>
 */
public record Timing(Profile profile, Duration tolerance) {
}
