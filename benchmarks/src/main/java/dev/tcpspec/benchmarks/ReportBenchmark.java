package dev.tcpspec.benchmarks;

import dev.tcpspec.reports.HtmlReport;
import dev.tcpspec.reports.JUnitXmlReport;
import dev.tcpspec.reports.JsonReport;
import dev.tcpspec.reports.MarkdownSummary;
import dev.tcpspec.reports.Pcap;
import dev.tcpspec.reports.Report;
import dev.tcpspec.reports.ReportResult;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The time to render the report of a whole-catalog run (the no-time-wait mutant, so that some specs fail and carry
 * ladders and captures), per format and for all of them, keeping the traces of failures only or of every spec: what
 * {@code tcpspec run --out} adds to a CI job, and what reading it back costs {@code tcpspec merge}.
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
    private String json;

    @Setup
    public void setUp() {
        RunResult run = Catalog.all().against(Stacks.simulated(Mutant.NO_TIME_WAIT)).withMutant("no-time-wait").run();
        report = Report.of(ReportRun.of(run, traces.equals("all")));
        json = JsonReport.toText(report);
    }

    @Benchmark
    public String html() {
        return HtmlReport.toHtml(report);
    }

    @Benchmark
    public String json() {
        return JsonReport.toText(report);
    }

    @Benchmark
    public Report readJson() {
        return JsonReport.fromText(json);
    }

    @Benchmark
    public int everyFormat() {
        int bytes = HtmlReport.toHtml(report).length() + JsonReport.toText(report).length()
                + JUnitXmlReport.toXml(report).length() + MarkdownSummary.toMarkdown(report).length();
        for (ReportResult r : report.results()) {
            if (r.trace() != null) bytes += Pcap.of(r.trace()).length;
        }
        return bytes;
    }
}
