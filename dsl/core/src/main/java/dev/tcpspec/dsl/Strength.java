package dev.tcpspec.dsl;

/**
 * How strongly a rule binds, in RFC 2119 terms, or {@link #PLATFORM} for behaviour of a particular platform
 * (Linux's FIN_WAIT_2 timeout, Java's close sequence) that no RFC requires.
 */
public enum Strength {
    MUST, SHOULD, MAY, PLATFORM
}
