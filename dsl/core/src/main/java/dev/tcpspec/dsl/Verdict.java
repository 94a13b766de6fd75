package dev.tcpspec.dsl;

/**
 * The outcome of running one spec against one stack.
 */
public enum Verdict {
    /** Every expectation held. */
    PASS,
    /** At least one expectation did not hold. */
    FAIL,
    /** The stack lacks a capability the spec needs, or the profile does not have the rule; never a pass. */
    NOT_APPLICABLE,
    /** The adapter threw or hung; nothing can be said about the rule. */
    ERROR
}
