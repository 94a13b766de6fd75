package dev.tcpspec.examples.toytcp;

/** What a socket call of toytcp returns. */
public enum Outcome {
    OK, DATA, EOF, WOULD_BLOCK, CONNECTION_RESET, BROKEN_PIPE, TIMED_OUT, CONNECTION_REFUSED, ADDRESS_IN_USE,
    ADDRESS_NOT_AVAILABLE, NOT_CONNECTED
}
