package dev.tcpspec.specs;

import dev.tcpspec.dsl.Spec;

import java.util.List;

import static dev.tcpspec.dsl.Tcp.*;

/** RULES.md §D: half-close and shutdown. */
public final class HalfCloseSpecs {
    private HalfCloseSpecs() {
    }

    public static final Spec HC_1 =
            spec("HC-1", "shutdownOutput() sends FIN but keeps receiving: the peer reads EOF and may go on sending until it closes")
                    .source(rfc9293("3.6.1"))
                    .faultSensitive("counts the client's FINs: a lost FIN is retransmitted")
                    .given(established())
                    .when(client().shutsDownOutput(), server().readsEof(), server().sends(5000), server().closes(),
                            client().readsEof())
                    .then(server().read().returnsEof())
                    .and(client().receivesAllDataBeforeEof())
                    .and(wire().carries(fin().from(client())).times(1))
                    .and(client().enters(TIME_WAIT));

    public static final Spec HC_2 =
            spec("HC-2", "shutdownInput() sends nothing; reads then return EOF, again and again")
                    .source(manual("shutdown(2)"), MEASURED)
                    .description("lwIP returns an error on the read after EOF; Linux returns 0 every time, as "
                            + "measured from Java.")
                    .faultSensitive("requires a silent server during the steps: a handshake segment lost or delayed "
                            + "into the steps draws a retransmission or an ACK from it")
                    .given(established())
                    .when(server().shutsDownInput(), server().reads(), server().reads(), elapse(seconds(10)))
                    .then(server().read(1).returnsEof())
                    .and(server().read(2).returnsEof())
                    .and(wire().carriesNo(anySegment().from(server()).duringSteps()));

    public static final Spec HC_2_DATA =
            spec("HC-2.data", "shutdownInput() alone is no close: data arriving afterwards is acknowledged, not reset")
                    .source(manual("shutdown(2)"), rfc9293("3.6.1"), linux("tcp_input.c tcp_rcv_state_process"))
                    .description("The server shuts its input down and the client keeps writing. The connection is "
                            + "still ESTABLISHED: nobody closed it, so arriving data must not draw the RST that "
                            + "signals data lost to a closed socket (HC-3); Linux acknowledges it.")
                    .given(established())
                    .when(server().shutsDownInput(), client().sends(100), elapse(millis(100)), client().sends(100),
                            elapse(millis(100)))
                    .then(client().write().succeeds())
                    .and(wire().carriesNo(rst().onAnyConnection()))
                    .and(wire().carries(pureAck().from(server()).acking(data().from(client()))))
                    .and(server().endsIn(ESTABLISHED));

    public static final Spec HC_3 =
            spec("HC-3", "once the application has closed, newly arriving data is answered with RST to signal its loss")
                    .source(rfc9293("3.6.1"), rfc(1122, "4.2.2.13"), linux("tcp_input.c TCPAbortOnData"), MEASURED)
                    .description("The server reads a request and closes; the client sends more. The server's reset "
                            + "reaches the client in CLOSE_WAIT, so its next write fails with 'Broken pipe'.")
                    .faultSensitive("its third write must meet the server's RST: a lost FIN or data segment delays "
                            + "the RST past it")
                    .given(established())
                    .when(client().sends("GET / HTTP/1.0\r\n\r\n"), server().reads(), server().closes(),
                            elapse(millis(10)), client().sends(100), elapse(millis(10)), client().sends(100))
                    .then(wire().carries(rst().from(server())))
                    .and(client().write(3).fails(BROKEN_PIPE));

    public static List<Spec> all() {
        return List.of(HC_1, HC_2, HC_2_DATA, HC_3);
    }
}
