package dev.tcpspec.trace;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The one codec between a {@link Segment} and the IPv4 or IPv6 packet that carries it: what the packet wire writes
 * into a real stack and reads back, what the pcap writer puts in a file and what the capture reader takes out of one.
 * Headers carry correct checksums (RFC 1071 over the pseudo-header, RFC 9293 §3.1; RFC 8200 §8.1 for IPv6); the TCP
 * options tcpspec models (MSS, timestamps) are written and read, others are skipped on reading.
 *
 * <pre>{@code
 * byte[] wire = IpPacket.encode(segment, IpPacket.address("192.0.2.2"), IpPacket.address("192.0.2.1"), 1);
 * IpPacket.Decoded back = IpPacket.decode(wire, 0, wire.length);   // null for anything that is not TCP
 * assert back.segment().equals(segment) && back.checksumOk();
 * }</pre>
 */
public final class IpPacket {
    /** IP protocol number of TCP. */
    public static final int PROTO_TCP = 6;
    private static final int TTL = 64;

    private IpPacket() {
    }

    /**
     * A TCP segment read out of a packet, with the packet's addresses (4 bytes for IPv4, 16 for IPv6).
     *
     * @param checksumOk whether the TCP checksum (and, for IPv4, the header checksum) verified
     */
    public record Decoded(byte[] source, byte[] destination, Segment segment, boolean checksumOk) {
        /** 4 or 6. */
        public int version() {
            return source.length == 4 ? 4 : 6;
        }
    }

    /** One IP packet carrying {@code seg} from {@code src} to {@code dst} (both 4 or both 16 bytes). */
    public static byte[] encode(Segment seg, byte[] src, byte[] dst, int ipId) {
        if (src.length != dst.length || (src.length != 4 && src.length != 16)) {
            throw new IllegalArgumentException("addresses must both be IPv4 (4 bytes) or both IPv6 (16 bytes), not "
                    + src.length + " and " + dst.length);
        }
        byte[] tcp = tcpHeaderAndPayload(seg);
        int checksum = fold(pseudoHeaderSum(src, dst, tcp.length) + sum(tcp, 0, tcp.length));
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

    /**
     * The TCP segment in the IP packet at {@code packet[off..off+len)}, or null if it carries something else (ICMP,
     * an IPv6 neighbour solicitation, a fragment) or is too short to hold a TCP header.
     */
    public static Decoded decode(byte[] packet, int off, int len) {
        if (len < 1) return null;
        int version = (packet[off] & 0xF0) >>> 4;
        ByteBuffer b = ByteBuffer.wrap(packet).order(ByteOrder.BIG_ENDIAN);
        int tcp;
        int tcpEnd;
        byte[] src;
        byte[] dst;
        boolean ipOk = true;
        if (version == 4) {
            if (len < 20 || (packet[off + 9] & 0xFF) != PROTO_TCP) return null;
            int ihl = (packet[off] & 0x0F) * 4;
            int flagsFragment = b.getShort(off + 6) & 0xFFFF;
            if ((flagsFragment & 0x1FFF) != 0 || (flagsFragment & 0x2000) != 0) return null; // a fragment
            tcp = off + ihl;
            tcpEnd = off + Math.min(len, b.getShort(off + 2) & 0xFFFF);
            src = Arrays.copyOfRange(packet, off + 12, off + 16);
            dst = Arrays.copyOfRange(packet, off + 16, off + 20);
            ipOk = fold(sum(packet, off, ihl)) == 0;
        } else if (version == 6) {
            if (len < 40 || (packet[off + 6] & 0xFF) != PROTO_TCP) return null; // extension headers: not TCP here
            tcp = off + 40;
            tcpEnd = tcp + Math.min(len - 40, b.getShort(off + 4) & 0xFFFF);
            src = Arrays.copyOfRange(packet, off + 8, off + 24);
            dst = Arrays.copyOfRange(packet, off + 24, off + 40);
        } else {
            return null;
        }
        if (tcpEnd < tcp + 20) return null;
        Segment s = segment(packet, tcp, tcpEnd);
        boolean tcpOk = fold(pseudoHeaderSum(src, dst, tcpEnd - tcp) + sum(packet, tcp, tcpEnd - tcp)) == 0;
        return new Decoded(src, dst, s, ipOk && tcpOk);
    }

    /** The TCP header and payload at {@code f[tcp..tcpEnd)} as a segment. */
    static Segment segment(byte[] f, int tcp, int tcpEnd) {
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.BIG_ENDIAN);
        int srcPort = b.getShort(tcp) & 0xFFFF;
        int dstPort = b.getShort(tcp + 2) & 0xFFFF;
        int seq = b.getInt(tcp + 4);
        int ack = b.getInt(tcp + 8);
        int dataOffset = Math.max(20, ((f[tcp + 12] & 0xF0) >> 4) * 4);
        int flags = f[tcp + 13] & (Segment.FIN | Segment.SYN | Segment.RST | Segment.PSH | Segment.ACK);
        int window = b.getShort(tcp + 14) & 0xFFFF;
        int payloadStart = Math.min(tcp + dataOffset, tcpEnd);
        TcpOptions options = options(f, tcp + 20, payloadStart);
        byte[] payload = payloadStart >= tcpEnd ? Segment.NO_PAYLOAD : Arrays.copyOfRange(f, payloadStart, tcpEnd);
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
            ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.BIG_ENDIAN);
            if (kind == 2 && len == 4) o = o.withMss(b.getShort(i + 2) & 0xFFFF);
            if (kind == 8 && len == 10) o = o.withTimestamps(b.getInt(i + 2), b.getInt(i + 6));
            i += len;
        }
        return o;
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

    /**
     * An IPv4 or IPv6 literal ({@code 192.0.2.1}, {@code 2001:db8::1}, {@code [::1]}) as 4 or 16 bytes, or null when
     * {@code literal} is not one; never a name lookup.
     */
    public static byte[] address(String literal) {
        if (literal == null || literal.isBlank()) return null;
        String a = literal.trim();
        int zone = a.indexOf('%');
        if (zone >= 0) a = a.substring(0, zone);
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
                return InetAddress.getByName(a).getAddress(); // a literal: no lookup happens
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }

    /** The text of a 4- or 16-byte address: {@code 192.0.2.1}, {@code 2001:db8::1}. */
    public static String text(byte[] address) {
        try {
            String s = InetAddress.getByAddress(address).getHostAddress();
            return address.length == 16 ? compress(s) : s;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address.length + " bytes");
        }
    }

    /** RFC 5952 form of the JDK's full IPv6 text ({@code 2001:db8:0:0:0:0:0:1} becomes {@code 2001:db8::1}). */
    private static String compress(String full) {
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < groups.length; ) {
            if (!groups[i].equals("0")) {
                i++;
                continue;
            }
            int j = i;
            while (j < groups.length && groups[j].equals("0")) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestStart < 0) return full;
        String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
        return head + "::" + tail;
    }
}
