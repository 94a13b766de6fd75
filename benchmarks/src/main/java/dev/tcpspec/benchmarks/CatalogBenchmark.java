package dev.tcpspec.benchmarks;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.RunResult;
import dev.tcpspec.run.SuiteRun;
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
 * The time to run the whole catalog against the reference stack, per profile: what a CI job pays for the main job.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar CatalogBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CatalogBenchmark {
    @Param({"rfc9293", "linux"})
    public String profile;

    private SuiteRun run;

    @Setup
    public void setUp() {
        run = SuiteRun.of(Catalog.all(), Stacks.simulated()).with(RunOptions.defaults().withProfile(Profile.named(profile)));
    }

    @Benchmark
    public RunResult wholeCatalog() {
        RunResult r = run.run();
        if (r.exitCode() != 0) throw new IllegalStateException("the catalog must pass: " + r.summaryLine());
        return r;
    }
}
