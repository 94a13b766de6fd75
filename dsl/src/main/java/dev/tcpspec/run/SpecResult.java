package dev.tcpspec.run;

import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.trace.Trace;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.util.List;

/**
 * The result of running one spec against one stack under one profile and seed.
 *
 * <pre>{@code
 * SpecResult r = spec.runOn(Stacks.simulated());
 * if (r.verdict() == Verdict.FAIL) System.out.println(r.explain());   // expectations, then the ladder diagram
 * r.assertPasses();   // in a test: FAIL/ERROR throw, NOT_APPLICABLE aborts (skips) the test with its reason
 * }</pre>
 *
 * @param spec          the spec
 * @param stack         the stack adapter's name
 * @param profile       the profile's name
 * @param seed          the seed the run used
 * @param verdict       the verdict
 * @param message       one paragraph: the failing expectations, the reason it does not apply, or the error
 * @param expectations  each expectation, judged (empty if none was judged)
 * @param trace         the trace, or null when nothing ran
 * @param wallMillis    real time the run took
 * @param error         the adapter's exception for an ERROR verdict, else null
 */
public record SpecResult(Spec spec, String stack, String profile, long seed, Verdict verdict, String message,
                         List<ExpectationResult> expectations, Trace trace, long wallMillis, Throwable error) {

    public String id() {
        return spec.id();
    }

    /** Length of the observed run (virtual time on the simulated stack), in milliseconds. */
    public long virtualMillis() {
        return trace == null ? 0 : trace.endNanos() / 1_000_000;
    }

    /** SHA-256 of the canonical trace, or null without a trace. */
    public String traceDigest() {
        return trace == null ? null : trace.digest();
    }

    /**
     * The full explanation: the verdict line, each expectation with what was observed, and for failures the trace
     * as a ladder diagram.
     */
    public String explain() {
        StringBuilder sb = new StringBuilder();
        sb.append(spec.id()).append(' ').append(verdict).append(" on ").append(stack).append(" (profile ")
                .append(profile).append(", seed ").append(seed).append("): ").append(spec.title()).append('\n');
        sb.append("  given ").append(spec.setup().describe()).append('\n');
        for (var step : spec.steps()) sb.append("  when  ").append(step.describe()).append('\n');
        if (expectations.isEmpty()) {
            sb.append("  ").append(message.replace("\n", "\n  ")).append('\n');
        }
        for (ExpectationResult e : expectations) {
            sb.append(e.held() ? "  [ ok ] " : "  [FAIL] ").append(e.expectation()).append('\n');
            sb.append(e.held() ? "           " : "         but ").append(e.observation()).append('\n');
        }
        if (error != null) sb.append(Errors.stackTrace(error));
        if (trace != null && verdict != Verdict.PASS) {
            sb.append("\ntrace (").append(trace.events().size()).append(" events, digest ")
                    .append(trace.digest(), 0, 12).append("):\n").append(trace.ladder());
        }
        return sb.toString();
    }

    /**
     * For tests: returns normally on PASS, aborts the test (a skip, with the reason) on NOT_APPLICABLE, and throws
     * an {@link AssertionFailedError} with {@link #explain()} on FAIL or ERROR.
     */
    public SpecResult assertPasses() {
        switch (verdict) {
            case PASS -> {
                return this;
            }
            case NOT_APPLICABLE -> throw new TestAbortedException(spec.id() + " not applicable: " + message);
            default -> throw new AssertionFailedError(explain(), error);
        }
    }
}
