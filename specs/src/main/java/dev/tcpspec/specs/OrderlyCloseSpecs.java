package dev.tcpspec.specs;

import dev.tcpspec.dsl.Spec;

import java.util.List;

import static dev.tcpspec.dsl.Tcp.*;

/** RULES.md §B: orderly close, active and passive. */
public final class OrderlyCloseSpecs {
    private OrderlyCloseSpecs() {
    }

    public static final Spec OC_5 =
            spec("OC-5", "a FIN in ESTABLISHED is acknowledged, the state becomes CLOSE_WAIT, and EOF comes after all data")
                    .source(rfc9293("3.10.7.4"))
                    .given(established())
                    .when(client().sends(5000), client().closes(), server().readsEof())
                    .then(wire().carries(pureAck().from(server()).acking(fin().from(client()))))
                    .and(server().enters(CLOSE_WAIT))
                    .and(server().receivesAllDataBeforeEof());

    public static final Spec OC_7 =
            spec("OC-7", "close() in CLOSE_WAIT sends FIN and enters LAST_ACK; its ACK closes; the passive closer never holds TIME_WAIT")
                    .source(SEED, rfc9293("3.6, Figure 12"))
                    .given(established())
                    .when(client().closes(), server().readsEof(), server().closes())
                    .then(server().passesThrough(CLOSE_WAIT, LAST_ACK, CLOSED))
                    .and(wire().carries(fin().from(server())).times(1))
                    .and(wire().carries(pureAck().from(client()).acking(fin().from(server()))))
                    .and(server().neverEnters(TIME_WAIT));

    public static List<Spec> all() {
        return List.of(OC_5, OC_7);
    }
}
