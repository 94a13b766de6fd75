package dev.tcpspec.run;

import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.trace.Side;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A run's results judged against a {@link KnownDeviations} baseline: each result is a plain pass, not applicable, an
 * accepted deviation (the baseline records it), a new deviation (a failure or error the baseline does not record) or
 * fixed (the baseline records it, but every result it covers now passes). The run fails on new deviations and on
 * fixed ones, whose lines must leave the file.
 *
 * <pre>{@code
 * Assessment a = baseline.assess(placedResults);
 * for (Assessment.Assessed r : a.results()) System.out.println(r.status() + " " + r.result().id() + " " + r.describe());
 * System.exit(a.exitCode());
 * }</pre>
 *
 * @param baseline   the baseline applied
 * @param results    every result, in run order, with its status
 * @param fixed      entries whose deviation no longer occurs: remove them from the file
 * @param notJudged  entries this run could not judge (their spec was not run, did not apply, or ran in no role of
 *                   theirs)
 */
public record Assessment(KnownDeviations baseline, List<Assessed> results, List<KnownDeviations.Entry> fixed,
                         List<KnownDeviations.Entry> notJudged) {

    /** How a result stands against the baseline. */
    public enum Status {
        /** Passed, and the baseline records nothing for it. */
        PASS,
        /**
         * Passed where judged, but some expectations could not be judged (a capability the stack lacks, or no
         * evidence): not a plain pass, never a failure; a baseline entry for it is neither confirmed nor fixed.
         */
        PARTIAL,
        /** Did not apply (a capability or profile rule is missing); never a pass, never a failure. */
        NOT_APPLICABLE,
        /** Failed or errored, as the baseline records: reported, but the run does not fail for it. */
        ACCEPTED,
        /** Failed or errored, and the baseline does not record it: the run fails. */
        NEW_DEVIATION,
        /** The baseline records a deviation that no longer occurs: the run fails until the entry is removed. */
        FIXED
    }

    /** One result and how it stands; {@code entry} is the baseline line covering it, if any. */
    public record Assessed(SpecResult result, Side role, Status status, KnownDeviations.Entry entry) {
        /** Whether this result makes the run fail. */
        public boolean failsTheRun() {
            return status == Status.NEW_DEVIATION || status == Status.FIXED;
        }

        /** One sentence: why it does not apply, why it is accepted, or what to remove. */
        public String describe() {
            return switch (status) {
                case PASS -> result.message();
                case PARTIAL -> "partially judged (what was judged held): " + result.message();
                case NOT_APPLICABLE -> "not applicable: " + result.message();
                case ACCEPTED -> "accepted deviation (" + entry.where() + ": " + entry.reason() + "); observed: "
                        + firstLine(result.message());
                case NEW_DEVIATION -> (result.verdict() == Verdict.ERROR ? "error: " : "new deviation: ")
                        + firstLine(result.message());
                case FIXED -> "passes now: remove '" + entry.key() + "' (" + entry.where() + ") from the baseline";
            };
        }

        private static String firstLine(String s) {
            int nl = s.indexOf('\n');
            return nl < 0 ? s : s.substring(0, nl) + " ...";
        }
    }

    public Assessment {
        results = List.copyOf(results);
        fixed = List.copyOf(fixed);
        notJudged = List.copyOf(notJudged);
    }

    static Assessment of(KnownDeviations baseline, List<KnownDeviations.Placed> placed) {
        List<KnownDeviations.Entry> fixed = new ArrayList<>();
        List<KnownDeviations.Entry> notJudged = new ArrayList<>();
        for (KnownDeviations.Entry e : baseline.entries()) {
            boolean deviates = false;
            boolean passes = false;
            for (KnownDeviations.Placed p : placed) {
                if (!e.covers(p.result().id(), p.role())) continue;
                Verdict v = p.result().verdict();
                if (v == Verdict.FAIL || v == Verdict.ERROR) deviates = true;
                if (v == Verdict.PASS && !p.result().partial()) passes = true; // a partial pass proves no fix
            }
            if (!deviates && passes) fixed.add(e);
            if (!deviates && !passes) notJudged.add(e);
        }
        List<Assessed> results = new ArrayList<>();
        for (KnownDeviations.Placed p : placed) {
            SpecResult r = p.result();
            Optional<KnownDeviations.Entry> entry = baseline.entryFor(r.id(), p.role());
            Status status = switch (r.verdict()) {
                case NOT_APPLICABLE -> Status.NOT_APPLICABLE;
                case FAIL, ERROR -> entry.isPresent() ? Status.ACCEPTED : Status.NEW_DEVIATION;
                case PASS -> entry.isPresent() && fixed.contains(entry.get()) ? Status.FIXED
                        : r.partial() ? Status.PARTIAL : Status.PASS;
            };
            results.add(new Assessed(r, p.role(), status, entry.orElse(null)));
        }
        return new Assessment(baseline, results, fixed, notJudged);
    }

    /** The results with {@code status}. */
    public List<Assessed> with(Status status) {
        return results.stream().filter(a -> a.status() == status).toList();
    }

    /** 0 when nothing fails the run (no new deviation, no fixed entry), else 1. */
    public int exitCode() {
        return results.stream().anyMatch(Assessed::failsTheRun) || !fixed.isEmpty() ? 1 : 0;
    }

    /** E.g. {@code baseline known-deviations.txt: 6 accepted, 0 new, 0 fixed}. */
    public String summaryLine() {
        return "baseline " + baseline.source() + ": " + with(Status.ACCEPTED).size() + " accepted, "
                + with(Status.NEW_DEVIATION).size() + " new, " + fixed.size() + " fixed"
                + (notJudged.isEmpty() ? "" : ", " + notJudged.size() + " not judged by this run");
    }
}
