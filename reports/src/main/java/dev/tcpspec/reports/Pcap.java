package dev.tcpspec.reports;

import dev.tcpspec.trace.IpPacket;
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

    /** Writes the trace's pcap to {@code file}, atomically. */
    public static void write(Trace trace, Path file) throws IOException {
        AtomicFiles.write(file, of(trace));
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
}
