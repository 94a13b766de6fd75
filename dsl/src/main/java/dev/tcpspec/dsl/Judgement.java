package dev.tcpspec.dsl;

/**
 * The result of judging one expectation on one trace.
 *
 * <pre>{@code
 * return left >= wanted ? Judgement.holds("client held TIME_WAIT for 240 s")
 *                       : Judgement.fails("client left TIME_WAIT after 120 s (2MSL timer)");
 * }</pre>
 *
 * @param holds       whether the expectation held
 * @param observation what was observed, in a sentence; says why it failed when it did
 */
public record Judgement(boolean holds, String observation) {
    public static Judgement holds(String observation) {
        return new Judgement(true, observation);
    }

    public static Judgement fails(String observation) {
        return new Judgement(false, observation);
    }
}
