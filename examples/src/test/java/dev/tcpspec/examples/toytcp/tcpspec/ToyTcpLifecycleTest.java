package dev.tcpspec.examples.toytcp.tcpspec;

import dev.tcpspec.run.SpecRunner;
import dev.tcpspec.dsl.Endpoint;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.trace.TraceEvent;
import dev.tcpspec.sim.Stacks;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;

import static dev.tcpspec.dsl.Tcp.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A team's own specs beyond the catalog, written in the same DSL and run the same way: toytcp through the segment tier
 * under loss, reordering, a chosen ISN at the edge of the sequence space, shared handles, a crash and a dead peer.
 * Each runs with toytcp in the role under test and the reference stack at the other end.
 */
class ToyTcpLifecycleTest {
    private static SpecResult on(Side role, Spec spec) {
        SpecResult r = SpecRunner.run(spec, Stacks.hosted(new ToyTcpStack(), role));
        r.assertPasses();
        return r;
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void lostDataIsRetransmittedAndArrivesBeforeEof(Side role) {
        Endpoint sender = role == Side.CLIENT ? client() : server();
        on(role, spec("X-LOSS", "a lost data segment is retransmitted")
                .given(established().with(wire().drops(first(DATA).from(sender))))
                .when(sender.sends(5000), sender.closes(), sender.peer().readsEof())
                .then(sender.peer().receivesAllDataBeforeEof())
                .and(wire().carries(data().from(sender)).atLeast(5)));
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void dataOvertakenOnTheWireIsReassembledInOrder(Side role) {
        Endpoint sender = role == Side.SERVER ? client() : server(); // toytcp receives
        on(role, spec("X-REORDER", "segments that arrive out of order are delivered in order")
                .given(established().with(wire().holdsBack(first(DATA).from(sender), 2)))
                .when(sender.sends(5000), sender.closes(), sender.peer().readsEof())
                .then(sender.peer().receivesAllDataBeforeEof()));
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void aChosenIsnJustBelowTheWrapCarriesDataAndFinAcrossIt(Side role) {
        Endpoint toy = role == Side.CLIENT ? client() : server();
        on(role, spec("X-WRAP", "data, FIN and its ACK cross 2^32 - 1 -> 0")
                .given(established().with(toy.iss(0xFFFF_FF00)))
                .when(toy.sends(3000), toy.closes(), toy.peer().readsEof(), toy.peer().closes())
                .then(toy.peer().receivesAllDataBeforeEof())
                .and(toy.peer().endsIn(CLOSED)));
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void closingOneOfTwoHandlesSendsNothing(Side role) {
        Endpoint toy = role == Side.CLIENT ? client() : server();
        on(role, spec("X-DUP", "FIN goes out only when the last handle closes")
                .given(established())
                .when(toy.peer().closes(), toy.readsEof(), toy.duplicatesHandle(), toy.closesHandle(0),
                        elapse(seconds(10)))
                .then(toy.holds(CLOSE_WAIT).untilTheEnd())
                .and(wire().carriesNo(fin().from(toy))));
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void aRebootedToytcpResetsTheConnectionItForgot(Side role) {
        Endpoint toy = role == Side.CLIENT ? client() : server();
        SpecResult r = on(role, spec("X-REBOOT", "a host that lost its connections answers their segments with RST")
                .given(established())
                .when(toy.crashes(), toy.reboots(), toy.peer().sends(10), toy.peer().reads())
                .then(wire().carries(rst().from(toy)))
                .and(toy.peer().read().fails(CONNECTION_RESET)));
        assertThat(r.trace().finalState(role, 0)).contains(TcpState.CLOSED);
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void keepaliveDeclaresADeadPeerAfterItsProbes(Side role) {
        Endpoint toy = role == Side.CLIENT ? client() : server();
        on(role, spec("X-KEEPALIVE", "a silent peer is declared dead after idle + probes x interval")
                .given(established().with(toy.keepAlive(Duration.ofSeconds(10), Duration.ofSeconds(2), 3)))
                .when(toy.peer().crashes(), toy.reads(minutes(1)))
                .then(toy.read().fails(CONNECTION_TIMED_OUT))
                .and(wire().carries(pureAck().from(toy)).atLeast(3))
                .and(toy.reaches(CLOSED).within(seconds(17))));
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void timestampsAreAgreedOnWhenTheProfileHasThemAndOtherwiseNeverSent(Side role) {
        Endpoint toy = role == Side.CLIENT ? client() : server();
        Spec exchange = spec("X-TS", "data both ways, then an orderly close")
                .given(established())
                .when(toy.sends(3000), toy.peer().sends(3000), toy.closes(), toy.peer().readsEof(), toy.peer().closes())
                .then(toy.peer().receivesAllDataBeforeEof());
        for (Profile profile : Profile.builtIn()) {
            SpecResult r = SpecRunner.run(exchange, Stacks.hosted(new ToyTcpStack(), role),
                    RunOptions.defaults().withProfile(profile));
            r.assertPasses();
            List<TraceEvent.SegmentSent> fromToy = r.trace().segments(s -> s.from() == role && !s.segment().rst());
            assertThat(fromToy).as("segments toytcp sent under %s", profile.name()).isNotEmpty()
                    .allMatch(s -> s.segment().options().hasTimestamps() == profile.timestamps());
        }
    }
}
