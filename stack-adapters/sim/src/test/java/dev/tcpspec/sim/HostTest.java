package dev.tcpspec.sim;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.spi.ListenResult;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.spi.SocketResult;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.wire.FaultSchedule;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What a host decides around its ports: bind conflicts, TIME_WAIT takeover, ephemeral ports, quiet time (RU-*, TW-9, IS-2). */
class HostTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    /** The server closes first, so its TIME_WAIT holds port 8080 after the listener is gone. */
    private static SimHarness serverTimeWaitOn8080(boolean reuse) {
        SimHarness h = new SimHarness(Profile.linux(), FaultSchedule.NONE);
        SocketOptions o = SocketOptions.DEFAULTS.withReuseAddress(reuse);
        h.listener = h.session.listen(Side.SERVER, 8080, o).listener();
        h.client = h.session.connect(Side.CLIENT, SocketOptions.DEFAULTS, 8080, WAIT).socket();
        h.server = h.listener.accept(WAIT).socket();
        h.server.close();
        h.settle();
        h.client.close();
        h.settle();
        h.listener.close();
        return h;
    }

    @Test
    void bind_onAPortHeldByTimeWait_needsReuseAddressOnBothSockets() {
        SimHarness off = serverTimeWaitOn8080(false);
        assertThat(off.session.listen(Side.SERVER, 8080, SocketOptions.DEFAULTS.withReuseAddress(true)).outcome())
                .as("the TIME_WAIT keeps the old socket's SO_REUSEADDR off").isEqualTo(AppOutcome.ADDRESS_IN_USE);
        off.elapse(Profile.linux().timeWait());
        assertThat(off.session.listen(Side.SERVER, 8080, SocketOptions.DEFAULTS).outcome()).isEqualTo(AppOutcome.OK);

        SimHarness on = serverTimeWaitOn8080(true);
        assertThat(on.session.listen(Side.SERVER, 8080, SocketOptions.DEFAULTS.withReuseAddress(false)).outcome())
                .isEqualTo(AppOutcome.ADDRESS_IN_USE);
        assertThat(on.session.listen(Side.SERVER, 8080, SocketOptions.DEFAULTS.withReuseAddress(true)).outcome())
                .isEqualTo(AppOutcome.OK);
    }

    @Test
    void listen_twoListenersNeverShareAPort() {
        SimHarness h = new SimHarness(Profile.linux(), FaultSchedule.NONE);
        SocketOptions reuse = SocketOptions.DEFAULTS.withReuseAddress(true);
        ListenResult first = h.session.listen(Side.SERVER, 8080, reuse);
        assertThat(first.outcome()).isEqualTo(AppOutcome.OK);
        assertThat(h.session.listen(Side.SERVER, 8080, reuse).outcome()).isEqualTo(AppOutcome.ADDRESS_IN_USE);
        first.listener().close();
        assertThat(h.session.listen(Side.SERVER, 8080, reuse).outcome()).isEqualTo(AppOutcome.OK);
    }

    /** The client closes first and holds TIME_WAIT on its only ephemeral port. */
    private static SimHarness clientTimeWaitOnTheOnlyPort(Profile profile) {
        return clientTimeWaitOnTheOnlyPort(profile, SocketOptions.DEFAULTS);
    }

    private static SimHarness clientTimeWaitOnTheOnlyPort(Profile profile, SocketOptions clientOptions) {
        SimHarness h = SimHarness.established(profile, FaultSchedule.NONE, clientOptions);
        h.client.close();
        h.settle();
        h.server.read(10, Duration.ZERO);
        h.server.close();
        h.settle();
        assertThat(h.state(Side.CLIENT)).isEqualTo(TcpState.TIME_WAIT);
        return h;
    }

    @Test
    void connect_boundOntoATimeWaitTuple_succeedsOnlyWithTimestamps() {
        SocketOptions reuse = SocketOptions.DEFAULTS.withReuseAddress(true);
        SimHarness l = clientTimeWaitOnTheOnlyPort(Profile.linux(), reuse);
        SocketResult r = l.session.connect(Side.CLIENT, reuse.withLocalPort(l.client.localPort()), 80, WAIT);
        assertThat(r.outcome()).isEqualTo(AppOutcome.OK);
        Tcb fresh = ((SimSocket) r.socket()).tcb();
        assertThat(fresh.iss()).isEqualTo(l.tcb(Side.CLIENT).sndNxt() + Tcb.TIME_WAIT_ISS_GAP);

        SimHarness rfc = clientTimeWaitOnTheOnlyPort(Profile.rfc9293(), reuse);
        assertThat(rfc.session.connect(Side.CLIENT, reuse.withLocalPort(rfc.client.localPort()), 80, WAIT).outcome())
                .isEqualTo(AppOutcome.ADDRESS_NOT_AVAILABLE);
    }

    @Test
    void connect_boundOntoATimeWaitTuple_firstBindsAndNeedsReuseOnBothSockets() {
        SocketOptions reuse = SocketOptions.DEFAULTS.withReuseAddress(true);
        SimHarness plain = clientTimeWaitOnTheOnlyPort(Profile.linux());
        assertThat(plain.session.connect(Side.CLIENT, reuse.withLocalPort(plain.client.localPort()), 80, WAIT)
                .outcome()).as("the TIME_WAIT kept its socket's SO_REUSEADDR=0").isEqualTo(AppOutcome.ADDRESS_IN_USE);
        SimHarness flagged = clientTimeWaitOnTheOnlyPort(Profile.linux(), reuse);
        assertThat(flagged.session.connect(Side.CLIENT, SocketOptions.DEFAULTS.withLocalPort(flagged.client.localPort()),
                80, WAIT).outcome()).as("the new socket has no SO_REUSEADDR").isEqualTo(AppOutcome.ADDRESS_IN_USE);
        assertThat(flagged.state(Side.CLIENT)).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void connect_fromTheEphemeralRange_takesOverATimeWaitOnlyUnderTwReuseAfterTheDelay() {
        Profile onePort = Profile.linux().toBuilder().ephemeralRange(40000, 40000).build();
        SimHarness off = clientTimeWaitOnTheOnlyPort(onePort);
        assertThat(off.session.connect(Side.CLIENT, SocketOptions.DEFAULTS, 80, WAIT).outcome())
                .isEqualTo(AppOutcome.ADDRESS_NOT_AVAILABLE);

        Profile reuse = onePort.toBuilder().timeWaitReuse(Profile.TimeWaitReuse.ON).build();
        SimHarness on = clientTimeWaitOnTheOnlyPort(reuse);
        assertThat(on.session.connect(Side.CLIENT, SocketOptions.DEFAULTS, 80, WAIT).outcome())
                .as("younger than tcp_tw_reuse_delay").isEqualTo(AppOutcome.ADDRESS_NOT_AVAILABLE);
        on.elapse(Duration.ofSeconds(1));
        assertThat(on.session.connect(Side.CLIENT, SocketOptions.DEFAULTS, 80, WAIT).outcome()).isEqualTo(AppOutcome.OK);
        assertThat(on.state(Side.CLIENT)).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void connect_ephemeralPorts_comeFromTheProfilesRange_evenFirstWhereTheProfileClaimsIt() {
        for (Profile p : Profile.builtIn()) {
            SimHarness h = new SimHarness(p, FaultSchedule.NONE);
            h.session.listen(Side.SERVER, 0, SocketOptions.DEFAULTS);
            java.util.Set<Integer> parities = new java.util.HashSet<>();
            for (int i = 0; i < 20; i++) {
                int port = h.session.connect(Side.CLIENT, SocketOptions.DEFAULTS, 80, WAIT).socket().localPort();
                assertThat(port).isBetween(p.ephemeralLow(), p.ephemeralHigh());
                parities.add(port % 2);
            }
            if (p.portSelection() == Profile.PortSelection.EVEN_FIRST) {
                assertThat(parities).as("Linux's order under %s", p.name()).containsExactly(0);
            } else {
                // RFC 6056 Algorithm 1: a random start, so odd and even ports alike
                assertThat(parities).as("random selection under %s", p.name()).containsExactlyInAnyOrder(0, 1);
            }
        }
    }

    private static final Profile QUIET = Profile.rfc9293().toBuilder().quietTimeOfOneMsl().build();

    @Test
    void reboot_underAQuietTime_holdsTheSynForOneMsl() {
        SimHarness r = SimHarness.established(QUIET);
        r.session.crash(Side.CLIENT);
        r.session.reboot(Side.CLIENT);
        SocketResult c = r.session.connect(Side.CLIENT, SocketOptions.DEFAULTS, 80, Duration.ofMinutes(5));
        assertThat(c.outcome()).isEqualTo(AppOutcome.OK);
        assertThat(c.blockedNanos()).isEqualTo(Profile.rfc9293().msl().plusMillis(2).toNanos());

        SimHarness l = SimHarness.established(Profile.linux());
        l.session.crash(Side.CLIENT);
        l.session.reboot(Side.CLIENT);
        SocketResult d = l.session.connect(Side.CLIENT, SocketOptions.DEFAULTS, 80, Duration.ofMinutes(5));
        assertThat(d.blockedNanos()).isEqualTo(Duration.ofMillis(2).toNanos());
    }

    @Test
    void reboot_duringTheQuietTime_listenersIgnoreSyns() {
        SimHarness r = SimHarness.established(QUIET);
        r.session.crash(Side.SERVER);
        r.session.reboot(Side.SERVER);
        SocketResult c = r.session.connect(Side.CLIENT, SocketOptions.DEFAULTS, 80, Duration.ofSeconds(10));
        assertThat(c.outcome()).isEqualTo(AppOutcome.STILL_BLOCKED);
    }
}
