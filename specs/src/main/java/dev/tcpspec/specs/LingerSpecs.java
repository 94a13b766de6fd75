package dev.tcpspec.specs;

import dev.tcpspec.dsl.Spec;

import java.util.List;

import static dev.tcpspec.dsl.Tcp.*;

/** RULES.md §G: SO_LINGER, and close() with unread data. */
public final class LingerSpecs {
    private LingerSpecs() {
    }

    public static final Spec LG_1 =
            spec("LG-1", "without SO_LINGER, close() returns at once and queued data and FIN go out in the background")
                    .source(SEED, manual("socket(7)"))
                    .given(established())
                    .when(client().sends(50_000), client().closes(), server().readsEof())
                    .then(client().close().returnsWithin(millis(0).plusTolerance()))
                    .and(server().receivesAllDataBeforeEof())
                    .and(wire().carries(fin().from(client())))
                    .and(wire().carriesNo(rst().onAnyConnection()));

    public static final Spec LG_2 =
            spec("LG-2", "SO_LINGER <1,0>: close() sends RST and no FIN, skips TIME_WAIT, and the peer sees a reset")
                    .source(SEED, rfc9293("3.10.5"))
                    .given(established().with(client().soLinger(true, 0)))
                    .when(client().closes(), server().reads())
                    .then(wire().carries(rst().from(client())))
                    .and(wire().carriesNo(fin().from(client())))
                    .and(client().neverEnters(TIME_WAIT))
                    .and(server().read().fails(CONNECTION_RESET));

    public static final Spec UD_1 =
            spec("UD-1", "close() with unread received data sends RST instead of FIN, to signal the loss")
                    .source(rfc(2525, "2.17"), rfc9293("3.6.1 SHLD-3"), linux("tcp.c __tcp_close"))
                    .description("Linux resets; java.net.Socket.close() sends FIN first (it shuts down output before "
                            + "close(2)), so a Java peer may read EOF and see the reset only on its next write.")
                    .given(established())
                    .when(client().sends(10), elapse(millis(50)), server().closes(), client().reads())
                    .then(wire().carries(rst().from(server())))
                    .and(wire().carriesNo(fin().from(server())))
                    .and(client().read().fails(CONNECTION_RESET))
                    .and(server().neverEnters(TIME_WAIT));

    public static List<Spec> all() {
        return List.of(LG_1, LG_2, UD_1);
    }
}
