package dev.tcpspec.reports;

import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.RunResult;
import dev.tcpspec.dsl.Shard;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.dsl.SpecSuite;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One column of a report: the results of a suite on one stack, under one profile, with one mutant (or none) and one
 * seed; a shard of that suite, or all of it.
 *
 * <pre>{@code
 * ReportRun whole = ReportRun.of(runResult, false);
 * ReportRun part = ReportRun.of(shardResult, Catalog.all(), Shard.parse("2/4"), false);
 * }</pre>
 *
 * @param mutant    the planted deviation, or null
 * @param shard     the shard these results are, or null for the whole suite
 * @param suiteSize how many specs the whole (unsharded) suite has; merged shards are complete when they add up to it
 * @param results   the results, in suite order ({@link ReportResult#index()})
 * @param warnings  what the reader should know about the run itself, e.g. that a shard is missing from a merge
 */
public record ReportRun(String stack, String profile, String mutant, long seed, Shard shard, int suiteSize,
                        List<ReportResult> results, List<String> warnings) {
    public ReportRun {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(profile, "profile");
        results = List.copyOf(results);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A whole run: each result's index is its position in the run. */
    public static ReportRun of(RunResult run, boolean keepAllTraces) {
        List<ReportResult> results = new ArrayList<>();
        for (SpecResult r : run.results()) results.add(ReportResult.of(r, results.size(), keepAllTraces));
        return new ReportRun(run.stack(), run.profile(), run.mutant(), run.seed(), null, results.size(), results,
                List.of());
    }

    /**
     * One shard of a run: each result's index is its spec's position in {@code whole}, the suite before sharding.
     */
    public static ReportRun of(RunResult run, SpecSuite whole, Shard shard, boolean keepAllTraces) {
        List<ReportResult> results = new ArrayList<>();
        for (SpecResult r : run.results()) {
            int index = whole.indexOf(r.id());
            if (index < 0) throw new IllegalArgumentException("spec " + r.id() + " is not in the suite being sharded");
            results.add(ReportResult.of(r, index, keepAllTraces));
        }
        return new ReportRun(run.stack(), run.profile(), run.mutant(), run.seed(), shard, whole.size(), results,
                List.of());
    }

    /** What makes two runs the same column: stack, profile, mutant and seed. */
    public String key() {
        return stack + "|" + profile + "|" + (mutant == null ? "" : mutant) + "|" + seed;
    }

    /** The full name of the column, e.g. {@code sim · rfc9293 · mutant no-time-wait · seed 1}. */
    public String label() {
        return stack + " · " + profile + (mutant == null ? "" : " · mutant " + mutant) + " · seed " + seed;
    }

    /** The label, and for a shard which one it is, e.g. {@code sim · rfc9293 · seed 1 · shard 2/4 (14 of 55 specs)}. */
    public String description() {
        return label() + (shard == null ? "" : " · shard " + shard + " (" + results.size() + " of " + suiteSize
                + " specs)");
    }

    public long count(Verdict v) {
        return results.stream().filter(r -> r.verdict() == v).count();
    }

    /** How many results passed only partially (some expectations not judged). */
    public long partialCount() {
        return results.stream().filter(ReportResult::partial).count();
    }

    /** The result for a spec id, or null if this run has none. */
    public ReportResult result(String id) {
        for (ReportResult r : results) {
            if (r.id().equals(id)) return r;
        }
        return null;
    }

    /** A copy with other results and warnings (same column). */
    public ReportRun with(List<ReportResult> newResults, Shard newShard, List<String> newWarnings) {
        return new ReportRun(stack, profile, mutant, seed, newShard, suiteSize, newResults, newWarnings);
    }

    /** The ids of the specs that failed, in order: for a mutant run, the specs that killed it. */
    public List<String> failedIds() {
        return results.stream().filter(r -> r.verdict() == Verdict.FAIL).map(ReportResult::id).toList();
    }
}
