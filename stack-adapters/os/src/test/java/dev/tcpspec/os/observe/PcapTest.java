package dev.tcpspec.os.observe;


import dev.tcpspec.trace.Pcap;
import dev.tcpspec.trace.Segment;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading the segments out of a pcap stream as tcpdump writes it on lo. */
class PcapTest {
    /** An Ethernet frame on lo (zero MACs) holding IPv4 127.0.0.1:43320 -> :40819 [FIN,PSH,ACK] with timestamps and 3 bytes. */
    static final String IPV4_FIN = "000000000000" + "000000000000" + "0800"
            + "4500" + "0037" + "0000" + "4000" + "4006" + "0000" + "7f000001" + "7f000001"
            + "a938" + "9f73" + "deadbeef" + "01020304" + "8019" + "0200" + "0000" + "0000"
            + "0101080a" + "00000010" + "00000020"
            + "616263";

    /** IPv6 ::1 -> ::1 [SYN] with MSS 65476. */
    static final String IPV6_SYN = "000000000000" + "000000000000" + "86dd"
            + "60000000" + "0018" + "06" + "40" + "00000000000000000000000000000001" + "00000000000000000000000000000001"
            + "c000" + "0050" + "00000001" + "00000000" + "6002" + "ffff" + "0000" + "0000"
            + "0204ffc4";

    @Test
    void ipv4_and_ipv6_segments_come_out_with_ports_numbers_flags_options_and_payload() throws IOException {
        byte[] pcap = pcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, List.of(IPV4_FIN, IPV6_SYN));

        List<Pcap.Packet> packets = Pcap.read(new ByteArrayInputStream(pcap));

        assertThat(packets).hasSize(2);
        Segment fin = packets.get(0).segment();
        assertThat(packets.get(0).epochNanos()).isEqualTo(1_700_000_000_000_000_000L + 123_456_000L);
        assertThat(fin.srcPort()).isEqualTo(43320);
        assertThat(fin.dstPort()).isEqualTo(40819);
        assertThat(Integer.toUnsignedLong(fin.seq())).isEqualTo(0xdeadbeefL);
        assertThat(fin.ack()).isEqualTo(0x01020304);
        assertThat(fin.flagNames()).isEqualTo("FIN,PSH,ACK");
        assertThat(fin.window()).isEqualTo(0x200);
        assertThat(fin.options().hasTimestamps()).isTrue();
        assertThat(fin.options().tsVal()).isEqualTo(0x10);
        assertThat(fin.options().tsEcr()).isEqualTo(0x20);
        assertThat(new String(fin.payload())).isEqualTo("abc");

        Segment syn = packets.get(1).segment();
        assertThat(syn.srcPort()).isEqualTo(0xc000);
        assertThat(syn.dstPort()).isEqualTo(80);
        assertThat(syn.flagNames()).isEqualTo("SYN");
        assertThat(syn.options().mss()).isEqualTo(65476);
        assertThat(syn.len()).isZero();
    }

    @Test
    void big_endian_nanosecond_files_read_the_same() throws IOException {
        byte[] pcap = pcap(ByteOrder.BIG_ENDIAN, 0xa1b23c4d, List.of(IPV4_FIN));

        List<Pcap.Packet> packets = Pcap.read(new ByteArrayInputStream(pcap));

        assertThat(packets).singleElement().satisfies(p -> {
            assertThat(p.epochNanos()).isEqualTo(1_700_000_000_000_000_000L + 123_456L);
            assertThat(p.segment().flagNames()).isEqualTo("FIN,PSH,ACK");
        });
    }

    @Test
    void a_stream_cut_short_yields_the_whole_records_and_pcapng_is_refused() throws IOException {
        byte[] pcap = pcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, List.of(IPV4_FIN, IPV6_SYN));
        byte[] cut = java.util.Arrays.copyOf(pcap, pcap.length - 5);

        assertThat(Pcap.read(new ByteArrayInputStream(cut))).hasSize(1);
        assertThat(Pcap.read(new ByteArrayInputStream(new byte[0]))).isEmpty();
        byte[] pcapng = HexFormat.of().parseHex("0a0d0d0a000000000000000000000000000000000000000000");
        assertThatThrownBy(() -> Pcap.read(new ByteArrayInputStream(pcapng))).hasMessageContaining("not a pcap stream");
    }

    private static byte[] pcap(ByteOrder order, int magic, List<String> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(order);
        h.putInt(magic).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
        out.writeBytes(h.array());
        for (String hex : frames) {
            byte[] frame = HexFormat.of().parseHex(hex);
            ByteBuffer r = ByteBuffer.allocate(16).order(order);
            r.putInt(1_700_000_000).putInt(magic == 0xa1b23c4d ? 123_456 : 123_456).putInt(frame.length)
                    .putInt(frame.length);
            out.writeBytes(r.array());
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }
}
