package dev.tcpspec.benchmarks;

import dev.tcpspec.run.SuiteRun;
import dev.tcpspec.reports.HtmlReport;
import dev.tcpspec.reports.JsonReport;
import dev.tcpspec.reports.Report;
import dev.tcpspec.reports.ReportFiles;
import dev.tcpspec.reports.ReportFormat;
import dev.tcpspec.reports.ReportRun;
import dev.tcpspec.run.RunResult;
import dev.tcpspec.sim.Mutant;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The time to render the report of a whole-catalog run (the no-time-wait mutant, so that some specs fail and carry
 * ladders and captures; its TW-10 trace has 850,000 events and goes to a side file), per format and for all of them,
 * keeping the traces of failures only or of every spec: what {@code tcpspec run --out} adds to a CI job, and what
 * reading it back costs {@code tcpspec merge}.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ReportBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReportBenchmark {
    @Param({"failing", "all"})
    public String traces;

    private Report report;
    private Path written;
    private Path scratch;

    @Setup
    public void setUp() throws IOException {
        RunResult run = SuiteRun.of(Catalog.all(), Stacks.simulated(Mutant.NO_TIME_WAIT)).withMutant("no-time-wait").run();
        report = Report.of(ReportRun.of(run, traces.equals("all")));
        written = Files.createTempDirectory("tcpspec-report-bench");
        ReportFiles.write(report, written, ReportFormat.ALL);
        scratch = Files.createTempDirectory("tcpspec-report-bench");
    }

    @TearDown
    public void tearDown() throws IOException {
        for (Path dir : List.of(written, scratch)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }

    @Benchmark
    public String html() {
        return HtmlReport.toHtml(report);
    }

    /** The text of report.json as a report directory has it (long traces named, not inlined). */
    @Benchmark
    public String json() {
        return JsonReport.toText(report, (run, r) -> ReportFiles.traceFile(report, run, r));
    }

    /** What {@code merge} does with each input: report.json read back, side files included. */
    @Benchmark
    public Report readDirectory() throws IOException {
        return ReportFiles.read(written);
    }

    /** What {@code run --out} does: every format rendered and written to disk, captures and side files included. */
    @Benchmark
    public List<Path> writeDirectory() throws IOException {
        return ReportFiles.write(report, scratch, ReportFormat.ALL);
    }
}
