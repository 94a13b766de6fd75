package dev.tcpspec.os.wire;

import dev.tcpspec.run.SpecRunner;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.os.host.IpFamily;
import dev.tcpspec.os.linux.KernelSockets;
import dev.tcpspec.os.linux.NetworkNamespace;
import dev.tcpspec.os.linux.SockDiag;
import dev.tcpspec.os.linux.TunDevice;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.IpPacket;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpOptions;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.TraceEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.tcpspec.dsl.Tcp.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The packet wire against this machine's kernel: the premises it stands on (a segment written into the TUN device is
 * answered before the write returns; sock_diag finds a connection by its 4-tuple, TIME_WAIT included), and specs run
 * through it with the kernel in each role, over IPv4 and IPv6. Needs root and /dev/net/tun; skips with the reason
 * otherwise.
 */
class WireStackTest {
    private static final RunOptions LINUX = RunOptions.defaults().withProfile(Profile.linux());

    @BeforeAll
    static void wireAvailable() {
        assumeTrue(WireStack.whyUnavailable().isEmpty(),
                () -> "the packet wire is unavailable here: " + WireStack.whyUnavailable().orElse(""));
    }

    @Test
    void aSegmentWrittenIntoTheTunDeviceIsAnsweredBeforeTheWriteReturns() throws Exception {
        byte[] kernel = IpPacket.address("192.0.2.1");
        byte[] peer = IpPacket.address("192.0.2.2");
        try (NetworkNamespace ns = NetworkNamespace.create("tcpspec-wire-test");
             TunDevice tun = TunDevice.create(ns, "tcpspec0");
             KernelSockets sockets = new KernelSockets(ns, kernel);
             SockDiag diag = SockDiag.open(ns)) {
            tun.addAddress(kernel, 24);
            tun.up();
            assertThat(sockets.listen(80, SocketOptions.DEFAULTS).outcome()).isEqualTo(AppOutcome.OK);
            while (tun.read() != null) {
                // whatever the interface sent on coming up
            }
            Segment syn = new Segment(40000, 80, 1000, 0, Segment.SYN, 65535, Segment.NO_PAYLOAD,
                    TcpOptions.NONE.withMss(1460));
            tun.write(IpPacket.encode(syn, peer, kernel, 1));

            byte[] reply = tun.read();   // no wait: the kernel answered inside write()
            assertThat(reply).as("the SYN,ACK, already waiting").isNotNull();
            IpPacket.Decoded d = IpPacket.decode(reply, 0, reply.length);
            assertThat(d.checksumOk()).isTrue();
            assertThat(d.source()).isEqualTo(kernel);
            assertThat(d.segment().flags()).isEqualTo(Segment.SYN | Segment.ACK);
            assertThat(d.segment().ack()).isEqualTo(1001);
            SockDiag.Info child = diag.lookup(kernel, 80, peer, 40000);
            assertThat(child.state()).isEqualTo(TcpState.SYN_RECEIVED);
            assertThat(child.timer()).isEqualTo(SockDiag.Timer.RETRANSMIT);
            assertThat(diag.lookup(kernel, 80, peer, 40001)).as("no such connection: not the listener").isNull();
            assertThat(diag.listener(kernel, 80).state()).isEqualTo(TcpState.LISTEN);
        }
    }

    @Test
    void theKernelAsClientClosesFirstAndIsSeenInEveryStateWithItsTimeWaitTimerRead() {
        Spec closeFirst = spec("W-1", "the kernel closes first")
                .given(established())
                .when(client().sends(100), client().closes(), server().readsEof(), server().closes())
                .then(client().passesThrough(SYN_SENT, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT))
                .and(server().passesThrough(CLOSE_WAIT, LAST_ACK, CLOSED))
                .and(wire().carries(fin().from(client())).times(1))
                .and(client().holds(TIME_WAIT).forAtLeast(twoMsl()));
        SpecResult r = SpecRunner.run(closeFirst, WireStack.as(Side.CLIENT, IpFamily.IPV4), LINUX).assertPasses();

        assertThat(r.trace().info().clientAddress()).isEqualTo("192.0.2.1");
        assertThat(r.trace().info().serverAddress()).isEqualTo("192.0.2.2");
        assertThat(r.trace().eventsOf(TraceEvent.Timer.class)).anySatisfy(t -> {
            assertThat(t.side()).isEqualTo(Side.CLIENT);
            assertThat(t.action()).isEqualTo(TraceEvent.TimerAction.OBSERVED);
            assertThat(t.kind()).isEqualTo(dev.tcpspec.trace.TimerKind.TIME_WAIT);
            assertThat(t.durationNanos()).isBetween(55_000_000_000L, 60_000_000_000L);
        });
        assertThat(r.trace().endNanos()).as("TIME_WAIT read, not waited out").isLessThan(10_000_000_000L);
    }

