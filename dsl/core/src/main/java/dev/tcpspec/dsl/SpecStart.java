package dev.tcpspec.dsl;

import java.util.function.Predicate;

/**
 * A spec that has an id and a title and still needs a {@code given}. Metadata goes here.
 *
 * <pre>{@code
 * spec("TW-2", "the active closer holds TIME_WAIT for 2MSL")
 *     .source(SEED, rfc(9293, "3.6.1"))
 *     .strength(Strength.MUST)
 *     .given(established())
 *     ...
 * }</pre>
 */
public interface SpecStart {
    /** Where the rule comes from (adds to earlier sources). */
    SpecStart source(Source... sources);

    /** How strongly the rule binds (MUST when not given). */
    SpecStart strength(Strength strength);

    /** A longer explanation shown in reports, e.g. where the seed's claim differs from a measurement. */
    SpecStart description(String text);

    /** Capabilities needed beyond those the scenario and expectations imply. */
    SpecStart requires(Capability... capabilities);

    /**
     * The rule holds only under profiles matching {@code applies}; elsewhere the spec is NOT_APPLICABLE with
     * {@code reasonOtherwise}, e.g. "profile has no FIN_WAIT_2 timer".
     */
    SpecStart onlyWhere(Predicate<Profile> applies, String reasonOtherwise);

    /**
     * Declares that this spec pins a trace that faults on the wire legitimately change (an exact count of segments,
     * a timing a retransmission lengthens, a lost RST that is never retransmitted), with the reason; the property
     * engine then does not explore it under faults ({@code tcpspec explore --spec '*'} names it instead), e.g.
     * {@code .faultSensitive("counts the server's FINs: a lost FIN is retransmitted (OC-9)")}. A spec that should hold
     * whatever the wire does declares nothing, and is explored.
     */
    SpecStart faultSensitive(String why);

    /** The setup: what exists before the scenario's steps. */
    GivenStep given(Setup setup);
}
