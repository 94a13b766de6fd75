package dev.tcpspec.reports;


import dev.tcpspec.trace.Pcap;
import dev.tcpspec.run.SpecRunner;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.sim.Mutant;
import dev.tcpspec.sim.Stacks;
import dev.tcpspec.specs.LingerSpecs;
import dev.tcpspec.specs.TimeWaitSpecs;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** tshark reads the pcap of a failing spec: every segment, flags, numbers, checksums, and the RST or FIN at issue. */
class PcapInTsharkTest {
    private static List<String[]> packets(Path pcap) throws Exception {
        ExternalTool tshark = ExternalTool.require("tshark", "tshark");
        ExternalTool.Output o = tshark.run(Duration.ofSeconds(60), "-r", pcap.toString(),
                "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE", "-T", "fields", "-E", "separator=/t",
                "-e", "frame.time_relative", "-e", "ip.src", "-e", "ip.dst", "-e", "tcp.srcport", "-e", "tcp.dstport",
                "-e", "tcp.flags", "-e", "tcp.seq_raw", "-e", "tcp.ack_raw", "-e", "tcp.len",
                "-e", "ip.checksum.status", "-e", "tcp.checksum.status");
        assertThat(o.status()).as(o.stderr()).isZero();
        List<String[]> rows = new ArrayList<>();
        for (String line : o.stdout().split("\n")) {
            if (!line.isBlank()) rows.add(line.split("\t", -1));
        }
        return rows;
    }

