package dev.tcpspec.dsl;

import dev.tcpspec.trace.Segment;

/**
 * A segment the harness crafts and injects, with its numbers written relative to the connection's current sequence
 * numbers as the wire has shown them: SEG.SEQ relative to the receiver's RCV.NXT (the last acknowledgement number it
 * sent), SEG.ACK relative to the receiver's SND.NXT (the end of what it has sent), TSval relative to the last TSval of
 * the endpoint it pretends to be. Immutable; made by {@link Tcp#rstSegment()}, {@link Tcp#dataSegment(int)} and
 * friends, injected with {@link Endpoint#injects(Crafted)}.
 *
 * <pre>{@code
 * server().injects(rstSegment())                         // RST with SEG.SEQ = RCV.NXT: aborts
 * server().injects(rstSegment().atSeq(100))              // in the window, not exact: draws a challenge ACK
 * server().injects(dataSegment(10).acking(-70_000))      // acknowledges data long gone: dropped, ACKed
 * server().injects(dataSegment(10).tsVal(-1000))         // an old duplicate that PAWS must reject
 * client().injects(ackSegment().toListener())            // a stray ACK at a listening port: RST, listener survives
 * }</pre>
 */
public final class Crafted {
    /** Where the segment goes. */
    public enum Target {
        /** To the other end of the sender's connection. */
        CONNECTION,
        /** To the server's listening port, from a port no connection uses. */
        LISTENER,
        /** To a port where nothing listens, from a port no connection uses. */
        CLOSED_PORT
    }

    /** What SEG.SEQ is measured from. */
    public enum SeqBase {
        /** The receiver's RCV.NXT. */
        RCV_NXT,
        /** The right edge of the receiver's window: RCV.NXT + RCV.WND. */
        WINDOW_END
    }

    private final String what;
    private final int flags;
    private final int dataLength;
    private final SeqBase seqBase;
    private final int seqOffset;
    private final Integer ackOffset;
    private final Integer tsValOffset;
    private final Target target;

    private Crafted(String what, int flags, int dataLength, SeqBase seqBase, int seqOffset, Integer ackOffset,
                    Integer tsValOffset, Target target) {
        this.what = what;
        this.flags = flags;
        this.dataLength = dataLength;
        this.seqBase = seqBase;
        this.seqOffset = seqOffset;
        this.ackOffset = ackOffset;
        this.tsValOffset = tsValOffset;
        this.target = target;
    }

    static Crafted of(String what, int flags, int dataLength, boolean withAck) {
        if (dataLength < 0) throw new IllegalArgumentException("a segment cannot carry " + dataLength + " bytes");
        return new Crafted(what, flags, dataLength, SeqBase.RCV_NXT, 0, withAck ? 0 : null, null, Target.CONNECTION);
    }

    /** SEG.SEQ = the receiver's RCV.NXT + {@code offset} (negative: old data; positive: ahead, maybe in the window). */
    public Crafted atSeq(int offset) {
        return new Crafted(what, flags, dataLength, SeqBase.RCV_NXT, offset, ackOffset, tsValOffset, target);
    }

    /** SEG.SEQ = the right edge of the receiver's window + {@code offset}: outside the window for offset &ge; 0. */
    public Crafted beyondWindow(int offset) {
        return new Crafted(what, flags, dataLength, SeqBase.WINDOW_END, offset, ackOffset, tsValOffset, target);
    }

    /** With the ACK bit and SEG.ACK = the receiver's SND.NXT + {@code offset} (0 acknowledges everything it sent). */
    public Crafted acking(int offset) {
        return new Crafted(what, flags, dataLength, seqBase, seqOffset, offset, tsValOffset, target);
    }

    /** Without the ACK bit. */
    public Crafted withoutAck() {
        return new Crafted(what, flags, dataLength, seqBase, seqOffset, null, tsValOffset, target);
    }

    /**
     * With the timestamps option, TSval = the last TSval of the endpoint it pretends to be + {@code offset}
     * (negative: older, as an old duplicate's). Without this call a segment carries timestamps exactly when the
     * connection uses them, with the current TSval.
     */
    public Crafted tsVal(int offset) {
        return new Crafted(what, flags, dataLength, seqBase, seqOffset, ackOffset, offset, target);
    }

    /** Aimed at the server's listening port from a port no connection uses. */
    public Crafted toListener() {
        return new Crafted(what, flags, dataLength, seqBase, seqOffset, ackOffset, tsValOffset, Target.LISTENER);
    }

    /** Aimed at a port of the other host where nothing listens, from a port no connection uses. */
    public Crafted toClosedPort() {
        return new Crafted(what, flags, dataLength, seqBase, seqOffset, ackOffset, tsValOffset, Target.CLOSED_PORT);
    }

    /** The control bits, without ACK (see {@link #ackOffset()}). */
    public int flags() {
        return flags;
    }

    /** How many data bytes the segment carries. */
    public int dataLength() {
        return dataLength;
    }

    /** What SEG.SEQ is measured from. */
    public SeqBase seqBase() {
        return seqBase;
    }

    /** SEG.SEQ relative to {@link #seqBase()}. */
    public int seqOffset() {
        return seqOffset;
    }

    /** SEG.ACK relative to the receiver's SND.NXT, or null for a segment without the ACK bit. */
    public Integer ackOffset() {
        return ackOffset;
    }

    /** TSval relative to the sender's last one, or null to follow the connection. */
    public Integer tsValOffset() {
        return tsValOffset;
    }

    /** Where the segment goes: the connection, the listening port, or a closed port. */
    public Target target() {
        return target;
    }

    /** E.g. {@code RST at RCV.NXT+100} or {@code 10 data bytes at RCV.NXT, ACK SND.NXT-70000, TSval -1000}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(what);
        if (target == Target.LISTENER) sb.append(" to the listening port");
        if (target == Target.CLOSED_PORT) sb.append(" to a closed port");
        if (target == Target.CONNECTION) {
            sb.append(seqBase == SeqBase.RCV_NXT ? " at RCV.NXT" : " at RCV.NXT+RCV.WND").append(signed(seqOffset));
        }
        if (ackOffset != null && (ackOffset != 0 || (flags & Segment.RST) != 0)) {
            sb.append(", ACK SND.NXT").append(signed(ackOffset));
        }
        if (tsValOffset != null) sb.append(", TSval").append(tsValOffset == 0 ? " current" : signed(tsValOffset));
        return sb.toString();
    }

    private static String signed(int n) {
        return n == 0 ? "" : (n > 0 ? "+" : "") + n;
    }

    @Override
    public String toString() {
        return describe();
    }
}
