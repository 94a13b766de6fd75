package dev.tcpspec.dsl;

/**
 * A spec with a setup, waiting for its steps ({@code when}) or, for a spec about the setup alone, its first
 * expectation ({@code then}).
 *
 * <pre>{@code
 * ... .given(established()).when(client().closes(), server().readsEof(), server().closes()) ...
 * }</pre>
 */
public interface GivenStep {
    /** The steps of the scenario, performed in order. */
    WhenStep when(Action... actions);

    /** The first expectation of a spec with no steps beyond its setup. */
    Spec then(Expectation expectation);
}
