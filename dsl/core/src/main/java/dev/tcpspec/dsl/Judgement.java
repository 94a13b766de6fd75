package dev.tcpspec.dsl;

/**
 * The result of judging one expectation on one trace: it held, it failed, or the trace holds no evidence either way
 * (not observed). "Nothing observed" is never a pass: an expectation that something does not happen ("the wire
 * carries no RST", "the client never enters TIME_WAIT") holds only when the trace shows that the endpoint or the wire
 * was observed at all, and for a reply to an injected segment, that the segment arrived.
 *
 * <pre>{@code
 * if (trace.stateChanges(Side.CLIENT, 0).isEmpty()) return Judgement.notObserved("client was never observed in any state");
 * return left >= wanted ? Judgement.holds("client held TIME_WAIT for 240 s")
 *                       : Judgement.fails("client left TIME_WAIT after 120 s (2MSL timer)");
 * }</pre>
 *
 * @param outcome     held, failed, or not observed
 * @param observation what was observed, in a sentence; says why it failed when it did, and what was missing when it
 *                    could not be judged
 */
public record Judgement(Outcome outcome, String observation) {
    /** The three values of a judgement. */
    public enum Outcome {
        /** The expectation held, and the trace shows the evidence. */
        HOLDS,
        /** The expectation did not hold. */
        FAILS,
        /**
         * The trace holds no evidence either way: the stack could not observe what the expectation is about (a
         * capability it lacks), or the run never showed it (the endpoint was never seen, an injected segment never
         * arrived). Never a pass.
         */
        NOT_OBSERVED
    }

    public Judgement {
        if (outcome == null) throw new IllegalArgumentException("a judgement needs an outcome");
        observation = observation == null ? "" : observation;
    }

    /** A judgement that held ({@code true}) or failed ({@code false}). */
    public Judgement(boolean holds, String observation) {
        this(holds ? Outcome.HOLDS : Outcome.FAILS, observation);
    }

    /** The expectation held: {@code observation} says what showed it. */
    public static Judgement holds(String observation) {
        return new Judgement(Outcome.HOLDS, observation);
    }

    /** The expectation failed: {@code observation} says what happened instead. */
    public static Judgement fails(String observation) {
        return new Judgement(Outcome.FAILS, observation);
    }

    /** The trace holds no evidence either way: {@code why} says what was not observed, and why if known. */
    public static Judgement notObserved(String why) {
        return new Judgement(Outcome.NOT_OBSERVED, why);
    }

    /** Whether the expectation held. */
    public boolean holds() {
        return outcome == Outcome.HOLDS;
    }

    /** Whether the expectation failed. */
    public boolean failed() {
        return outcome == Outcome.FAILS;
    }

    /** Whether the expectation could not be judged for want of evidence. */
    public boolean notObserved() {
        return outcome == Outcome.NOT_OBSERVED;
    }
}
