package dev.tcpspec.run;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.wire.FaultSchedule;

import java.time.Duration;

/**
 * How to run specs: the profile (null for the stack's default), the seed, extra faults (the property engine's
 * schedule, added to the spec's own), how long an adapter may take before the run is declared an ERROR, and how many
 * specs of a suite may run at once (real-socket specs that wait on kernel timers gain from running in parallel).
 *
 * <pre>{@code
 * RunOptions o = RunOptions.defaults().withProfile(Profile.linux()).withSeed(42);
 * }</pre>
 */
public record RunOptions(Profile profile, long seed, FaultSchedule extraFaults, Duration timeout, int parallelism) {
    /** The default seed: runs are deterministic unless a seed is given. */
    public static final long DEFAULT_SEED = 1;
    /** The default time an adapter may take for one spec. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public RunOptions {
        if (extraFaults == null) extraFaults = FaultSchedule.NONE;
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the per-spec timeout must be positive, not " + timeout);
        }
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
    }

    /** Stack's default profile, seed 1, no extra faults, 60 s per spec, one spec at a time. */
    public static RunOptions defaults() {
        return new RunOptions(null, DEFAULT_SEED, FaultSchedule.NONE, DEFAULT_TIMEOUT, 1);
    }

    public RunOptions withProfile(Profile p) {
        return new RunOptions(p, seed, extraFaults, timeout, parallelism);
    }

    public RunOptions withSeed(long s) {
        return new RunOptions(profile, s, extraFaults, timeout, parallelism);
    }

    public RunOptions withExtraFaults(FaultSchedule f) {
        return new RunOptions(profile, seed, f, timeout, parallelism);
    }

    public RunOptions withTimeout(Duration t) {
        return new RunOptions(profile, seed, extraFaults, t, parallelism);
    }

    /** Run up to {@code n} specs of a suite at once; results keep the suite's order. */
    public RunOptions withParallelism(int n) {
        return new RunOptions(profile, seed, extraFaults, timeout, n);
    }
}
