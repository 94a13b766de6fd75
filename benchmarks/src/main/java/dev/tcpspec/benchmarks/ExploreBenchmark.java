package dev.tcpspec.benchmarks;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.explore.Explore;
import dev.tcpspec.explore.Exploration;
import dev.tcpspec.explore.ExplorationResult;
import dev.tcpspec.explore.Shrinker;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.sim.Mutant;
import dev.tcpspec.sim.Stacks;
import dev.tcpspec.specs.properties.LifecycleProperties;
import dev.tcpspec.wire.FaultSchedule;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The property engine's speed: tries per second of the orderly-close property (PR-1) on the reference stack, random
 * schedules of up to 3 faults, and the time to shrink a planted failure (the 3-fault schedule an exploration of
 * PR-6 first finds against {@code no-reack-in-time-wait}, and the 3-fault schedule of PR-8 against
 * {@code no-time-wait}, whose 4 s delay is bisected to the millisecond). One thread; pin it to one core with taskset.
 *
 * <pre>taskset -c 0 java -jar benchmarks/target/benchmarks.jar ExploreBenchmark</pre>
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ExploreBenchmark {
    /** Tries per exploration in the throughput benchmark. */
    static final int TRIES = 2_000;

    @Param({"rfc9293", "linux"})
    public String profile;

    private Exploration orderlyClose;
    private Planted reack;
    private Planted lateDuplicate;

    /** A failing schedule found by exploring, and what it takes to shrink it. */
    record Planted(Shrinker shrinker, FaultSchedule schedule, SpecResult failure) {
        Shrinker.Shrunk shrink() {
            Shrinker.Shrunk s = shrinker.shrink(schedule, failure);
            if (s.result().verdict() != Verdict.FAIL) throw new IllegalStateException("shrinking lost the failure");
            return s;
        }
    }

    @Setup
    public void setUp() {
        Profile p = Profile.named(profile);
        orderlyClose = Explore.spec(LifecycleProperties.PR_1).against(Stacks.simulated()).withProfile(p)
                .tries(TRIES);
        reack = planted(Explore.spec(LifecycleProperties.PR_6).against(Stacks.simulated(Mutant.NO_REACK_IN_TIME_WAIT))
                .withProfile(p).tries(2_000));
        lateDuplicate = planted(Explore.spec(LifecycleProperties.PR_8).against(Stacks.simulated(Mutant.NO_TIME_WAIT))
                .withProfile(Profile.rfc9293()).under(LifecycleProperties.faultsFor(LifecycleProperties.PR_8))
                .tries(3_000));
    }

    private static Planted planted(Exploration e) {
        ExplorationResult r = e.run();
        if (r.counterexample() == null) throw new IllegalStateException("no planted failure found: " + r.summaryLine());
        return new Planted(e.shrinker(), r.counterexample().original(), r.counterexample().originalResult());
    }

    /** Throughput: each operation is one try (a run of PR-1 under a random schedule, judged and counted). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(TRIES)
    public ExplorationResult orderlyCloseTries() {
        ExplorationResult r = orderlyClose.run();
        if (r.verdict() != Verdict.PASS) throw new IllegalStateException("PR-1 must hold: " + r.summaryLine());
        return r;
    }

    /** Shrinking PR-6's first failure against no-reack-in-time-wait to [drop ack-of-fin #1 from client]. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Shrinker.Shrunk shrinkMissingReAck() {
        return reack.shrink();
    }

    /** Shrinking PR-8's first failure against no-time-wait, bisecting the delay to 2.002 s. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Shrinker.Shrunk shrinkLateDuplicate() {
        return lateDuplicate.shrink();
    }
}
