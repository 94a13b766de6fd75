package dev.tcpspec.specs;

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
        SpecResult r = s.runOn(Stacks.simulated());
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
        SpecResult r = s.runOn(Stacks.simulated(), RunOptions.defaults().withProfile(Profile.rfc9293()));
        assertThat(r.verdict()).as(r.explain()).isEqualTo(Verdict.PASS);

        // with SO_REUSEADDR on both sockets bind() succeeds, and connect() finds the 4-tuple taken (no timestamps)
        Spec reuse = spec("X-3", "same 4-tuple during TIME_WAIT, SO_REUSEADDR")
                .given(established().with(client().reuseAddress(true)))
                .when(client().closes(), server().readsEof(), server().closes(), elapse(seconds(1)),
                        client().connectsFromSamePort())
                .then(client().connect().fails(ADDRESS_NOT_AVAILABLE))
                .and(client().holds(TIME_WAIT).forAtLeast(twoMsl()));
        SpecResult rr = reuse.runOn(Stacks.simulated(), RunOptions.defaults().withProfile(Profile.rfc9293()));
        assertThat(rr.verdict()).as(rr.explain()).isEqualTo(Verdict.PASS);
    }
}
