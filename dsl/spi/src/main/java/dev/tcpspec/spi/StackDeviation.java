package dev.tcpspec.spi;

/**
 * Thrown by an adapter, as a scenario runs, when the stack under test does something it showed it would not, so that
 * the scenario cannot go on: a kernel whose TIME_WAIT outlives the timer it showed for it, say. Unlike
 * {@link CannotPerform} (the adapter cannot carry out the scenario: NOT_APPLICABLE) this is the stack's doing, and the
 * spec FAILS with the message and the trace so far.
 *
 * <pre>{@code
 * if (stillThere) throw new StackDeviation("the TIME_WAIT of port 40000 was still there 75 s after its timer, which "
 *         + "showed 59.9 s left at t=1.2 s, had run out");
 * }</pre>
 */
public class StackDeviation extends RuntimeException {
    public StackDeviation(String message) {
        super(message);
    }
}
