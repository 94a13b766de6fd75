package dev.tcpspec.examples.toytcp;

import java.util.EnumSet;
import java.util.Set;

/**
 * A TCP segment as toytcp sees it: ports, sequence numbers, control flags, window, the MSS and timestamps options
 * and the payload. Addresses are the host's business (toytcp talks to one peer).
 *
 * @param mss        the MSS option, or 0 when absent (only SYNs carry it)
 * @param timestamps the timestamps option (RFC 7323), or null when absent
 */
public record Packet(int srcPort, int dstPort, int seq, int ack, Set<Flag> flags, int window, int mss,
                     Timestamps timestamps, byte[] payload) {
    /** The control bits toytcp knows. */
    public enum Flag { SYN, ACK, FIN, RST, PSH }

    /** The timestamps option: the sender's clock (TSval) and the echo of the peer's (TSecr). */
    public record Timestamps(int value, int echo) {
    }

    static final byte[] EMPTY = new byte[0];

    public Packet {
        flags = flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
        if (payload == null) payload = EMPTY;
    }

    public boolean has(Flag f) {
        return flags.contains(f);
    }

    /** Sequence space the segment occupies: its payload, plus one for SYN and one for FIN. */
    public int seqLength() {
        return payload.length + (has(Flag.SYN) ? 1 : 0) + (has(Flag.FIN) ? 1 : 0);
    }

    @Override
    public Set<Flag> flags() {
        return EnumSet.copyOf(flags.isEmpty() ? EnumSet.noneOf(Flag.class) : flags);
    }

    @Override
    public String toString() {
        return srcPort + ">" + dstPort + " " + flags + " seq=" + Integer.toUnsignedString(seq) + " ack="
                + Integer.toUnsignedString(ack) + " win=" + window + " len=" + payload.length
                + (timestamps == null ? "" : " ts=" + Integer.toUnsignedString(timestamps.value()) + "/"
                + Integer.toUnsignedString(timestamps.echo()));
    }
}
