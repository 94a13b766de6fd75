package dev.tcpspec.dsl;

import dev.tcpspec.trace.TcpState;

/**
 * What an endpoint offers in the {@code then} clause: expectations on its states, its application calls' results,
 * its connections and its ISS, each an {@link Expectation} (or a builder of one) for {@code then(...)} and
 * {@code and(...)}. Nothing here configures or acts.
 *
 * <pre>{@code
 * static Expectation heldTimeWait(ThenEndpoint e) { return e.holds(TIME_WAIT).forAtLeast(twoMsl()); }
 *
 * spec("TW-2", "...").given(established()).when(client().closes(), server().readsEof(), server().closes())
 *     .then(heldTimeWait(client()))
 * }</pre>
 */
public interface ThenEndpoint extends EndpointRef {
    /** This endpoint holds a state: say for how long. */
    StateHold holds(TcpState state);

    /** This endpoint reaches a state after the steps began (refine with {@code within}). */
    Reach reaches(TcpState state);

    /** This endpoint is never in {@code state}: holds only if the endpoint was observed at all (an endpoint never seen proves nothing), e.g. {@code server().neverEnters(TIME_WAIT)}. */
    Expectation neverEnters(TcpState state);

    /**
     * This endpoint never waits in {@code state}: if a segment brings it there (RFC 9293 passes FIN_WAIT_2 on the way
     * from FIN_WAIT_1 to TIME_WAIT when a FIN also acknowledges ours), the same segment takes it out, e.g.
     * {@code client().neverWaitsIn(FIN_WAIT_2)}.
     */
    Expectation neverWaitsIn(TcpState state);

    /** This endpoint enters {@code state} at some point, e.g. {@code client().enters(TIME_WAIT)}. */
    Expectation enters(TcpState state);

    /** The state when observation ends. */
    Expectation endsIn(TcpState state);

    /** These states occur in this order (others may come between). */
    Expectation passesThrough(TcpState... states);

    /**
     * Every socket call on this endpoint's connection (connect, read, write, close, shutdown), whichever it is: for a
     * rule about what the application sees, not through which call, e.g. {@code client().anyCall().fails(CONNECTION_RESET)}
     * when a reset may reach a write() on one stack and a read() on another.
     */
    AppCallCheck anyCall();

    /** This endpoint's read() calls. */
    AppCallCheck read();

    /** This endpoint's n-th read() call (from 1). */
    AppCallCheck read(int nth);

    /** This endpoint's write() calls. */
    AppCallCheck write();

    /** This endpoint's n-th write() call (from 1). */
    AppCallCheck write(int nth);

    /** This endpoint's close() calls. */
    AppCallCheck close();

    /** This endpoint's bind() and listen() calls (the setup's first, then {@code listensAgain()}). */
    AppCallCheck listen();

    /** This endpoint's n-th bind() and listen() call (from 1; the setup's is the first). */
    AppCallCheck listen(int nth);

    /** This endpoint's n-th connect() call (from 1; an established setup's is the first). */
    AppCallCheck connect(int nth);

    /** This endpoint's n-th close() call (from 1). */
    AppCallCheck close(int nth);

    /** How many of this host's connections are in {@code state} at once (say what the peak must be). */
    ConnectionCount connectionsIn(TcpState state);

    /**
     * Connections this host opens take ports of the profile's ephemeral range, even ports first (Linux connect()),
     * whatever the profile says: a Linux trait, for Linux-only specs.
     */
    Expectation usesEphemeralPortsEvenFirst();

    /**
     * Connections this host opens take ports of the profile's ephemeral range, in the order the profile claims: even
     * ports first under Linux's selection, any order under RFC 6056's (random) one.
     */
    Expectation usesEphemeralPorts();

    /** This endpoint's ISS lies above every sequence number {@code earlier} (a previous incarnation) used. */
    Expectation choosesIssAbove(Endpoint earlier);

    /** Same 4-tuple as {@code earlier}: the ISS grew by exactly the ISN clock's ticks since {@code earlier}'s SYN. */
    Expectation issAdvancedByTheClockSince(Endpoint earlier);

    /** Another 4-tuple than {@code earlier}: the ISS is not {@code earlier}'s plus the clock (a keyed hash differs). */
    Expectation issUnrelatedTo(Endpoint earlier);

    /** Keepalive probes go out {@code idle} after the last segment received, then every {@code interval} unanswered. */
    Expectation sendsKeepAliveProbes(ProfileDuration idle, ProfileDuration interval);

    /** This endpoint's connect() calls. */
    AppCallCheck connect();

    /** Every byte the peer wrote is read here, once and in order, followed by EOF. */
    Expectation receivesAllDataBeforeEof();
}
