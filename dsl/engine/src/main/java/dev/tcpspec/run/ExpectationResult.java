package dev.tcpspec.run;

import dev.tcpspec.dsl.Judgement;

/**
 * One expectation of a spec, judged: its sentence (durations resolved), whether it held, failed or could not be
 * judged, and what was observed (for one not judged: what was missing, e.g. the capability the stack lacks).
 *
 * <pre>{@code
 * for (ExpectationResult e : result.expectations()) {
 *     System.out.println((e.judged() ? (e.held() ? "held: " : "failed: ") : "not judged: ") + e.expectation());
 * }
 * }</pre>
 */
public record ExpectationResult(String expectation, Judgement.Outcome outcome, String observation) {
    public ExpectationResult {
        if (outcome == null) throw new IllegalArgumentException("expectation '" + expectation + "' has no outcome");
        observation = observation == null ? "" : observation;
    }

    /** An expectation that was judged: it held or it failed. */
    public ExpectationResult(String expectation, boolean held, String observation) {
        this(expectation, held ? Judgement.Outcome.HOLDS : Judgement.Outcome.FAILS, observation);
    }

    /** An expectation that could not be judged, with the reason. */
    public static ExpectationResult notJudged(String expectation, String reason) {
        return new ExpectationResult(expectation, Judgement.Outcome.NOT_OBSERVED, reason);
    }

    /** Whether it held. */
    public boolean held() {
        return outcome == Judgement.Outcome.HOLDS;
    }

    /** Whether it failed. */
    public boolean failed() {
        return outcome == Judgement.Outcome.FAILS;
    }

    /** Whether it was judged at all (held or failed), as opposed to not observed. */
    public boolean judged() {
        return outcome != Judgement.Outcome.NOT_OBSERVED;
    }
}
