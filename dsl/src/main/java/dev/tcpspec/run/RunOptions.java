package dev.tcpspec.run;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.wire.FaultSchedule;

import java.time.Duration;

/**
 * How to run specs: the profile (null for the stack's default), the seed, extra faults (the property engine's
 * schedule, added to the spec's own), and how long an adapter may take before the run is declared an ERROR.
 *
 * <pre>{@code
 * RunOptions o = RunOptions.defaults().withProfile(Profile.linux()).withSeed(42);
 * }</pre>
 */
public record RunOptions(Profile profile, long seed, FaultSchedule extraFaults, Duration timeout) {
    /** The default seed: runs are deterministic unless a seed is given. */
    public static final long DEFAULT_SEED = 1;
    /** The default time an adapter may take for one spec. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public RunOptions {
        if (extraFaults == null) extraFaults = FaultSchedule.NONE;
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the per-spec timeout must be positive, not " + timeout);
        }
    }

    /** Stack's default profile, seed 1, no extra faults, 60 s per spec. */
    public static RunOptions defaults() {
        return new RunOptions(null, DEFAULT_SEED, FaultSchedule.NONE, DEFAULT_TIMEOUT);
    }

    public RunOptions withProfile(Profile p) {
        return new RunOptions(p, seed, extraFaults, timeout);
    }

    public RunOptions withSeed(long s) {
        return new RunOptions(profile, s, extraFaults, timeout);
    }

    public RunOptions withExtraFaults(FaultSchedule f) {
        return new RunOptions(profile, seed, f, timeout);
    }

    public RunOptions withTimeout(Duration t) {
        return new RunOptions(profile, seed, extraFaults, t);
    }
}
