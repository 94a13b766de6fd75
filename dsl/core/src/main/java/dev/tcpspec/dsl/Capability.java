package dev.tcpspec.dsl;

/**
 * What a stack adapter can do or see. A spec needs some (derived from its scenario and expectations, plus any it
 * declares); if the adapter lacks one, the spec is NOT_APPLICABLE with the adapter's reason.
 *
 * <pre>{@code
 * spec("TW-3", "...").requires(Capability.FAULT_INJECTION) ...
 * }</pre>
 */
public enum Capability {
    /** Endpoint states can be observed (the simulated stack; /proc on Linux). */
    STATE_OBSERVATION("observe endpoint states"),
    /**
     * States that last only until the peer's next segment arrives (SYN_SENT, SYN_RECEIVED, FIN_WAIT_1, CLOSING,
     * LAST_ACK: microseconds on loopback) can be observed too, not only those held until a timer or the application
     * acts. A stack observed by sampling (/proc on Linux) misses them; expectations about them need this.
     */
    TRANSIENT_STATE_OBSERVATION("observe states that last only microseconds, such as LAST_ACK on loopback"),
    /** Segments on the wire can be observed (the simulated wire; packet capture on Linux). */
    SEGMENT_OBSERVATION("observe segments on the wire"),
    /** Time is virtual: waiting hours costs nothing and timing is exact. */
    VIRTUAL_TIME("run on virtual time"),
    /** Chosen segments can be dropped, duplicated, delayed or reordered. */
    FAULT_INJECTION("drop, duplicate or delay chosen segments"),
    /** The initial sequence number can be chosen. */
    CHOSEN_ISS("choose the initial sequence number"),
    /** Arbitrary segments can be injected into a connection. */
    SEGMENT_INJECTION("inject crafted segments"),
    /** A host can crash (losing all connection state) and reboot. */
    HOST_CRASH("crash and reboot a host"),
    /** A socket can have several handles (dup, fork) and closing one is not closing the socket. */
    SHARED_HANDLES("hold several handles on one socket"),
    /** The stack's policy knobs (fin timeout, tw_reuse, timestamps) can be set per run. */
    PROFILE_CONTROL("set profile knobs per run");

    private final String description;

    /**
     * The capabilities needed to judge an expectation about {@code states}: state observation, and transient-state
     * observation if one of them is left as soon as the peer's next segment arrives.
     */
    public static java.util.Set<Capability> toObserve(dev.tcpspec.trace.TcpState... states) {
        for (dev.tcpspec.trace.TcpState s : states) {
            if (s.isTransient()) return java.util.Set.of(STATE_OBSERVATION, TRANSIENT_STATE_OBSERVATION);
        }
        return java.util.Set.of(STATE_OBSERVATION);
    }

    Capability(String description) {
        this.description = description;
    }

    /** What the capability allows, as a verb phrase: "observe segments on the wire". */
    public String description() {
        return description;
    }
}
