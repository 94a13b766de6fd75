package dev.tcpspec.dsl;

import dev.tcpspec.trace.Trace;

import java.util.List;
import java.util.Set;

/**
 * A predicate over a trace that explains itself: what was expected (as a sentence built from the DSL chain) and,
 * when it does not hold, what happened instead. Expectations are judged on the trace only, never on a stack's
 * internals, so one expectation serves every stack.
 *
 * <p>A judgement has three values ({@link Judgement.Outcome}): held, failed, or not observed. An expectation that
 * something does not happen holds only with evidence that what it is about was observed at all; otherwise it is not
 * observed, with the reason. Each expectation of a spec is judged on its own: one whose {@linkplain #requires(Profile)
 * capabilities} the stack lacks is not judged (the others still are), and the spec's verdict says which were not.
 *
 * <pre>{@code
 * Expectation e = client().holds(TIME_WAIT).forAtLeast(twoMsl());
 * Judgement j = e.judge(trace, new Timing(Profile.rfc9293(), Duration.ZERO));
 * if (j.failed()) System.out.println(e.describe() + " but " + j.observation());
 * }</pre>
 */
public interface Expectation {
    /** The expectation as a sentence, durations in profile terms: "client holds TIME_WAIT for at least 2×MSL". */
    String describe();

    /** The sentence with durations resolved: "client holds TIME_WAIT for at least 2×MSL (240 s)". */
    default String describe(Timing timing) {
        return describe();
    }

    /** The capabilities a stack needs for this expectation to be judged (under any profile). */
    Set<Capability> requires();

    /**
     * The capabilities a stack needs for this expectation to be judged under {@code profile}: an expectation that
     * depends on the profile ({@link ProfileCase}) needs only what its branch for that profile needs.
     */
    default Set<Capability> requires(Profile profile) {
        return requires();
    }

    /**
     * The expectations judged one by one under {@code profile}: this one alone, unless it is made of several (all of
     * a list, the branch a profile chooses), which are then judged, and reported, each on its own, so a stack that
     * can judge some of them but not others still gets those judged.
     */
    default List<Expectation> judgedParts(Profile profile) {
        return List.of(this);
    }

    /** Judges the trace. */
    Judgement judge(Trace trace, Timing timing);
}
