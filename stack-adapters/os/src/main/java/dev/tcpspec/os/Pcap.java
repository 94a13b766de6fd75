package dev.tcpspec.os;

import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.TcpOptions;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
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
        int tcp;
        int tcpEnd;
        if (etherType == 0x0800) {
            if (frame.length < ip + 20 || (frame[ip + 9] & 0xFF) != 6) return null;
            tcp = ip + (frame[ip] & 0x0F) * 4;
            tcpEnd = ip + (b.getShort(ip + 2) & 0xFFFF);
        } else if (etherType == 0x86DD) {
            if (frame.length < ip + 40 || (frame[ip + 6] & 0xFF) != 6) return null;
            tcp = ip + 40;
            tcpEnd = tcp + (b.getShort(ip + 4) & 0xFFFF);
        } else {
            return null;
        }
        if (frame.length < tcp + 20) return null;
        int srcPort = b.getShort(tcp) & 0xFFFF;
        int dstPort = b.getShort(tcp + 2) & 0xFFFF;
        int seq = b.getInt(tcp + 4);
        int ack = b.getInt(tcp + 8);
        int dataOffset = ((frame[tcp + 12] & 0xF0) >> 4) * 4;
        int flags = frame[tcp + 13] & (Segment.FIN | Segment.SYN | Segment.RST | Segment.PSH | Segment.ACK);
        int window = b.getShort(tcp + 14) & 0xFFFF;
        TcpOptions options = options(frame, tcp + 20, Math.min(tcp + dataOffset, frame.length));
        int payloadStart = tcp + dataOffset;
        int payloadLength = Math.max(0, tcpEnd - payloadStart);
        byte[] payload = payloadLength == 0 ? Segment.NO_PAYLOAD
                : Arrays.copyOfRange(frame, Math.min(payloadStart, frame.length),
                Math.min(payloadStart, frame.length) + payloadLength);   // zero-filled past a snapped capture
        return new Segment(srcPort, dstPort, seq, ack, flags, window, payload, options);
    }

    private static TcpOptions options(byte[] f, int from, int to) {
        TcpOptions o = TcpOptions.NONE;
        int i = from;
        while (i < to) {
            int kind = f[i] & 0xFF;
            if (kind == 0) break;
            if (kind == 1) {
                i++;
                continue;
            }
            if (i + 1 >= to) break;
            int len = f[i + 1] & 0xFF;
            if (len < 2 || i + len > to) break;
            ByteBuffer b = ByteBuffer.wrap(f, i, len).order(ByteOrder.BIG_ENDIAN);
            if (kind == 2 && len == 4) o = o.withMss(b.getShort(i + 2) & 0xFFFF);
            if (kind == 8 && len == 10) o = o.withTimestamps(b.getInt(i + 2), b.getInt(i + 6));
            i += len;
        }
        return o;
    }
}
