package dev.tcpspec.trace;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pcap codec of tcpspec, one for every module: a trace written as a classic pcap file (the reports' capture of a
 * failure) and the TCP segments read back out of a pcap stream (what the {@code os} adapter captures with tcpdump on
 * loopback). Both go through {@link IpPacket}, the one IP/TCP header codec.
 *
 * <p><b>Writing.</b> A trace as a classic pcap file that tcpdump, tshark and Wireshark open: one raw IP packet (link type
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
 * <p><b>Reading.</b> {@link #read(InputStream)} takes what {@code tcpdump -w -} and {@code dumpcap -P -w -} write on a
 * loopback interface: Ethernet framing (DLT_EN10MB, as Linux gives {@code lo}), Linux cooked capture or raw IP,
 * IPv4 or IPv6, microsecond or nanosecond timestamps, either byte order.
 *
 * <pre>{@code
 * Files.write(Path.of("TW-2.pcap"), Pcap.of(result.trace()));
 * // tshark -r TW-2.pcap -Y 'tcp.flags.fin == 1'
 * for (Pcap.Packet p : Pcap.read(in)) System.out.println(p.epochNanos() + " " + p.segment());
 * }</pre>
 */
public final class Pcap {
    /** Link type of raw IPv4/IPv6 packets, no link-layer header. */
    public static final int LINKTYPE_RAW = 101;
    /** Magic number of a classic pcap file with nanosecond timestamps. */
    public static final int MAGIC_NANOS = 0xa1b23c4d;
    private static final int SNAPLEN = 262_144;

    /** One captured TCP segment, with its capture time in nanoseconds since the epoch. */
    public record Packet(long epochNanos, Segment segment) {
    }

    private static final int LINKTYPE_ETHERNET = 1;
    private static final int LINKTYPE_LINUX_SLL = 113;
    private static final int LINKTYPE_LINUX_SLL2 = 276;

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
            if (e instanceof TraceEvent.SegmentInjected i) byId.put(i.id(), i.asSent()); // on the wire all the same
            if (e instanceof TraceEvent.Delivery) anyDelivery = true;
        }
        int[] ipId = new int[2];
        for (TraceEvent e : trace.events()) {
            TraceEvent.SegmentSent s = null;
            if (vantage == Vantage.SENT || !anyDelivery) {
                if (e instanceof TraceEvent.SegmentSent sent) s = sent;
                if (e instanceof TraceEvent.SegmentInjected injected) s = injected.asSent();
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

    /** One IP packet carrying {@code seg} from {@code src} to {@code dst}. */
    static byte[] packet(Segment seg, byte[] src, byte[] dst, int ipId) {
        return IpPacket.encode(seg, src, dst, ipId);
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
            return IpPacket.address(address);
        }
    }

    /** Every TCP segment in the stream, until its end; a truncated last record is ignored. */
    public static List<Packet> read(InputStream stream) throws IOException {
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
    public static Segment segment(byte[] frame, int linkType) {
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
            case LINKTYPE_RAW -> {
                if (frame.length < 1) return null;
                etherType = (frame[0] >> 4 & 0xF) == 6 ? 0x86DD : 0x0800;
                ip = 0;
            }
            default -> throw new IllegalArgumentException("link type " + linkType + " is not read (expected a loopback capture)");
        }
        if (etherType != 0x0800 && etherType != 0x86DD) return null;
        IpPacket.Decoded d = IpPacket.decode(frame, ip, frame.length - ip);
        return d == null ? null : d.segment();
    }
}