    @Test
    void theKernelAsServerOverIpv6PassesThroughCloseWaitAndLastAck() {
        Spec passive = spec("W-2", "the kernel closes second, over IPv6")
                .given(established())
                .when(client().closes(), server().readsEof(), server().closes())
                .then(server().passesThrough(ESTABLISHED, CLOSE_WAIT, LAST_ACK, CLOSED))
                .and(server().neverEnters(TIME_WAIT))
                .and(wire().carries(fin().from(server())).times(1));
        SpecResult r = SpecRunner.run(passive, WireStack.as(Side.SERVER, IpFamily.IPV6), LINUX).assertPasses();
        assertThat(r.trace().info().serverAddress()).isEqualTo("2001:db8::1");
    }

    @Test
    void faultsStrikeRealPackets() {
        Spec lostAck = spec("W-3", "the kernel retransmits a FIN whose ACK was lost")
                .given(established().with(wire().drops(first(ACK_OF_FIN).from(server()))))
                .when(client().closes(), elapse(seconds(2)))
                .then(wire().carries(fin().from(client())).times(2))
                .and(client().enters(FIN_WAIT_2));
        SpecResult r = SpecRunner.run(lostAck, WireStack.as(Side.CLIENT, IpFamily.IPV4), LINUX).assertPasses();
        List<TraceEvent.SegmentSent> fins = r.trace().segments(s -> s.segment().fin());
        assertThat(fins.get(1).nanos() - fins.get(0).nanos()).as("the kernel's RTO, 200 ms at least")
                .isGreaterThanOrEqualTo(200_000_000L);
    }

    @Test
    void aCraftedSegmentReachesTheKernel() {
        Spec assassination = spec("W-4", "a RST at RCV.NXT ends the kernel's TIME_WAIT (tcp_rfc1337=0)")
                .given(established())
                .when(client().closes(), server().readsEof(), server().closes(), elapse(millis(10)),
                        server().injects(rstSegment()))
                .then(client().passesThrough(TIME_WAIT, CLOSED))
                .and(client().reaches(CLOSED).within(seconds(1)));
        SpecRunner.run(assassination, WireStack.as(Side.CLIENT, IpFamily.IPV4), LINUX).assertPasses();
    }

    @Test
    void theKernelClientsIssIsChosenThroughTcpRepair() {
        Spec wrap = spec("W-5", "the kernel's chosen ISS")
                .given(established().with(client().iss(0xFFFF_FFF0)))
                .when(client().sends(100), client().closes(), server().readsEof(), server().closes())
                .then(server().receivesAllDataBeforeEof());
        SpecResult r = SpecRunner.run(wrap, WireStack.as(Side.CLIENT, IpFamily.IPV4), LINUX).assertPasses();
        assertThat(r.trace().segments(s -> s.segment().syn() && s.from() == Side.CLIENT))
                .first().satisfies(s -> assertThat(s.segment().seq()).isEqualTo(0xFFFF_FFF0));
    }

    @Test
    void theRootNamespaceNeverSeesTheWire() throws Exception {
        String before = Files.readString(Path.of("/proc/self/net/dev"));
        SpecRunner.run(spec("W-6", "a connection").given(established()).when(client().closes())
                .then(client().enters(FIN_WAIT_2)), WireStack.as(Side.CLIENT, IpFamily.IPV4), LINUX).assertPasses();
        assertThat(Files.readString(Path.of("/proc/self/net/dev"))).doesNotContain("tcpspec");
        assertThat(before).doesNotContain("tcpspec");
    }
}
