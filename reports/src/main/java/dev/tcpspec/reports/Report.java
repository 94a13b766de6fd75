package dev.tcpspec.reports;

import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.RunResult;
import dev.tcpspec.dsl.Shard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What every report format is written from: one or more runs (columns of the conformance matrix), each with its
 * results. A single {@code tcpspec run} gives one run; {@link #merge} combines shards of a run into one, and runs on
 * different stacks, profiles or mutants into several columns.
 *
 * <pre>{@code
 * Report report = Report.of(ReportRun.of(runResult, false));
 * ReportFiles.write(report, Path.of("out"), ReportFormat.ALL);
 * Report merged = Report.merge(List.of(ReportFiles.read(shard1), ReportFiles.read(shard2)));
 * }</pre>
 */
public record Report(List<ReportRun> runs) {
    public Report {
        runs = List.copyOf(runs);
    }

    public static Report of(ReportRun... runs) {
        return new Report(List.of(runs));
    }

    /** The report of one whole run. */
    public static Report of(RunResult run) {
        return of(ReportRun.of(run, false));
    }

    /** Every result of every run, run by run. */
    public List<ReportResult> results() {
        List<ReportResult> all = new ArrayList<>();
        for (ReportRun r : runs) all.addAll(r.results());
        return all;
    }

    public long count(Verdict v) {
        return runs.stream().mapToLong(r -> r.count(v)).sum();
    }

    /** How many results, over all runs, passed only partially (some expectations not judged). */
    public long partialCount() {
        return runs.stream().mapToLong(ReportRun::partialCount).sum();
    }

    /** 0 when every applicable spec of every run passed, 1 when any failed or errored. */
    public int exitCode() {
        return count(Verdict.FAIL) + count(Verdict.ERROR) == 0 ? 0 : 1;
    }

    /** E.g. {@code 10 specs: 9 pass, 1 fail, 0 not applicable, 0 error}, over all runs. */
    public String summaryLine() {
        long partial = partialCount();
        return results().size() + " specs: " + count(Verdict.PASS) + " pass"
                + (partial == 0 ? "" : " (" + partial + " partially judged)") + ", " + count(Verdict.FAIL) + " fail, "
                + count(Verdict.NOT_APPLICABLE) + " not applicable, " + count(Verdict.ERROR) + " error"
                + (runs.size() > 1 ? " (" + runs.size() + " runs)" : "");
    }

    /**
     * The verdict of the whole report in a few words: {@code all 10 applicable specs pass},
     * {@code 4 of 10 applicable specs fail, 1 error}, {@code no spec applies}.
     */
    public String headline() {
        long failed = count(Verdict.FAIL);
        long errors = count(Verdict.ERROR);
        long applicable = results().size() - count(Verdict.NOT_APPLICABLE);
        if (failed + errors == 0) {
            if (applicable == 0) return results().isEmpty() ? "no spec ran" : "no spec applies";
            long partial = partialCount();
            String pass = applicable == 1 ? "the 1 applicable spec passes" : "all " + applicable
                    + " applicable specs pass";
            return partial == 0 ? pass : pass + " (" + partial + " only partially judged)";
        }
        List<String> bad = new ArrayList<>();
        if (failed > 0) bad.add(failed + " of " + applicable + " applicable spec" + (applicable == 1 ? "" : "s")
                + (failed == 1 && applicable == 1 ? " fails" : " fail"));
        if (errors > 0) bad.add(errors + (errors == 1 ? " error" : " errors"));
        return String.join(", ", bad);
    }

    /** Every run's warnings, each prefixed with its run when there are several. */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        for (ReportRun r : runs) {
            for (String w : r.warnings()) out.add(runs.size() > 1 ? columnLabel(r) + ": " + w : w);
        }
        return out;
    }

    /** Spec ids as rows of the matrix: in suite order, specs only some runs have after the others. */
    public List<String> specIds() {
        Map<String, Integer> order = new LinkedHashMap<>();
        for (ReportRun run : runs) {
            for (ReportResult r : run.results()) order.merge(r.id(), r.index(), Math::min);
        }
        List<String> ids = new ArrayList<>(order.keySet());
        ids.sort(Comparator.comparing(order::get));
        return ids;
    }

    /** The first result for each spec id (for what the spec is: title, description, sources). */
    public Map<String, ReportResult> specs() {
        Map<String, ReportResult> first = new LinkedHashMap<>();
        for (String id : specIds()) {
            for (ReportRun run : runs) {
                ReportResult r = run.result(id);
                if (r != null) {
                    first.put(id, r);
                    break;
                }
            }
        }
        return first;
    }

    /**
     * A short name for a run's column: only what tells the runs apart (stack, profile, mutant, seed), e.g.
     * {@code linux} when two runs differ only by profile; the stack and profile when there is a single run.
     */
    public String columnLabel(ReportRun run) {
        List<String> parts = new ArrayList<>();
        boolean stacks = distinct(ReportRun::stack) > 1;
        boolean profiles = distinct(ReportRun::profile) > 1;
        boolean mutants = distinct(r -> String.valueOf(r.mutant())) > 1;
        boolean seeds = distinct(r -> String.valueOf(r.seed())) > 1;
        if (stacks || runs.size() == 1) parts.add(run.stack());
        if (profiles || runs.size() == 1) parts.add(run.profile());
        if (mutants || (runs.size() == 1 && run.mutant() != null)) {
            parts.add(run.mutant() == null ? "no mutant" : run.mutant());
        }
        if (seeds) parts.add("seed " + run.seed());
        if (parts.isEmpty()) parts.add(run.stack());
        return String.join(" · ", parts);
    }

    private long distinct(Function<ReportRun, String> f) {
        return runs.stream().map(f).distinct().count();
    }

    /** The value of a run field if all runs agree, else their distinct values joined by commas. */
    String common(Function<ReportRun, String> f) {
        Set<String> values = new LinkedHashSet<>();
        for (ReportRun r : runs) values.add(f.apply(r));
        if (values.size() == 1) return values.iterator().next();
        List<String> nonNull = values.stream().map(v -> v == null ? "none" : v).toList();
        return String.join(",", nonNull);
    }

    /**
     * Combines reports into one. Runs with the same stack, profile, mutant and seed become one run whose results are
     * put back in suite order; other runs become further columns. Shards must come from the same split of the same
     * suite; a missing shard is recorded as a warning on the run.
     *
     * @throws IllegalArgumentException when two reports hold a result for the same spec in the same run (the same
     *                                  shard given twice, or overlapping selections), or shards disagree about the
     *                                  suite
     */
    public static Report merge(List<Report> parts) {
        Map<String, List<ReportRun>> byKey = new LinkedHashMap<>();
        for (Report p : parts) {
            for (ReportRun r : p.runs()) byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        }
        List<ReportRun> merged = new ArrayList<>();
        for (List<ReportRun> group : byKey.values()) merged.add(mergeColumn(group));
        return new Report(merged);
    }

    private static ReportRun mergeColumn(List<ReportRun> group) {
        ReportRun first = group.get(0);
        if (group.size() == 1 && first.shard() == null) return first;
        Map<String, ReportResult> byId = new LinkedHashMap<>();
        Set<Integer> counts = new TreeSet<>();
        Set<Integer> present = new TreeSet<>();
        boolean unsharded = false;
        List<String> warnings = new ArrayList<>();
        for (ReportRun run : group) {
            if (run.suiteSize() != first.suiteSize()) {
                throw new IllegalArgumentException("the runs of " + first.label() + " come from different suites ("
                        + first.suiteSize() + " and " + run.suiteSize() + " specs); shard one selection of specs");
            }
            if (run.shard() == null) unsharded = true;
            else {
                counts.add(run.shard().count());
                if (!present.add(run.shard().index())) {
                    throw new IllegalArgumentException("shard " + run.shard() + " of " + first.label()
                            + " is given twice");
                }
            }
            warnings.addAll(run.warnings());
        }
        if (counts.size() > 1) {
            throw new IllegalArgumentException("the shards of " + first.label() + " come from different splits "
                    + "(into " + counts + " shards); give every shard of one split");
        }
        for (ReportRun run : group) {
            for (ReportResult r : run.results()) {
                if (byId.put(r.id(), r) != null) {
                    throw new IllegalArgumentException("spec " + r.id() + " has two results for " + first.label()
                            + "; were the same results given twice, or do the shards overlap?");
                }
            }
        }
        List<ReportResult> results = new ArrayList<>(byId.values());
        results.sort(Comparator.comparingInt(ReportResult::index).thenComparing(ReportResult::id));
        boolean incomplete = false;
        if (!unsharded && counts.size() == 1) {
            int n = counts.iterator().next();
            List<String> missing = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                if (!present.contains(i)) missing.add(new Shard(i, n).toString());
            }
            if (!missing.isEmpty()) {
                incomplete = true;
                warnings.add("incomplete: shard" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                        + " missing; " + results.size() + " of " + first.suiteSize() + " specs reported");
            }
        }
        if (results.size() != first.suiteSize() && !incomplete) {
            warnings.add("incomplete: " + results.size() + " of " + first.suiteSize() + " specs reported");
        }
        return first.with(results, null, warnings);
    }
}
