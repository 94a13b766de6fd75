package dev.tcpspec.specs;

import dev.tcpspec.dsl.Spec;

import java.util.List;

import static dev.tcpspec.dsl.Tcp.*;

/** RULES.md §H: port reuse and the bind table. */
public final class PortReuseSpecs {
    private PortReuseSpecs() {
    }

    public static final Spec RU_1 =
            spec("RU-1", "bind() to a port held by TIME_WAIT fails EADDRINUSE without SO_REUSEADDR")
                    .source(SEED, linux("inet_connection_sock.c inet_csk_bind_conflict"), MEASURED)
                    .description("The server closes first, so its accepted connection's TIME_WAIT holds the "
                            + "listening port after the listener is gone; once TIME_WAIT ends the port is free. The "
                            + "JDK sets SO_REUSEADDR on every ServerSocket on Linux, so this needs it turned off "
                            + "(measured).")
                    .faultSensitive("waits a fixed TIME_WAIT length after the close: a lost FIN or ACK delays "
                            + "TIME_WAIT past it, and a duplicate draws a RST that ends it early")
                    .given(established().with(server().reuseAddress(false)))
                    .when(server().closes(), client().readsEof(), client().closes(), server().closesListener(),
                            elapse(seconds(1)), server().listensAgain(), elapse(timeWait().plusTolerance()),
                            server().listensAgain())
                    .then(server().listen(2).fails(ADDRESS_IN_USE))
                    .and(server().listen(3).succeeds());

    public static final Spec RU_1_REUSE =
            spec("RU-1.reuse", "with SO_REUSEADDR on both sockets, bind() succeeds while TIME_WAIT still holds the port")
                    .source(SEED, linux("inet_connection_sock.c inet_csk_bind_conflict"), MEASURED)
                    .faultSensitive("needs the server's TIME_WAIT to hold the port: a duplicated FIN draws an ACK "
                            + "the closed client answers with a RST, which ends TIME_WAIT early (RFC 1337)")
                    .given(established().with(server().reuseAddress(true)))
                    .when(server().closes(), client().readsEof(), client().closes(), server().closesListener(),
                            elapse(seconds(1)), server().listensAgain())
                    .then(server().listen(2).succeeds())
                    .and(server().holds(TIME_WAIT).forAtLeast(timeWait()));

    public static final Spec RU_1_ONE_SIDED =
            spec("RU-1.one-sided", "SO_REUSEADDR on the new socket alone does not bind over a TIME_WAIT whose socket lacked it")
                    .source(linux("inet_connection_sock.c inet_csk_bind_conflict"), MEASURED)
                    .description("Linux lets bind() share a port with a TIME_WAIT only when both sockets set "
                            + "SO_REUSEADDR; the TIME_WAIT keeps the flag of the socket it came from. The server's "
                            + "sockets had it off; the new listener turns it on and still gets 'Address already in "
                            + "use', until the TIME_WAIT is gone.")
                    .faultSensitive("waits a fixed TIME_WAIT length after the close: a lost FIN or ACK delays "
                            + "TIME_WAIT past it, and a duplicate draws a RST that ends it early")
                    .given(established().with(server().reuseAddress(false)))
                    .when(server().closes(), client().readsEof(), client().closes(), server().closesListener(),
                            elapse(seconds(1)), server().listensAgain(server().reuseAddress(true)),
                            elapse(timeWait().plusTolerance()), server().listensAgain(server().reuseAddress(true)))
                    .then(server().listen(2).fails(ADDRESS_IN_USE))
                    .and(server().listen(3).succeeds());

    public static final Spec RU_2 =
            spec("RU-2", "SO_REUSEADDR never lets two listeners share one address and port")
                    .source(linux("inet_connection_sock.c inet_csk_bind_conflict"), MEASURED)
                    .description("SO_REUSEPORT would (same user); BSD differs.")
                    .given(listening().with(server().reuseAddress(true)))
                    .when(server().listensAgain())
                    .then(server().listen(1).succeeds())
                    .and(server().listen(2).fails(ADDRESS_IN_USE));

    public static List<Spec> all() {
        return List.of(RU_1, RU_1_REUSE, RU_1_ONE_SIDED, RU_2);
    }
}
