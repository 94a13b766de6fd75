package dev.tcpspec.trace;

/** The protocol timers a trace can show. */
public enum TimerKind {
    RETRANSMISSION, PERSIST, KEEPALIVE, TIME_WAIT, FIN_WAIT_2, LINGER;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
