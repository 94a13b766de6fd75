package dev.tcpspec.dsl;

/**
 * A spec with a setup and steps, still lacking an expectation: it is not a {@link Spec} yet, so it cannot be run or
 * put in a catalog. A spec with no expectation does not compile.
 *
 * <pre>{@code
 * Spec s = spec("LG-2", "...").given(established()).when(client().closes())
 *              .then(wire().carries(rst().from(client())));
 * }</pre>
 */
public interface WhenStep {
    /** More steps, performed after the earlier ones. */
    WhenStep andThen(Action... actions);

    /** The first expectation. */
    Spec then(Expectation expectation);
}
