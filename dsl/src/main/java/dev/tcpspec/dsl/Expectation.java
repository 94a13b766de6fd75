package dev.tcpspec.dsl;

import dev.tcpspec.trace.Trace;

import java.util.Set;

/**
 * A predicate over a trace that explains itself: what was expected (as a sentence built from the DSL chain) and,
 * when it does not hold, what happened instead. Expectations are judged on the trace only, never on a stack's
 * internals, so one expectation serves every stack.
 *
 * <pre>{@code
 * Expectation e = client().holds(TIME_WAIT).forAtLeast(twoMsl());
 * Judgement j = e.judge(trace, new Timing(Profile.rfc9293(), Duration.ZERO));
 * if (!j.holds()) System.out.println(e.describe() + " but " + j.observation());
 * }</pre>
 */
public interface Expectation {
    /** The expectation as a sentence, durations in profile terms: "client holds TIME_WAIT for at least 2×MSL". */
    String describe();

    /** The sentence with durations resolved: "client holds TIME_WAIT for at least 2×MSL (240 s)". */
    default String describe(Timing timing) {
        return describe();
    }

    /** The capabilities a stack needs for this expectation to be judged. */
    Set<Capability> requires();

    /** Judges the trace. */
    Judgement judge(Trace trace, Timing timing);
}
