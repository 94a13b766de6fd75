package dev.tcpspec.os;

import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.IpPacket;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the TCP segments out of a classic pcap stream (what {@code tcpdump -w -} and {@code dumpcap -P -w -} write)
 * captured on a loopback interface: Ethernet framing (DLT_EN10MB, as Linux gives {@code lo}) or Linux cooked capture,
 * IPv4 or IPv6, microsecond or nanosecond timestamps, either byte order.
 *
 * <pre>{@code
 * for (Pcap.Packet p : Pcap.read(in)) System.out.println(p.epochNanos() + " " + p.segment());
 * }</pre>
 */
final class Pcap {
    /** One captured TCP segment, with its capture time in nanoseconds since the epoch. */
    record Packet(long epochNanos, Segment segment) {
    }

    private static final int LINKTYPE_ETHERNET = 1;
    private static final int LINKTYPE_LINUX_SLL = 113;
    private static final int LINKTYPE_LINUX_SLL2 = 276;

    private Pcap() {
    }

    /** Every TCP segment in the stream, until its end; a truncated last record is ignored. */
    static List<Packet> read(InputStream stream) throws IOException {
        List<Packet> out = new ArrayList<>();
        DataInputStream in = new DataInputStream(stream);
        byte[] header = new byte[24];
        try {
            in.readFully(header);
        } catch (EOFException e) {
            return out;
        }
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        int magic = h.getInt(0);
        ByteOrder order;
        boolean nanos;
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            order = ByteOrder.LITTLE_ENDIAN;
            nanos = magic == 0xa1b23c4d;
        } else if (Integer.reverseBytes(magic) == 0xa1b2c3d4 || Integer.reverseBytes(magic) == 0xa1b23c4d) {
            order = ByteOrder.BIG_ENDIAN;
            nanos = Integer.reverseBytes(magic) == 0xa1b23c4d;
        } else {
            throw new IOException(String.format("not a pcap stream (magic %08x); pcapng is not read, ask dumpcap for -P", magic));
        }
        h.order(order);
        int linkType = h.getInt(20) & 0x0FFFFFFF;
        byte[] rec = new byte[16];
        while (true) {
            try {
                in.readFully(rec);
            } catch (EOFException e) {
                return out;
            }
            ByteBuffer r = ByteBuffer.wrap(rec).order(order);
            long sec = r.getInt(0) & 0xFFFFFFFFL;
            long frac = r.getInt(4) & 0xFFFFFFFFL;
            int captured = r.getInt(8);
            byte[] data = new byte[captured];
            try {
                in.readFully(data);
            } catch (EOFException e) {
                return out;
            }
            Segment s = segment(data, linkType);
            if (s != null) out.add(new Packet(sec * 1_000_000_000L + (nanos ? frac : frac * 1000L), s));
        }
    }

    /** The TCP segment in one frame, or null for anything else. */
    static Segment segment(byte[] frame, int linkType) {
        ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.BIG_ENDIAN);
        int ip;
        int etherType;
        switch (linkType) {
            case LINKTYPE_ETHERNET -> {
                if (frame.length < 14) return null;
                etherType = b.getShort(12) & 0xFFFF;
                ip = 14;
            }
            case LINKTYPE_LINUX_SLL -> {
                if (frame.length < 16) return null;
                etherType = b.getShort(14) & 0xFFFF;
                ip = 16;
            }
            case LINKTYPE_LINUX_SLL2 -> {
                if (frame.length < 20) return null;
                etherType = b.getShort(0) & 0xFFFF;
                ip = 20;
            }
            default -> throw new IllegalArgumentException("link type " + linkType + " is not read (expected a loopback capture)");
        }
        if (etherType != 0x0800 && etherType != 0x86DD) return null;
        IpPacket.Decoded d = IpPacket.decode(frame, ip, frame.length - ip);
        return d == null ? null : d.segment();
    }
}
