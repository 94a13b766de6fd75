package dev.tcpspec.reports;

import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;
import dev.tcpspec.trace.TraceInfo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A trace as a classic pcap file that tcpdump, tshark and Wireshark open: one raw IP packet (link type
 * {@code LINKTYPE_RAW}, 101) per segment, an IPv4 header (or IPv6, when the trace's addresses are IPv6) and a TCP
 * header with its options (MSS, timestamps), payload, and correct IP and TCP checksums. Timestamps are the trace's own
 * times with nanosecond resolution (magic {@code 0xa1b23c4d}), counted from the Unix epoch: a simulated run starts on
 * 1970-01-01, and Wireshark's relative times are the virtual times of the trace.
 *
 * <p>Which moment a packet stands for is the {@link Vantage}: {@link Vantage#SENT} (the default) writes each segment
 * once, when its sender handed it to the wire, as a capture at the sender would show it; segments the wire dropped
 * are in the file, duplicates once. {@link Vantage#DELIVERED} writes each copy that arrived, at its arrival time, as a
 * capture at the receiver would show it: drops are missing and duplicates twice. Traces without delivery events
 * (captured on a real kernel) give the same file either way.
 *
 * <pre>{@code
 * Pcap.write(result.trace(), Path.of("TW-2.pcap"));
 * // tshark -r TW-2.pcap -Y 'tcp.flags.fin == 1'
 * }</pre>
 */
public final class Pcap {
    /** Link type of raw IPv4/IPv6 packets, no link-layer header. */
    public static final int LINKTYPE_RAW = 101;
    /** Magic number of a classic pcap file with nanosecond timestamps. */
    public static final int MAGIC_NANOS = 0xa1b23c4d;
    private static final int SNAPLEN = 262_144;
    private static final int TTL = 64;
    private static final int PROTO_TCP = 6;

    /** When a packet is written: as sent, or as each copy arrived. */
    public enum Vantage { SENT, DELIVERED }

    private Pcap() {
    }

    /** The trace as pcap bytes, each segment as it was sent. */
    public static byte[] of(Trace trace) {
        return of(trace, Vantage.SENT);
    }

    /** The trace as pcap bytes, seen from {@code vantage}. */
    public static byte[] of(Trace trace, Vantage vantage) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);
        header.putInt(MAGIC_NANOS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(SNAPLEN)
                .putInt(LINKTYPE_RAW);
        out.writeBytes(header.array());
        Addresses addresses = new Addresses(trace.info());
        Map<Integer, TraceEvent.SegmentSent> byId = new HashMap<>();
        boolean anyDelivery = false;
        for (TraceEvent e : trace.events()) {
            if (e instanceof TraceEvent.SegmentSent s) byId.put(s.id(), s);
            if (e instanceof TraceEvent.Delivery) anyDelivery = true;
        }
        int[] ipId = new int[2];
        for (TraceEvent e : trace.events()) {
            TraceEvent.SegmentSent s = null;
            if (vantage == Vantage.SENT || !anyDelivery) {
                if (e instanceof TraceEvent.SegmentSent sent) s = sent;
            } else if (e instanceof TraceEvent.Delivery d) {
                s = byId.get(d.id());
            }
            if (s == null) continue;
            byte[] packet = packet(s.segment(), addresses.of(s.from()), addresses.of(s.from().peer()),
                    ipId[s.from().ordinal()]++);
            ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN);
            long t = Math.max(0, e.nanos());
            rec.putInt((int) (t / 1_000_000_000L)).putInt((int) (t % 1_000_000_000L)).putInt(packet.length)
                    .putInt(packet.length);
            out.writeBytes(rec.array());
            out.writeBytes(packet);
        }
        return out.toByteArray();
    }

    /** Writes the trace's pcap to {@code file}, atomically. */
    public static void write(Trace trace, Path file) throws IOException {
        AtomicFiles.write(file, of(trace));
    }

    /** One IP packet carrying {@code seg} from {@code src} to {@code dst}. */
    static byte[] packet(Segment seg, byte[] src, byte[] dst, int ipId) {
        byte[] tcp = tcpHeaderAndPayload(seg);
        int sum = pseudoHeaderSum(src, dst, tcp.length) + sum(tcp, 0, tcp.length);
        int checksum = fold(sum);
        tcp[16] = (byte) (checksum >>> 8);
        tcp[17] = (byte) checksum;
        if (src.length == 4) {
            ByteBuffer ip = ByteBuffer.allocate(20 + tcp.length).order(ByteOrder.BIG_ENDIAN);
            ip.put((byte) 0x45).put((byte) 0).putShort((short) (20 + tcp.length)).putShort((short) ipId)
                    .putShort((short) 0x4000) // don't fragment
                    .put((byte) TTL).put((byte) PROTO_TCP).putShort((short) 0).put(src).put(dst);
            byte[] bytes = ip.array();
            int ipSum = fold(sum(bytes, 0, 20));
            bytes[10] = (byte) (ipSum >>> 8);
            bytes[11] = (byte) ipSum;
            System.arraycopy(tcp, 0, bytes, 20, tcp.length);
            return bytes;
        }
        ByteBuffer ip = ByteBuffer.allocate(40 + tcp.length).order(ByteOrder.BIG_ENDIAN);
        ip.putInt(0x6000_0000).putShort((short) tcp.length).put((byte) PROTO_TCP).put((byte) TTL).put(src).put(dst)
                .put(tcp);
        return ip.array();
    }

    private static byte[] tcpHeaderAndPayload(Segment seg) {
        int optLen = seg.options().wireLength();
        ByteBuffer b = ByteBuffer.allocate(20 + optLen + seg.len()).order(ByteOrder.BIG_ENDIAN);
        b.putShort((short) seg.srcPort()).putShort((short) seg.dstPort()).putInt(seg.seq()).putInt(seg.ack())
                .put((byte) (((20 + optLen) / 4) << 4)).put((byte) seg.flags())
                .putShort((short) Math.min(seg.window(), 0xFFFF)).putShort((short) 0).putShort((short) 0);
        int start = b.position();
        if (seg.options().mss() > 0) b.put((byte) 2).put((byte) 4).putShort((short) seg.options().mss());
        if (seg.options().hasTimestamps()) {
            b.put((byte) 1).put((byte) 1).put((byte) 8).put((byte) 10).putInt(seg.options().tsVal())
                    .putInt(seg.options().tsEcr());
        }
        while (b.position() < start + optLen) b.put((byte) 0); // end of options, padding
        b.put(seg.payload());
        return b.array();
    }

    private static int pseudoHeaderSum(byte[] src, byte[] dst, int tcpLength) {
        int sum = sum(src, 0, src.length) + sum(dst, 0, dst.length);
        if (src.length == 4) return sum + PROTO_TCP + tcpLength;
        return sum + (tcpLength >>> 16) + (tcpLength & 0xFFFF) + PROTO_TCP;
    }

    /** The 16-bit one's complement sum of {@code len} bytes (RFC 1071), unfolded. */
    static int sum(byte[] b, int off, int len) {
        int sum = 0;
        for (int i = 0; i + 1 < len; i += 2) sum += ((b[off + i] & 0xFF) << 8) | (b[off + i + 1] & 0xFF);
        if ((len & 1) != 0) sum += (b[off + len - 1] & 0xFF) << 8;
        return sum;
    }

    /** Folds a sum to 16 bits and complements it. */
    static int fold(int sum) {
        while ((sum >>> 16) != 0) sum = (sum & 0xFFFF) + (sum >>> 16);
        return ~sum & 0xFFFF;
    }

    /** The two hosts' addresses as bytes; 10.0.0.1 and 10.0.0.2 when the trace does not say. */
    private static final class Addresses {
        private final byte[] client;
        private final byte[] server;

        Addresses(TraceInfo info) {
            byte[] c = parse(info.clientAddress());
            byte[] s = parse(info.serverAddress());
            if (c == null || s == null || c.length != s.length) {
                c = new byte[]{10, 0, 0, 1};
                s = new byte[]{10, 0, 0, 2};
            }
            client = c;
            server = s;
        }

        byte[] of(Side side) {
            return side == Side.CLIENT ? client : server;
        }

        /** An IPv4 or IPv6 literal as bytes, or null; never a name lookup. */
        static byte[] parse(String address) {
            if (address == null || address.isBlank()) return null;
            String a = address.trim();
            int slash = a.indexOf('%');
            if (slash >= 0) a = a.substring(0, slash);
            if (a.startsWith("[") && a.endsWith("]")) a = a.substring(1, a.length() - 1);
            if (a.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                String[] parts = a.split("\\.");
                byte[] out = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int v = Integer.parseInt(parts[i]);
                    if (v > 255) return null;
                    out[i] = (byte) v;
                }
                return out;
            }
            if (a.contains(":") && a.matches("[0-9A-Fa-f:.]+")) {
                try {
                    return java.net.InetAddress.getByName(a).getAddress(); // a literal: no lookup happens
                } catch (java.net.UnknownHostException e) {
                    return null;
                }
            }
            return null;
        }
    }
}
