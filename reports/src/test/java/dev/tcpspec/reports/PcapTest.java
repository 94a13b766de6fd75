package dev.tcpspec.reports;

import dev.tcpspec.trace.Pcap;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;
import dev.tcpspec.trace.TraceInfo;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bytes of the pcap export, checked by hand (PcapToolTest in specs has tshark read them). */
class PcapTest {
    record Packet(long nanos, byte[] bytes) {
    }

    static List<Packet> packets(byte[] pcap) {
        ByteBuffer b = ByteBuffer.wrap(pcap);
        assertThat(b.getInt()).isEqualTo(0xa1b23c4d);
        assertThat(b.getShort()).isEqualTo((short) 2);
        assertThat(b.getShort()).isEqualTo((short) 4);
        b.getInt();
        b.getInt();
        b.getInt();
        assertThat(b.getInt()).isEqualTo(Pcap.LINKTYPE_RAW);
        List<Packet> out = new ArrayList<>();
        while (b.hasRemaining()) {
            long sec = Integer.toUnsignedLong(b.getInt());
            long nsec = b.getInt();
            int incl = b.getInt();
            assertThat(b.getInt()).isEqualTo(incl);
            byte[] p = new byte[incl];
            b.get(p);
            out.add(new Packet(sec * 1_000_000_000L + nsec, p));
        }
        return out;
    }

    @Test
    void oneIpv4PacketPerSegmentAsSentWithValidChecksums() {
        Trace trace = Fixtures.closeTrace();
        List<Packet> packets = packets(Pcap.of(trace));
        List<TraceEvent.SegmentSent> sent = trace.segments();
        assertThat(packets).hasSize(sent.size());
        for (int i = 0; i < packets.size(); i++) {
            byte[] p = packets.get(i).bytes();
            Segment s = sent.get(i).segment();
            assertThat(packets.get(i).nanos()).isEqualTo(sent.get(i).nanos());
            assertThat(p[0]).isEqualTo((byte) 0x45);
            assertThat(fold(sum(p, 0, 20))).as("IPv4 header checksum").isZero();
            int tcpLen = p.length - 20;
            byte[] pseudo = new byte[12];
            System.arraycopy(p, 12, pseudo, 0, 8);
            pseudo[9] = 6;
            pseudo[10] = (byte) (tcpLen >> 8);
            pseudo[11] = (byte) tcpLen;
            assertThat(fold(sum(pseudo, 0, 12) + sum(p, 20, tcpLen))).as("TCP checksum").isZero();
            ByteBuffer tcp = ByteBuffer.wrap(p, 20, tcpLen);
            assertThat(tcp.getShort() & 0xFFFF).isEqualTo(s.srcPort());
            assertThat(tcp.getShort() & 0xFFFF).isEqualTo(s.dstPort());
            assertThat(tcp.getInt()).isEqualTo(s.seq());
            assertThat(tcp.getInt()).isEqualTo(s.ack());
            int dataOffset = ((tcp.get() & 0xFF) >> 4) * 4;
            assertThat(tcp.get() & 0xFF).isEqualTo(s.flags());
            assertThat(dataOffset).isEqualTo(20 + s.options().wireLength());
            assertThat(Arrays.copyOfRange(p, 20 + dataOffset, p.length)).isEqualTo(s.payload());
        }
        byte[] syn = packets.get(0).bytes();
        assertThat(Arrays.copyOfRange(syn, 12, 20)).containsExactly(10, 0, 0, 1, 10, 0, 0, 2);
        assertThat(Arrays.copyOfRange(syn, 40, 56)).as("MSS 1460, NOP, NOP, timestamps 1000/0")
                .containsExactly(2, 4, 0x05, (byte) 0xb4, 1, 1, 8, 10, 0, 0, 0x03, (byte) 0xe8, 0, 0, 0, 0);
    }

    @Test
    void asDeliveredDropsAreMissingAndDuplicatesTwice() {
        Trace trace = Fixtures.closeTrace();
        List<Packet> packets = packets(Pcap.of(trace, Pcap.Vantage.DELIVERED));
        assertThat(packets).hasSize(trace.eventsOf(TraceEvent.Delivery.class).size())
                .hasSize(trace.segments().size()); // one dropped, one duplicated
        assertThat(packets).extracting(Packet::nanos).isSorted();
    }

    @Test
    void ipv6AddressesGiveIpv6Packets() {
        Trace t = Fixtures.closeTrace();
        Trace v6 = new Trace(new TraceInfo("os", "linux", 1, "::1", "::1"), t.events(), t.endNanos());
        byte[] p = packets(Pcap.of(v6)).get(0).bytes();
        assertThat(p[0] >> 4).isEqualTo(6);
        assertThat(p[6]).isEqualTo((byte) 6);
    }

    /** RFC 1071's one's complement sum, computed here independently of the codec under test. */
    @Test
    void whatTheWriterWritesTheReaderReadsBack() throws Exception {
        // one codec: the reports' files and the os adapter's captures go through the same class
        Trace trace = Fixtures.closeTrace();
        List<Segment> sent = new ArrayList<>();
        for (TraceEvent e : trace.events()) {
            if (e instanceof TraceEvent.SegmentSent s) sent.add(s.segment());
        }
        List<Pcap.Packet> read = Pcap.read(new java.io.ByteArrayInputStream(Pcap.of(trace)));
        assertThat(read).extracting(Pcap.Packet::segment).containsExactlyElementsOf(sent);
    }

    private static int sum(byte[] b, int off, int len) {
        int sum = 0;
        for (int i = 0; i + 1 < len; i += 2) sum += ((b[off + i] & 0xFF) << 8) | (b[off + i + 1] & 0xFF);
        if ((len & 1) != 0) sum += (b[off + len - 1] & 0xFF) << 8;
        return sum;
    }

    private static int fold(int sum) {
        while ((sum >>> 16) != 0) sum = (sum & 0xFFFF) + (sum >>> 16);
        return ~sum & 0xFFFF;
    }
}
