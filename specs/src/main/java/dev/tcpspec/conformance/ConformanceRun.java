package dev.tcpspec.conformance;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.run.Assessment;
import dev.tcpspec.run.KnownDeviations;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.RunResult;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.run.SpecSuite;

import java.util.ArrayList;
import java.util.List;

/**
 * The catalog (or part of it) run against every placement of one stack and judged against a known-deviations
 * baseline: what the conformance base classes and {@code tcpspec run} report.
 *
 * <pre>{@code
 * ConformanceRun run = ConformanceRun.execute("toytcp", Catalog.all(),
 *         Placement.of(new ToyTcpStack(), EnumSet.allOf(Side.class)), Profile.rfc9293(), 1, null, baseline,
 *         (placement, result) -> System.out.println(result.verdict() + " " + result.id()));
 * run.assessment().exitCode();
 * }</pre>
 *
 * @param result     every result, placement after placement, labelled with the stack's own name
 * @param assessment the same results judged against the baseline
 */
public record ConformanceRun(RunResult result, Assessment assessment) {
    /** Told about each result as it comes (from one thread at a time). */
    @FunctionalInterface
    public interface Progress {
        void done(Placement placement, SpecResult result);
    }

    /**
     * Runs {@code suite} on each placement in turn (specs of one placement run in parallel as far as its adapter
     * prefers), telling {@code progress} about each result as it comes.
     *
     * @param profile the profile, or null for the first placement's default
     * @param mutant  the planted deviation the stack carries, for reports; null for none
     */
    public static ConformanceRun execute(String stackName, SpecSuite suite, List<Placement> placements, Profile profile,
                                         long seed, String mutant, KnownDeviations baseline, Progress progress) {
        Profile chosen = profile != null ? profile : placements.get(0).adapter().defaultProfile();
        List<SpecResult> all = new ArrayList<>();
        List<KnownDeviations.Placed> placed = new ArrayList<>();
        for (Placement p : placements) {
            RunOptions options = RunOptions.defaults().withProfile(chosen).withSeed(seed)
                    .withParallelism(p.adapter().preferredParallelism());
            RunResult r = suite.against(p.adapter()).with(options).run(result -> progress.done(p, result));
            for (SpecResult s : r.results()) {
                all.add(s);
                placed.add(new KnownDeviations.Placed(s, p.role()));
            }
        }
        RunResult result = new RunResult(stackName, chosen.name(), mutant, seed, all);
        return new ConformanceRun(result, baseline.assess(placed));
    }
}
