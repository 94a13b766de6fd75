package com.example.rules;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.junit.SpecTests;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.SpecRunner;
import dev.tcpspec.sim.Stacks;
import dev.tcpspec.specs.Catalog;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static dev.tcpspec.dsl.Tcp.*;

/** A user's own rule and the catalog, on the reference stack, as the README writes them. */
class MyRulesTest {
    static final Spec HALF_CLOSE_THEN_ABORT =
        spec("HC-1.abort", "an abort after a half-close resets: the peer's next write fails with EPIPE")
            .source(rfc9293("3.10.5"))
            .given(established().with(client().soLinger(true, 0)))
            .when(client().shutsDownOutput(), server().readsEof(), client().closes(), server().sends(10),
                  elapse(millis(10)), server().sends(10))
            .then(wire().carries(rst().from(client())))
            .and(client().neverEnters(TIME_WAIT))
            .and(server().write(2).fails(BROKEN_PIPE));

    @Test
    void onTheReferenceStack() {
        SpecRunner.run(HALF_CLOSE_THEN_ABORT, Stacks.simulated()).assertPasses();
    }

    @Test
    void underTheLinuxProfile() {
        SpecRunner.run(HALF_CLOSE_THEN_ABORT, Stacks.simulated(), RunOptions.defaults().withProfile(Profile.linux()))
                .assertPasses();
    }

    @TestFactory
    Stream<DynamicNode> catalog() {
        return SpecTests.of(Catalog.all(), Stacks.simulated());
    }
}
