package dev.tcpspec.dsl;

import dev.tcpspec.trace.TcpState;

/**
 * What an endpoint offers in the {@code when} clause: what its application (or its host) does, each an
 * {@link Action} for {@code when(...)}. Nothing here configures or expects.
 *
 * <pre>{@code
 * static Action[] halfCloseThenAbort(WhenEndpoint e) { return new Action[]{e.shutsDownOutput(), e.closes()}; }
 *
 * spec("HC-1.abort", "...").given(established()).when(halfCloseThenAbort(client()))
 * }</pre>
 */
public interface WhenEndpoint extends EndpointRef {
    /** close() on the socket. */
    Action closes();

    /** close() on one handle of a socket that has several (0 is the original, 1 the first duplicate). */
    Action closesHandle(int handle);

    /** shutdown(SHUT_WR): send FIN, keep receiving. */
    Action shutsDownOutput();

    /** shutdown(SHUT_RD). */
    Action shutsDownInput();

    /**
     * write() of {@code n} bytes of a recognisable pattern ({@code abc...} from the client, {@code ABC...} from the
     * server). All {@code n} bytes are written: when the send buffer takes only part, the step waits for room (time
     * passes, up to 30 s) and writes the rest, as a blocking write() does; if the rest still does not fit, the step
     * records a short write (the outcome {@code SHORT_WRITE}, with the count written), which {@code write().succeeds()}
     * does not accept.
     */
    Action sends(int n);

    /** write() of a text in UTF-8, all of it (see {@link #sends(int)}). */
    Action sends(String text);

    /** One read(), waiting up to 30 s for data, EOF or an error. */
    Action reads();

    /** One read(), waiting up to {@code d}. */
    Action reads(ProfileDuration waitUpTo);

    /** read() repeatedly until EOF or an error, each call waiting up to 30 s. */
    Action readsEof();

    /** read() repeatedly until EOF or an error, each call waiting up to {@code d}. */
    Action readsEof(ProfileDuration waitUpTo);

    /** connect() once more to the server, from an ephemeral port: the next connection number. */
    Action connects();

    /**
     * connect() once more from the same local port as this endpoint's connection: a new incarnation of the same
     * 4-tuple (it meets TIME_WAIT if the old one is still there).
     */
    Action connectsFromSamePort();

    /**
     * A non-blocking connect() to the server: the SYN goes out and the call returns at once with the connection in
     * progress (the next connection number); finish it with {@link #finishesConnect()} or close it.
     */
    Action connectsWithoutWaiting();

    /** connect() to a port of the other host where nothing listens (the setup's listener port plus one). */
    Action connectsToAClosedPort();

    /** Waits up to 30 s for this connection's non-blocking connect() to complete, and records its result. */
    Action finishesConnect();

    /** Waits up to {@code waitUpTo} for this connection's non-blocking connect() to complete. */
    Action finishesConnect(ProfileDuration waitUpTo);

    /** close() on the listening socket: connections not yet accepted are reset. */
    Action closesListener();

    /** bind() and listen() again on the setup's listening port, with the setup's socket options. */
    Action listensAgain();

    /**
     * bind() and listen() again on the setup's listening port, with the setup's socket options changed by
     * {@code options} for this new socket only (options of this endpoint), e.g. a listener with SO_REUSEADDR where
     * the old socket had none:
     *
     * <pre>{@code
     * .given(established().with(server().reuseAddress(false)))
     * .when(server().closes(), ..., server().closesListener(), server().listensAgain(server().reuseAddress(true)))
     * }</pre>
     */
    Action listensAgain(SetupStep... options);

    /**
     * Waits until this endpoint is observed in {@code state}, letting time pass, at most 30 s; e.g.
     * {@code server().awaits(TIME_WAIT)} before injecting a segment into it. The step records how long it waited, or
     * that the state never came (then the next steps run all the same, and the expectations judge what happened).
     * Needs the state to be observable ({@code STATE_OBSERVATION}, and {@code TRANSIENT_STATE_OBSERVATION} for a
     * state such as LAST_ACK).
     */
    Action awaits(TcpState state);

    /** Waits until this endpoint is observed in {@code state}, at most {@code waitUpTo}. */
    Action awaits(TcpState state, ProfileDuration waitUpTo);

    /**
     * A crafted segment arrives at the other end as if this endpoint had sent it; this endpoint's own stack does not
     * know. Numbers are relative to the connection as the wire has shown it (see {@link Crafted}).
     */
    Action injects(Crafted segment);

    /** The same crafted segment, injected {@code times} times in a row at the same instant. */
    Action injects(Crafted segment, int times);

    /**
     * Opens {@code count} connections one every {@code interval}, each closed first by this side as soon as it is
     * established while the other side reads EOF and closes: the pattern of short HTTP/1.0 requests that piles up
     * TIME_WAIT on the closer (RULES.md TW-10).
     */
    Action opensAndClosesConnections(ProfileCount count, ProfileDuration interval);

    /**
     * As {@link #opensAndClosesConnections(ProfileCount, ProfileDuration)}, where the scenario needs every connection
     * opened (or a connect() failing) within {@code exhaustBy}: a stack on real time that opens them more slowly
     * cannot carry it out, and the spec does not apply to it (the reason names the rate it reached).
     *
     * <pre>{@code
     * client().opensAndClosesConnections(ephemeralPortCount().plus(1), millis(1), timeWait())
     * }</pre>
     */
    Action opensAndClosesConnections(ProfileCount count, ProfileDuration interval, ProfileDuration exhaustBy);

    /**
     * connect() once more from the same local port as this endpoint's connection, retrying every second while the
     * 4-tuple is taken (by TIME_WAIT, say), as a client bound to a fixed port does; it gives up after twice the
     * profile's TIME_WAIT length plus a minute. The new incarnation starts as soon as the stack lets it.
     *
     * <pre>{@code
     * .when(client().closes(), server().readsEof(), server().closes(),
     *       client().connectsFromSamePortWhenFree(), server().accepts())
     * }</pre>
     */
    Action connectsFromSamePortWhenFree();

    /** accept() the next connection from the listener. */
    Action accepts();

    /** dup(): a second handle on the same socket. */
    Action duplicatesHandle();

    /** The host crashes, losing every connection without a word. */
    Action crashes();

    /** The host reboots after a crash, with no connections. */
    Action reboots();
}
