package dev.tcpspec.benchmarks;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.run.SpecRunner;
import dev.tcpspec.sim.Stacks;
import dev.tcpspec.specs.Catalog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The port-exhaustion spec TW-10 under the linux profile: 28,233 connections, one a millisecond, each closed first by
 * the client, until connect() fails EADDRNOTAVAIL, then judged (about 875,000 trace events). The fork runs in a 256 MB
 * heap ({@code -Xmx256m}), so a result at all shows the scenario fits; {@code -prof gc} adds the allocation per run.
 * {@code TW-10.reuse} is the same load with tcp_tw_reuse relieving it.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ExhaustionBenchmark -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m", "-Xms256m"})
public class ExhaustionBenchmark {
    @Param({"TW-10", "TW-10.reuse"})
    public String spec;

    private Spec target;

    @Setup
    public void setUp() {
        target = Catalog.all().get(spec);
    }

    @Benchmark
    public SpecResult exhaustion() {
        SpecResult r = SpecRunner.run(target, Stacks.simulated(), RunOptions.defaults().withProfile(Profile.linux()));
        if (r.verdict() != Verdict.PASS) throw new IllegalStateException(r.explain());
        return r;
    }
}
