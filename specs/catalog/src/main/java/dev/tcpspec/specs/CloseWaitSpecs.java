package dev.tcpspec.specs;

import dev.tcpspec.dsl.Spec;

import java.util.List;

import static dev.tcpspec.dsl.Tcp.*;

/** RULES.md §F: CLOSE_WAIT. */
public final class CloseWaitSpecs {
    private CloseWaitSpecs() {
    }

    public static final Spec CW_1 =
            spec("CW-1", "CLOSE_WAIT has no timer: it lasts until the application closes")
                    .source(SEED, rfc9293("3.6.1"))
                    .description("A server that never closes a socket whose peer has closed keeps it in CLOSE_WAIT "
                            + "forever: no protocol timer ends it and nothing is sent.")
                    .given(established())
                    .when(client().closes(), server().readsEof(), elapse(hours(10)))
                    .then(server().holds(CLOSE_WAIT).untilTheEnd())
                    .and(wire().carriesNo(fin().from(server())));

    public static final Spec CW_2 =
            spec("CW-2", "in CLOSE_WAIT the application may still send, and a half-closed peer receives it")
                    .source(rfc9293("3.6.1"))
                    .given(established())
                    .when(client().shutsDownOutput(), server().readsEof(), server().sends(3000), server().closes(),
                            client().readsEof())
                    .then(server().write().succeeds())
                    .and(client().receivesAllDataBeforeEof())
                    .and(wire().carries(data().from(server()).sentIn(CLOSE_WAIT)));

    public static final Spec CW_3 =
            spec("CW-3", "if the peer closed completely, data sent from CLOSE_WAIT draws RST: the first write succeeds, a later one fails with EPIPE")
                    .source(rfc9293("3.6.1"), linux("tcp_input.c tcp_reset"), MEASURED)
                    .description("Linux reports a RST received in CLOSE_WAIT as EPIPE ('Broken pipe'), not "
                            + "ECONNRESET, as measured from Java.")
                    .faultSensitive("its second write must meet the client's RST: a RST is never retransmitted, so a "
                            + "lost one never comes")
                    .given(established())
                    .when(client().closes(), server().readsEof(), server().sends(100), elapse(millis(10)),
                            server().sends(100))
                    .then(server().write(1).succeeds())
                    .and(server().write(2).fails(BROKEN_PIPE))
                    .and(wire().carries(rst().from(client())));

    public static final Spec CW_4 =
            spec("CW-4", "the FIN goes out only when the last handle is closed: a shared descriptor keeps CLOSE_WAIT alive")
                    .source(SEED)
                    .description("The seed's case of a descriptor shared with a child process (or leaked): closing "
                            + "one of two handles sends nothing, so CLOSE_WAIT piles up until the last one closes.")
                    .faultSensitive("counts the server's FINs: a lost FIN is retransmitted")
                    .given(established())
                    .when(server().duplicatesHandle(), client().shutsDownOutput(), server().readsEof(),
                            server().closesHandle(0), elapse(minutes(10)), server().closesHandle(1))
                    .then(server().holds(CLOSE_WAIT).forAtLeast(minutes(10)))
                    .and(wire().carries(fin().from(server())).times(1))
                    .and(server().passesThrough(CLOSE_WAIT, LAST_ACK, CLOSED));

    public static List<Spec> all() {
        return List.of(CW_1, CW_2, CW_3, CW_4);
    }
}
