package dev.tcpspec.conformance;

import dev.tcpspec.dsl.Strength;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.Assessment;
import dev.tcpspec.run.KnownDeviations;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The text summary of a conformance run: MUST rules apart from SHOULD, MAY and platform rules, then the baseline, with
 * the entries to remove. The report files come from {@link ConformanceRun#report}.
 *
 * <pre>{@code
 * System.out.println(ConformanceReport.summary(run));
 * }</pre>
 */
public final class ConformanceReport {
    private ConformanceReport() {
    }

    /**
     * Several lines: one per strength that has specs (MUST first, then SHOULD, MAY and PLATFORM), then the baseline.
     * E.g. {@code MUST      14 pass, 4 accepted, 0 new, 0 fixed, 0 not applicable}.
     */
    public static String summary(ConformanceRun run) {
        StringBuilder sb = new StringBuilder();
        Assessment as = run.assessment();
        for (Strength s : Strength.values()) {
            Set<Strength> one = EnumSet.of(s);
            long total = as.results().stream().filter(a -> one.contains(a.result().spec().strength())).count();
            if (total == 0) continue;
            sb.append(String.format(Locale.ROOT, "%-9s %s%n", s, counts(as, one)));
        }
        sb.append(as.summaryLine());
        for (KnownDeviations.Entry e : as.fixed()) {
            sb.append(String.format("%n  remove %s (%s): it passes now", e.key(), e.where()));
        }
        for (KnownDeviations.Entry e : as.notJudged()) {
            sb.append(String.format("%n  not judged: %s (%s): this run did not run it, or it did not apply",
                    e.key(), e.where()));
        }
        return sb.toString();
    }

    private static String counts(Assessment as, Set<Strength> strengths) {
        int[] n = new int[Assessment.Status.values().length];
        int errors = 0;
        for (Assessment.Assessed a : as.results()) {
            if (!strengths.contains(a.result().spec().strength())) continue;
            n[a.status().ordinal()]++;
            if (a.status() == Assessment.Status.NEW_DEVIATION && a.result().verdict() == Verdict.ERROR) errors++;
        }
        int partial = n[Assessment.Status.PARTIAL.ordinal()];
        return n[Assessment.Status.PASS.ordinal()] + " pass, " + (partial == 0 ? "" : partial + " partially judged, ")
                + n[Assessment.Status.ACCEPTED.ordinal()]
                + " accepted, " + n[Assessment.Status.NEW_DEVIATION.ordinal()] + " new"
                + (errors == 0 ? "" : " (" + errors + " errors)") + ", " + n[Assessment.Status.FIXED.ordinal()]
                + " fixed, " + n[Assessment.Status.NOT_APPLICABLE.ordinal()] + " not applicable";
    }
}