    /** Every segment of the trace, in order, as tshark decodes it, with good IP and TCP checksums. */
    private static List<String[]> matchesTrace(Trace trace, Path pcap) throws Exception {
        java.nio.file.Files.write(pcap, Pcap.of(trace));
        List<String[]> rows = packets(pcap);
        List<TraceEvent.SegmentSent> sent = trace.segments();
        assertThat(rows).hasSize(sent.size());
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            TraceEvent.SegmentSent s = sent.get(i);
            Segment seg = s.segment();
            String where = "packet " + (i + 1) + " (" + seg + ")";
            assertThat(Math.round(Double.parseDouble(row[0]) * 1e9)).as(where).isEqualTo(s.nanos());
            assertThat(row[1]).as(where).isEqualTo(trace.info().address(s.from()));
            assertThat(row[2]).as(where).isEqualTo(trace.info().address(s.from().peer()));
            assertThat(Integer.parseInt(row[3])).as(where).isEqualTo(seg.srcPort());
            assertThat(Integer.parseInt(row[4])).as(where).isEqualTo(seg.dstPort());
            assertThat(Integer.decode(row[5])).as(where).isEqualTo(seg.flags());
            assertThat(Long.parseLong(row[6])).as(where).isEqualTo(Integer.toUnsignedLong(seg.seq()));
            assertThat(Long.parseLong(row[7])).as(where).isEqualTo(Integer.toUnsignedLong(seg.ack()));
            assertThat(Integer.parseInt(row[8])).as(where).isEqualTo(seg.len());
            assertThat(row[9]).as(where + ": IP checksum good").isEqualTo("1");
            assertThat(row[10]).as(where + ": TCP checksum good").isEqualTo("1");
        }
        return rows;
    }

    private static SpecResult failing(Spec spec, Mutant mutant) {
        SpecResult r = SpecRunner.run(spec, Stacks.simulated(mutant));
        assertThat(r.verdict()).as(r.explain()).isEqualTo(Verdict.FAIL);
        return r;
    }

    @Test
    void theRstOfAStackWithoutTimeWaitIsInTheCapture(@TempDir Path dir) throws Exception {
        SpecResult r = failing(TimeWaitSpecs.TW_4, Mutant.NO_TIME_WAIT);
        List<String[]> rows = matchesTrace(r.trace(), dir.resolve("TW-4.pcap"));
        TraceEvent.SegmentSent rst = r.trace().segments(s -> s.segment().rst()).get(0);
        assertThat(rst.from()).isEqualTo(Side.CLIENT);
        assertThat(rows).anySatisfy(row -> {
            assertThat(Integer.decode(row[5]) & Segment.RST).isNotZero();
            assertThat(row[1]).isEqualTo("10.0.0.1");
            assertThat(Long.parseLong(row[6])).isEqualTo(Integer.toUnsignedLong(rst.segment().seq()));
        });
    }

    @Test
    void theFinThatLingerZeroMustNotSendIsInTheCapture(@TempDir Path dir) throws Exception {
        SpecResult r = failing(LingerSpecs.LG_2, Mutant.LINGER_ZERO_SENDS_FIN);
        List<String[]> rows = matchesTrace(r.trace(), dir.resolve("LG-2.pcap"));
        assertThat(rows).anySatisfy(row -> {
            assertThat(Integer.decode(row[5]) & Segment.FIN).isNotZero();
            assertThat(row[1]).isEqualTo("10.0.0.1");
        });
        assertThat(rows).noneSatisfy(row -> assertThat(Integer.decode(row[5]) & Segment.RST).isNotZero());
    }

    @Test
    void optionsAndPayloadDecode(@TempDir Path dir) throws Exception {
        // the linux profile offers timestamps; TW-1 carries an HTTP request and response
        SpecResult r = SpecRunner.run(TimeWaitSpecs.TW_1, Stacks.simulated(Mutant.NO_TIME_WAIT),
                RunOptions.defaults().withProfile(Profile.linux()));
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        Path pcap = dir.resolve("TW-1.pcap");
        matchesTrace(r.trace(), pcap);
        ExternalTool.Output o = ExternalTool.require("tshark", "tshark").run(Duration.ofSeconds(60), "-r",
                pcap.toString(), "-T", "fields", "-E", "separator=/t", "-e", "tcp.options.mss_val",
                "-e", "tcp.options.timestamp.tsval", "-e", "tcp.options.timestamp.tsecr", "-e", "tcp.payload");
        String[] lines = o.stdout().split("\n");
        List<TraceEvent.SegmentSent> sent = r.trace().segments();
        for (int i = 0; i < sent.size(); i++) {
            Segment seg = sent.get(i).segment();
            String[] f = lines[i].split("\t", -1);
            assertThat(f[0]).as("MSS of " + seg).isEqualTo(seg.options().mss() > 0 ? "" + seg.options().mss() : "");
            assertThat(f[1]).as("TSval of " + seg).isEqualTo(seg.options().hasTimestamps()
                    ? Integer.toUnsignedString(seg.options().tsVal()) : "");
            assertThat(f[2]).as("TSecr of " + seg).isEqualTo(seg.options().hasTimestamps()
                    ? Integer.toUnsignedString(seg.options().tsEcr()) : "");
            assertThat(f[3].replace(":", "")).as("payload of " + seg)
                    .isEqualTo(java.util.HexFormat.of().formatHex(seg.payload()));
        }
        assertThat(sent).anySatisfy(s -> assertThat(s.segment().options().hasTimestamps()).isTrue());
        assertThat(sent).anySatisfy(s -> assertThat(s.segment().len()).isPositive());
    }

    /**
     * A kernel run's capture carries the addresses the kernel really used and their family: the packet wire's
     * documentation addresses over IPv4 and IPv6 (each segment as tcpspec saw it cross), loopback for the loopback
     * adapter.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(dev.tcpspec.os.host.IpFamily.class)
    void aKernelRunsCaptureCarriesItsRealAddressesAndFamily(dev.tcpspec.os.host.IpFamily family, @TempDir Path dir)
            throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.tcpspec.os.wire.WireStack.whyUnavailable().isEmpty(),
                () -> "the packet wire is unavailable: " + dev.tcpspec.os.wire.WireStack.whyUnavailable().orElse(""));
        SpecResult r = SpecRunner.run(TimeWaitSpecs.TW_1, dev.tcpspec.os.wire.WireStack.as(Side.CLIENT, family),
                RunOptions.defaults().withProfile(Profile.linux()));
        assertThat(r.verdict()).as(r::explain).isEqualTo(Verdict.PASS);
        Path pcap = dir.resolve("TW-1.pcap");
        java.nio.file.Files.write(pcap, Pcap.of(r.trace()));
        ExternalTool.Output o = ExternalTool.require("tshark", "tshark").run(Duration.ofSeconds(60), "-r",
                pcap.toString(), "-T", "fields", "-E", "separator=/t", "-e", "ip.version", "-e", "ip.src",
                "-e", "ipv6.src", "-e", "tcp.srcport");
        assertThat(o.status()).as(o.stderr()).isZero();
        String kernel = family == dev.tcpspec.os.host.IpFamily.IPV4 ? "192.0.2.1" : "2001:db8::1";
        String peer = family == dev.tcpspec.os.host.IpFamily.IPV4 ? "192.0.2.2" : "2001:db8::2";
        List<String> lines = List.of(o.stdout().strip().split("\n"));
        assertThat(lines).hasSize(r.trace().segments().size() + r.trace().injected().size());
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            assertThat(f[0]).isEqualTo(family == dev.tcpspec.os.host.IpFamily.IPV4 ? "4" : "6");
            String src = family == dev.tcpspec.os.host.IpFamily.IPV4 ? f[1] : f[2];
            assertThat(src).isIn(kernel, peer);
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(kernel)).anySatisfy(l -> assertThat(l).contains(peer));
    }
}
