package dev.tcpspec.conformance;

import dev.tcpspec.run.SuiteRun;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.reports.Report;
import dev.tcpspec.reports.ReportResult;
import dev.tcpspec.reports.ReportRun;
import dev.tcpspec.run.Assessment;
import dev.tcpspec.run.KnownDeviations;
import dev.tcpspec.run.RunListener;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.RunResult;
import dev.tcpspec.dsl.Shard;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.dsl.SpecSuite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The catalog (or part of it) run against every placement of one stack and judged against a known-deviations
 * baseline: what the conformance base classes and {@code tcpspec run} report.
 *
 * <pre>{@code
 * ConformanceRun run = ConformanceRun.execute("toytcp", Catalog.all(),
 *         Placement.of(new ToyTcpStack(), EnumSet.allOf(Side.class)), Profile.rfc9293(), 1, null, baseline,
 *         RunListener.ofResults(r -> System.out.println(r.verdict() + " " + r.id())));
 * run.assessment().exitCode();
 * ReportFiles.write(run.report(false), Path.of("out"), ReportFormat.ALL);
 * }</pre>
 *
 * @param stack      the stack's own name, e.g. {@code toytcp}
 * @param runs       one run per placement, in order; each named after its placement ({@code toytcp as client})
 * @param assessment every result, placement after placement, judged against the baseline
 */
public record ConformanceRun(String stack, List<RunResult> runs, Assessment assessment) {
    public ConformanceRun {
        runs = List.copyOf(runs);
    }

    /**
     * Runs {@code suite} on each placement (specs of one placement run in parallel as far as its adapter prefers; the
     * placements of a stack on real time run side by side, others in turn), telling {@code listener} about each spec
     * as it starts and ends.
     *
     * @param profile the profile, or null for the first placement's default
     * @param mutant  the planted deviation the stack carries, for reports; null for none
     */
    public static ConformanceRun execute(String stackName, SpecSuite suite, List<Placement> placements, Profile profile,
                                         long seed, String mutant, KnownDeviations baseline, RunListener listener) {
        Profile chosen = profile != null ? profile : placements.get(0).adapter().defaultProfile();
        List<RunResult> runs = new ArrayList<>();
        List<java.util.concurrent.CompletableFuture<RunResult>> running = new ArrayList<>();
        for (Placement p : placements) {
            RunOptions options = RunOptions.defaults().withProfile(chosen).withSeed(seed)
                    .withParallelism(p.adapter().preferredParallelism());
            java.util.function.Supplier<RunResult> run =
                    () -> SuiteRun.of(suite, p.adapter()).with(options).withMutant(mutant).run(listener);
            // placements on real time (a kernel as client and as server) wait on real timers: run them side by side;
            // those on virtual time are CPU-bound and deterministic: one after the other
            if (p.adapter().preferredParallelism() > 1 && placements.size() > 1) {
                running.add(java.util.concurrent.CompletableFuture.supplyAsync(run, r -> {
                    Thread t = new Thread(r, "tcpspec-placement-" + p.adapter().name());
                    t.setDaemon(true);
                    t.start();
                }));
            } else {
                running.add(java.util.concurrent.CompletableFuture.completedFuture(run.get()));
            }
        }
        List<KnownDeviations.Placed> placed = new ArrayList<>();
        for (int i = 0; i < placements.size(); i++) {
            RunResult r = running.get(i).join();
            runs.add(r);
            for (SpecResult s : r.results()) placed.add(new KnownDeviations.Placed(s, placements.get(i).role()));
        }
        return new ConformanceRun(stackName, runs, baseline.assess(placed));
    }

    /** Every result of every placement as one run under the stack's own name, for summaries. */
    public RunResult combined() {
        List<SpecResult> all = new ArrayList<>();
        runs.forEach(r -> all.addAll(r.results()));
        RunResult first = runs.get(0);
        return new RunResult(stack, first.profile(), first.mutant(), first.seed(), all);
    }

    /** The report: a column per placement, each result marked with its standing against the baseline. */
    public Report report(boolean keepAllTraces) {
        return report(null, null, keepAllTraces);
    }

    /**
     * The report of a sharded run: {@code whole} is the suite before sharding, {@code shard} the slice this run
     * covered (both null for a whole run).
     */
    public Report report(SpecSuite whole, Shard shard, boolean keepAllTraces) {
        List<ReportRun> columns = new ArrayList<>();
        int next = 0;
        for (RunResult run : runs) {
            ReportRun column = shard == null ? ReportRun.of(run, keepAllTraces)
                    : ReportRun.of(run, whole, shard, keepAllTraces);
            if (!assessment.baseline().isEmpty()) {
                List<ReportResult> marked = new ArrayList<>();
                for (ReportResult r : column.results()) {
                    marked.add(r.withBaseline(mark(assessment.results().get(next++).status())));
                }
                column = column.with(marked, column.shard(), column.warnings());
            }
            columns.add(column);
        }
        return new Report(columns);
    }

    /** The words the reports use for a standing: accepted, new, fixed, or none for a plain pass or N/A. */
    private static String mark(Assessment.Status status) {
        return switch (status) {
            case ACCEPTED, FIXED -> status.name().toLowerCase(Locale.ROOT);
            case NEW_DEVIATION -> "new";
            case PASS, PARTIAL, NOT_APPLICABLE -> null;
        };
    }
}
