package dev.tcpspec.trace;

/**
 * One of the two hosts of a scenario. Every spec talks about a client (the host that connects) and a server (the
 * host that listens); a trace attributes each segment, state change and application result to one of them.
 *
 * <pre>{@code
 * Side closer = Side.CLIENT;
 * assert closer.peer() == Side.SERVER;
 * }</pre>
 */
public enum Side {
    CLIENT, SERVER;

    /** The other host. */
    public Side peer() {
        return this == CLIENT ? SERVER : CLIENT;
    }

    /** Lower-case name as used in messages: {@code client} or {@code server}. */
    public String label() {
        return this == CLIENT ? "client" : "server";
    }
}
