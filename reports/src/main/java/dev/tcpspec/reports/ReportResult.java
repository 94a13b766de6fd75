package dev.tcpspec.reports;

import dev.tcpspec.dsl.Source;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Strength;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.ExpectationResult;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.trace.Trace;

import java.util.ArrayList;
import java.util.List;

/**
 * One spec's result as the reports show it: what the spec is (id, title, description, sources, scenario), its verdict
 * with the judged expectations, and, when kept, its trace. Unlike {@link SpecResult} it holds no {@link Spec} object,
 * so a result read back from {@code report.json} (to merge shards) is as complete as one fresh from a run.
 *
 * <pre>{@code
 * ReportResult r = ReportResult.of(specResult, 3, true);
 * if (r.verdict() == Verdict.FAIL) System.out.println(r.explanation());
 * }</pre>
 *
 * @param index         position of the spec in the whole (unsharded) suite, from 0; merged shards are put back in
 *                      this order
 * @param family        the rule family, the id's prefix, e.g. {@code TW}
 * @param scenario      the scenario as text: {@code given ...} then one {@code when ...} line per step
 * @param traceDigest   SHA-256 of the canonical trace, null when nothing ran
 * @param trace         the trace, kept for results that did not pass (or for all, on request); null otherwise
 * @param explanation   {@link SpecResult#explain()} for results that did not pass; null for passes
 * @param baseline      how the result stands against a known-deviations baseline ({@code accepted}, {@code new},
 *                      {@code fixed}), or null when the run had no baseline
 */
public record ReportResult(int index, String id, String title, String description, String family, Strength strength,
                           List<String> sources, List<String> scenario, Verdict verdict, String message,
                           List<ExpectationResult> expectations, long virtualMillis, long wallMillis,
                           String traceDigest, Trace trace, String explanation, String baseline) {
    public ReportResult {
        if (id == null || id.isEmpty()) throw new IllegalArgumentException("a result needs a spec id");
        if (verdict == null) throw new IllegalArgumentException("result " + id + " has no verdict");
        title = title == null ? "" : title;
        description = description == null ? "" : description;
        family = family == null ? familyOf(id) : family;
        strength = strength == null ? Strength.MUST : strength;
        sources = sources == null ? List.of() : List.copyOf(sources);
        scenario = scenario == null ? List.of() : List.copyOf(scenario);
        message = message == null ? "" : message;
        expectations = expectations == null ? List.of() : List.copyOf(expectations);
    }

    /**
     * The report's view of a spec result.
     *
     * @param index     the spec's position in the whole suite
     * @param keepTrace whether to keep the trace even though the spec passed (it is always kept otherwise)
     */
    public static ReportResult of(SpecResult r, int index, boolean keepTrace) {
        Spec spec = r.spec();
        List<String> scenario = new ArrayList<>();
        scenario.add("given " + spec.setup().describe());
        for (var step : spec.steps()) scenario.add("when " + step.describe());
        boolean passed = r.verdict() == Verdict.PASS;
        return new ReportResult(index, spec.id(), spec.title(), spec.description(), spec.family(), spec.strength(),
                spec.sources().stream().map(Source::text).toList(), scenario, r.verdict(), r.message(),
                r.expectations(), r.virtualMillis(), r.wallMillis(), r.traceDigest(),
                passed && !keepTrace ? null : r.trace(), passed ? null : r.explain(), null);
    }

    /** The family of an id: its prefix before the first dash. */
    static String familyOf(String id) {
        int dash = id.indexOf('-');
        return dash < 0 ? id : id.substring(0, dash);
    }

    /** This result marked with its standing against a known-deviations baseline. */
    public ReportResult withBaseline(String status) {
        return new ReportResult(index, id, title, description, family, strength, sources, scenario, verdict, message,
                expectations, virtualMillis, wallMillis, traceDigest, trace, explanation, status);
    }

    /** This result with another index (its position in a whole suite). */
    public ReportResult withIndex(int newIndex) {
        return new ReportResult(newIndex, id, title, description, family, strength, sources, scenario, verdict,
                message, expectations, virtualMillis, wallMillis, traceDigest, trace, explanation, baseline);
    }

    /**
     * A PASS in which some expectations could not be judged (a capability the stack lacks, or no evidence in the
     * trace): every judged one held, but it is not a plain pass, and every report format says so.
     */
    public boolean partial() {
        return verdict == Verdict.PASS && expectations.stream().anyMatch(e -> !e.judged());
    }

    /** How many expectations were judged (held or failed). */
    public int judgedCount() {
        return (int) expectations.stream().filter(ExpectationResult::judged).count();
    }

    /** The expectations that could not be judged; each observation says why. */
    public List<ExpectationResult> notJudged() {
        return expectations.stream().filter(e -> !e.judged()).toList();
    }

    /** E.g. {@code PASS}, {@code PASS (partial: 3 of 5 judged)}. */
    public String verdictText() {
        return partial() ? "PASS (partial: " + judgedCount() + " of " + expectations.size() + " judged)"
                : verdict.name();
    }

    /** The first line of the message: the reason, fit for a table cell. */
    public String reason() {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** The message and the explanation; for a pass the message alone. */
    public String details() {
        return explanation != null ? explanation : message;
    }
}
