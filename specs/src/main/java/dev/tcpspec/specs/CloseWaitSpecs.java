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

    public static List<Spec> all() {
        return List.of(CW_1);
    }
}
