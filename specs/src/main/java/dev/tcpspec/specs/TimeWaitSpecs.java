package dev.tcpspec.specs;

import dev.tcpspec.dsl.Spec;

import java.util.List;

import static dev.tcpspec.dsl.Tcp.*;

/** RULES.md §E: TIME_WAIT, its length and its two purposes. */
public final class TimeWaitSpecs {
    private TimeWaitSpecs() {
    }

    public static final Spec TW_1 =
            spec("TW-1", "only the first closer enters TIME_WAIT, so a server that closes first accumulates it")
                    .source(SEED, rfc9293("3.6, Figure 12"))
                    .description("A server that closes non-keep-alive HTTP connections first is the active closer and "
                            + "holds every TIME_WAIT; its clients hold none.")
                    .given(established())
                    .when(client().sends("GET / HTTP/1.0\r\n\r\n"), server().reads(),
                            server().sends("HTTP/1.0 200 OK\r\n\r\n"), server().closes(),
                            client().readsEof(), client().closes())
                    .then(server().enters(TIME_WAIT))
                    .and(client().neverEnters(TIME_WAIT))
                    .and(client().passesThrough(CLOSE_WAIT, LAST_ACK, CLOSED));

    public static final Spec TW_2 =
            spec("TW-2", "the active closer holds TIME_WAIT for 2MSL, then forgets the connection")
                    .source(SEED, rfc9293("3.6.1 MUST-13"))
                    .description("RFC 9293 fixes MSL at 2 minutes, so TIME_WAIT lasts 4 minutes; Linux fixes "
                            + "TIME_WAIT at 60 s (TCP_TIMEWAIT_LEN), which the linux profile states as MSL = 30 s.")
                    .given(established())
                    .when(client().closes(), server().readsEof(), server().closes())
                    .then(client().holds(TIME_WAIT).forAtLeast(twoMsl()))
                    .and(client().holds(TIME_WAIT).forAtMost(twoMsl().plusTolerance()))
                    .and(client().endsIn(CLOSED))
                    .and(server().neverEnters(TIME_WAIT));

    public static final Spec TW_3 =
            spec("TW-3", "a retransmitted FIN in TIME_WAIT is acknowledged again and restarts the 2MSL timer")
                    .source(rfc9293("3.10.7.4"))
                    .description("The client's ACK of the server's FIN is lost; the server retransmits its FIN from "
                            + "LAST_ACK; the client, in TIME_WAIT, must ACK it again and hold TIME_WAIT for a full "
                            + "2MSL from then.")
                    .given(established().with(wire().drops(first(ACK_OF_FIN).from(client()))))
                    .when(client().closes(), server().readsEof(), server().closes())
                    .then(wire().carries(pureAck().from(client()).acking(fin().from(server()))).times(2))
                    .and(client().holds(TIME_WAIT).countingFromLast(pureAck().from(client())).forAtLeast(twoMsl()))
                    .and(client().endsIn(CLOSED));

    public static final Spec TW_4 =
            spec("TW-4", "TIME_WAIT's first purpose: a lost final ACK is recovered, and both ends close cleanly")
                    .source(SEED, rfc9293("3.6"))
                    .description("If the active closer went straight to CLOSED, the retransmitted FIN would meet no "
                            + "connection and draw a RST: the passive closer would see an error instead of a clean "
                            + "close.")
                    .given(established().with(wire().drops(first(ACK_OF_FIN).from(client()))))
                    .when(client().closes(), server().readsEof(), server().closes())
                    .then(server().passesThrough(LAST_ACK, CLOSED))
                    .and(server().reaches(CLOSED).within(initialRto().times(2)))
                    .and(wire().carriesNo(rst().onAnyConnection()))
                    .and(client().enters(TIME_WAIT));

    public static List<Spec> all() {
        return List.of(TW_1, TW_2, TW_3, TW_4);
    }
}
