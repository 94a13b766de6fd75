package dev.tcpspec.examples.toytcp;

/**
 * The connection states of RFC 9293 that toytcp uses. TIME_WAIT is absent on purpose: see {@link Transitions}.
 */
public enum State {
    CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK;

    /** Both initial sequence numbers known (RFC 9293's synchronized states). */
    boolean synchronizedState() {
        return this != CLOSED && this != LISTEN && this != SYN_SENT;
    }
}
