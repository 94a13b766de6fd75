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
 * SpecResult r = SpecRunner.run(spec, Stacks.simulated());
 * if (r.verdict() == Verdict.FAIL) System.out.println(r.explain());   // expectations, then the ladder diagram
 * r.assertPasses();   // in a test: FAIL/ERROR throw; NOT_APPLICABLE and a partial PASS abort (skip) with the reason
 * if (r.partial()) r.notJudged().forEach(e -> System.out.println("not judged: " + e.expectation()));
 * }</pre>
 *
 * <p>A PASS is <em>partial</em> when some expectations could not be judged (the stack lacks a capability they need,
 * or the trace holds no evidence either way) while every judged one held: {@link #partial()}, {@link #notJudged()};
 * the message names what was not judged and why. It is never shown as a plain pass.
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

    /** A PASS in which some expectations could not be judged: what held held, but not everything was judged. */
    public boolean partial() {
        return verdict == Verdict.PASS && expectations.stream().anyMatch(e -> !e.judged());
    }

    /** The expectations that could not be judged, each with the reason as its observation. */
    public List<ExpectationResult> notJudged() {
        return expectations.stream().filter(e -> !e.judged()).toList();
    }

    /** How many expectations were judged (held or failed). */
    public int judgedCount() {
        return (int) expectations.stream().filter(ExpectationResult::judged).count();
    }

    /** E.g. {@code PASS}, {@code PASS (partial: 3 of 5 judged)}, {@code FAIL}: the verdict as people should read it. */
    public String verdictText() {
        return partial() ? "PASS (partial: " + judgedCount() + " of " + expectations.size() + " judged)"
                : verdict.name();
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
        sb.append(spec.id()).append(' ').append(verdictText()).append(" on ").append(stack).append(" (profile ")
                .append(profile).append(", seed ").append(seed).append("): ").append(spec.title()).append('\n');
        sb.append("  given ").append(spec.setup().describe()).append('\n');
        for (var step : spec.steps()) sb.append("  when  ").append(step.describe()).append('\n');
        if (expectations.isEmpty()) {
            sb.append("  ").append(message.replace("\n", "\n  ")).append('\n');
        }
        for (ExpectationResult e : expectations) {
            sb.append(e.held() ? "  [ ok ] " : e.failed() ? "  [FAIL] " : "  [ -- ] ").append(e.expectation())
                    .append('\n');
            sb.append(e.held() ? "           " : e.failed() ? "         but " : "         not judged: ")
                    .append(e.observation()).append('\n');
        }
        if (error != null) sb.append(Errors.stackTrace(error));
        if (trace != null && verdict != Verdict.PASS) {
            sb.append("\ntrace (").append(trace.events().size()).append(" events, digest ")
                    .append(trace.digest(), 0, 12).append("):\n").append(trace.ladder());
        }
        return sb.toString();
    }

    /**
     * For tests: returns normally on a PASS in which every expectation was judged; aborts the test (a skip, with the
     * reason) on NOT_APPLICABLE and on a partial PASS (what held and what could not be judged: never a plain pass);
     * throws an {@link AssertionFailedError} with {@link #explain()} on FAIL or ERROR.
     */
    public SpecResult assertPasses() {
        switch (verdict) {
            case PASS -> {
                if (partial()) {
                    throw new TestAbortedException(spec.id() + " partially judged (the judged expectations held, "
                            + "not every one could be judged): " + message);
                }
                return this;
            }
            case NOT_APPLICABLE -> throw new TestAbortedException(spec.id() + " not applicable: " + message);
            default -> throw new AssertionFailedError(explain(), error);
        }
    }
}
