package dev.tcpspec.specs;

import dev.tcpspec.run.SpecRunner;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.sim.Stacks;
import org.junit.jupiter.api.Test;

import static dev.tcpspec.dsl.Tcp.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Scenario steps that open more connections, run end to end on the reference stack. */
class ScenarioStepsTest {
    @Test
    void aSecondConnectionGetsTheNextNumberAndItsOwnStates() {
        Spec s = spec("X-1", "two connections")
                .given(established())
                .when(client().connects(), server().accepts(), client().onConnection(1).closes(),
                        server().onConnection(1).readsEof(), server().onConnection(1).closes())
                .then(client().onConnection(1).enters(TIME_WAIT))
                .and(client().neverEnters(FIN_WAIT_1))
                .and(server().onConnection(1).passesThrough(CLOSE_WAIT, LAST_ACK, CLOSED));
        SpecResult r = SpecRunner.run(s, Stacks.simulated());
        assertThat(r.verdict()).as(r.explain()).isEqualTo(Verdict.PASS);
    }

    @Test
    void reconnectingFromAPortInTimeWaitIsRefusedWithoutReuse() {
        // bind() comes first: the TIME_WAIT holds the port, and the socket it came from had no SO_REUSEADDR
        Spec s = spec("X-2", "same 4-tuple during TIME_WAIT")
                .given(established())
                .when(client().closes(), server().readsEof(), server().closes(), elapse(seconds(1)),
                        client().connectsFromSamePort())
                .then(client().connect().fails(ADDRESS_IN_USE))
                .and(client().holds(TIME_WAIT).forAtLeast(twoMsl()));
        SpecResult r = SpecRunner.run(s, Stacks.simulated(), RunOptions.defaults().withProfile(Profile.rfc9293()));
        assertThat(r.verdict()).as(r.explain()).isEqualTo(Verdict.PASS);

        // with SO_REUSEADDR on both sockets bind() succeeds, and connect() finds the 4-tuple taken (no timestamps)
        Spec reuse = spec("X-3", "same 4-tuple during TIME_WAIT, SO_REUSEADDR")
                .given(established().with(client().reuseAddress(true)))
                .when(client().closes(), server().readsEof(), server().closes(), elapse(seconds(1)),
                        client().connectsFromSamePort())
                .then(client().connect().fails(ADDRESS_NOT_AVAILABLE))
                .and(client().holds(TIME_WAIT).forAtLeast(twoMsl()));
        SpecResult rr = SpecRunner.run(reuse, Stacks.simulated(), RunOptions.defaults().withProfile(Profile.rfc9293()));
        assertThat(rr.verdict()).as(rr.explain()).isEqualTo(Verdict.PASS);
    }

    @Test
    void awaitsLetsTimePassUntilTheStateIsObserved() {
        // the server's FIN spends half a second on the wire: the client waits for TIME_WAIT, then gets an old segment
        Spec s = spec("X-4", "wait for a state")
                .given(established().with(wire().delays(first(FIN).from(server()), java.time.Duration.ofMillis(500))))
                .when(client().closes(), server().readsEof(), server().closes(), client().awaits(TIME_WAIT),
                        server().injects(dataSegment(10).atSeq(-50)))
                .then(wire().carries(pureAck().from(client()).inReplyTo(injected()).sentIn(TIME_WAIT)));
        SpecResult r = SpecRunner.run(s, Stacks.simulated());
        assertThat(r.verdict()).as(r.explain()).isEqualTo(Verdict.PASS);
        assertThat(r.trace().eventsOf(dev.tcpspec.trace.TraceEvent.Note.class))
                .anyMatch(n -> n.text().startsWith("client observed in TIME_WAIT after waiting 50"));
        Spec never = spec("X-5", "a state that never comes")
                .given(established())
                .when(client().awaits(TIME_WAIT, seconds(2)))
                .then(client().endsIn(ESTABLISHED));
        SpecResult rn = SpecRunner.run(never, Stacks.simulated());
        assertThat(rn.verdict()).as(rn.explain()).isEqualTo(Verdict.PASS);
        assertThat(rn.trace().eventsOf(dev.tcpspec.trace.TraceEvent.Note.class))
                .anyMatch(n -> n.text().equals("client not observed in TIME_WAIT within 2 s; the scenario goes on"));
    }

    @Test
    void sendsWritesEveryByteOrReportsTheShortWrite() {
        // a 1000-byte send buffer: the step waits for room while the server's window drains it
        Spec all = spec("X-6", "a write larger than the send buffer")
                .given(established().with(client().sendBuffer(1000)))
                .when(client().sends(10_000), client().closes(), server().readsEof())
                .then(client().write().succeeds())
                .and(server().receivesAllDataBeforeEof());
        SpecResult ra = SpecRunner.run(all, Stacks.simulated());
        assertThat(ra.verdict()).as(ra.explain()).isEqualTo(Verdict.PASS);
        // the server never reads and its window closes: the rest never fits, and the step says so
        Spec stuck = spec("X-7", "a write that cannot complete")
                .given(established().with(client().sendBuffer(1000), server().receiveBuffer(1000)))
                .when(client().sends(10_000))
                .then(client().write().succeeds());
        SpecResult rs = SpecRunner.run(stuck, Stacks.simulated());
        assertThat(rs.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(rs.message()).contains("write() by client returned: short write (2000 bytes)");
        assertThat(rs.trace().appResults(dev.tcpspec.trace.Side.CLIENT)).anyMatch(a ->
                a.outcome() == dev.tcpspec.trace.AppOutcome.SHORT_WRITE
                        && a.detail().equals("only 2,000 of 10,000 bytes queued; the rest found no room in the send "
                        + "buffer within 30 s"));
    }

    @Test
    void timingsCountFromAnAnchorWhenTold() {
        Spec s = spec("X-8", "from the close")
                .given(established())
                .when(elapse(seconds(5)), client().closes(), server().readsEof(), server().closes())
                .then(client().reaches(TIME_WAIT).within(millis(3)).countedFrom(step(2)))
                .and(client().reaches(TIME_WAIT).notBefore(seconds(5)))
                .and(client().holds(TIME_WAIT).countingFrom(returnOf(server().close())).forAtLeast(twoMsl()
                        .minus(java.time.Duration.ofMillis(2))));
        SpecResult r = SpecRunner.run(s, Stacks.simulated());
        assertThat(r.verdict()).as(r.explain()).isEqualTo(Verdict.PASS);
        assertThat(r.expectations().get(0).expectation()).endsWith("within 3 ms (3 ms) after step 2 began");
        Spec late = spec("X-9", "too soon from the steps' start")
                .given(established())
                .when(elapse(seconds(5)), client().closes(), server().readsEof(), server().closes())
                .then(client().reaches(TIME_WAIT).within(millis(3)));
        assertThat(SpecRunner.run(late, Stacks.simulated()).verdict()).isEqualTo(Verdict.FAIL);
    }
}
