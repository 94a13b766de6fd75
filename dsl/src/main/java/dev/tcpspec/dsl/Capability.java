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

    Capability(String description) {
        this.description = description;
    }

    /** What the capability allows, as a verb phrase: "observe segments on the wire". */
    public String description() {
        return description;
    }
}
