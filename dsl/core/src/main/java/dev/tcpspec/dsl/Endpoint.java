package dev.tcpspec.dsl;

import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.trace.AppCall;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpState;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One end of a scenario's connection, {@code client()} or {@code server()}: the subject of setup options, of steps
 * (what its application does) and of expectations (its states and its calls' results). Its vocabulary is split by
 * clause: {@link GivenEndpoint} (socket options, pinned values: {@link SetupStep}s), {@link WhenEndpoint} (what the
 * application does: {@link Action}s) and {@link ThenEndpoint} (expectations); a helper typed by one of them offers
 * only that clause's words, and each clause's step accepts only what its words make ({@code with(SetupStep...)},
 * {@code when(Action...)}, {@code then(Expectation)}).
 *
 * <pre>{@code
 * given(established().with(client().soLinger(true, 0)))
 *     .when(client().sends(10), client().closes())
 *     .then(client().neverEnters(TIME_WAIT))
 *     .and(server().read().fails(CONNECTION_RESET));
 * }</pre>
 */
public final class Endpoint implements GivenEndpoint, WhenEndpoint, ThenEndpoint {
    /** How long a blocking read waits by default before the harness records it as still blocked. */
    static final ProfileDuration DEFAULT_WAIT = ProfileDuration.fixed(Duration.ofSeconds(30));

    private final Side side;
    private final int connection;

    Endpoint(Side side, int connection) {
        this.side = side;
        this.connection = connection;
    }

    /** Which end this is: client or server. */
    public Side side() {
        return side;
    }

    /** The connection number: 0 for the scenario's main connection. */
    public int connection() {
        return connection;
    }

    /** The other end of the same connection. */
    public Endpoint peer() {
        return new Endpoint(side.peer(), connection);
    }

    /** This side's end of another connection (for scenarios with several). */
    public Endpoint onConnection(int n) {
        return new Endpoint(side, n);
    }

    @Override
    public String toString() {
        return side.label() + (connection == 0 ? "" : " #" + connection);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint e && e.side == side && e.connection == connection;
    }

    @Override
    public int hashCode() {
        return side.hashCode() * 31 + connection;
    }

    // ---- steps -------------------------------------------------------------------------------------------------

    /** close() on the socket. */
    public Action closes() {
        return new Action.Close(side, connection, 0);
    }

    /** close() on one handle of a socket that has several (0 is the original, 1 the first duplicate). */
    public Action closesHandle(int handle) {
        return new Action.Close(side, connection, handle);
    }

    /** shutdown(SHUT_WR): send FIN, keep receiving. */
    public Action shutsDownOutput() {
        return new Action.ShutdownOutput(side, connection);
    }

    /** shutdown(SHUT_RD). */
    public Action shutsDownInput() {
        return new Action.ShutdownInput(side, connection);
    }

    /**
     * write() of {@code n} bytes of a recognisable pattern ({@code abc...} from the client, {@code ABC...} from the
     * server). All {@code n} bytes are written: when the send buffer takes only part, the step waits for room (time
     * passes, up to 30 s) and writes the rest, as a blocking write() does; if the rest still does not fit, the step
     * records a short write (the outcome {@code SHORT_WRITE}, with the count written), which {@code write().succeeds()}
     * does not accept.
     */
    public Action sends(int n) {
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) data[i] = (byte) ((side == Side.CLIENT ? 'a' : 'A') + i % 26);
        return new Action.Write(side, connection, data);
    }

    /** write() of a text in UTF-8, all of it (see {@link #sends(int)}). */
    public Action sends(String text) {
        return new Action.Write(side, connection, text.getBytes(StandardCharsets.UTF_8));
    }

    /** One read(), waiting up to 30 s for data, EOF or an error. */
    public Action reads() {
        return new Action.Read(side, connection, false, DEFAULT_WAIT);
    }

    /** One read(), waiting up to {@code d}. */
    public Action reads(ProfileDuration waitUpTo) {
        return new Action.Read(side, connection, false, waitUpTo);
    }

    /** read() repeatedly until EOF or an error, each call waiting up to 30 s. */
    public Action readsEof() {
        return new Action.Read(side, connection, true, DEFAULT_WAIT);
    }

    /** read() repeatedly until EOF or an error, each call waiting up to {@code d}. */
    public Action readsEof(ProfileDuration waitUpTo) {
        return new Action.Read(side, connection, true, waitUpTo);
    }

    /** connect() once more to the server, from an ephemeral port: the next connection number. */
    public Action connects() {
        return new Action.Connect(side, -1);
    }

    /**
     * connect() once more from the same local port as this endpoint's connection: a new incarnation of the same
     * 4-tuple (it meets TIME_WAIT if the old one is still there).
     */
    public Action connectsFromSamePort() {
        return new Action.Connect(side, connection);
    }

    /**
     * A non-blocking connect() to the server: the SYN goes out and the call returns at once with the connection in
     * progress (the next connection number); finish it with {@link #finishesConnect()} or close it.
     */
    public Action connectsWithoutWaiting() {
        return new Action.Connect(side, -1, false, false);
    }

    /** connect() to a port of the other host where nothing listens (the setup's listener port plus one). */
    public Action connectsToAClosedPort() {
        return new Action.Connect(side, -1, true, true);
    }

    /** Waits up to 30 s for this connection's non-blocking connect() to complete, and records its result. */
    public Action finishesConnect() {
        return new Action.FinishConnect(side, connection, DEFAULT_WAIT);
    }

    /** Waits up to {@code waitUpTo} for this connection's non-blocking connect() to complete. */
    public Action finishesConnect(ProfileDuration waitUpTo) {
        return new Action.FinishConnect(side, connection, waitUpTo);
    }

    /** close() on the listening socket: connections not yet accepted are reset. */
    public Action closesListener() {
        return new Action.CloseListener(side);
    }

    /** bind() and listen() again on the setup's listening port, with the setup's socket options. */
    public Action listensAgain() {
        return new Action.Listen(side);
    }

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
    public Action listensAgain(SetupStep... options) {
        java.util.List<SetupStep.SocketOption> changes = new java.util.ArrayList<>();
        for (SetupStep o : options) {
            if (!(o instanceof SetupStep.SocketOption so)) {
                throw new IllegalArgumentException("listensAgain() takes socket options of the " + side.label()
                        + ", not " + o);
            }
            changes.add(so);
        }
        return new Action.Listen(side, changes);
    }

    /**
     * Waits until this endpoint is observed in {@code state}, letting time pass, at most 30 s; e.g.
     * {@code server().awaits(TIME_WAIT)} before injecting a segment into it. The step records how long it waited, or
     * that the state never came (then the next steps run all the same, and the expectations judge what happened).
     * Needs the state to be observable ({@code STATE_OBSERVATION}, and {@code TRANSIENT_STATE_OBSERVATION} for a
     * state such as LAST_ACK).
     */
    public Action awaits(TcpState state) {
        return new Action.Await(side, connection, state, DEFAULT_WAIT);
    }

    /** Waits until this endpoint is observed in {@code state}, at most {@code waitUpTo}. */
    public Action awaits(TcpState state, ProfileDuration waitUpTo) {
        return new Action.Await(side, connection, state, waitUpTo);
    }

    /**
     * A crafted segment arrives at the other end as if this endpoint had sent it; this endpoint's own stack does not
     * know. Numbers are relative to the connection as the wire has shown it (see {@link Crafted}).
     */
    public Action injects(Crafted segment) {
        return new Action.Inject(side, connection, segment, 1);
    }

    /** The same crafted segment, injected {@code times} times in a row at the same instant. */
    public Action injects(Crafted segment, int times) {
        return new Action.Inject(side, connection, segment, times);
    }

    /**
     * Opens {@code count} connections one every {@code interval}, each closed first by this side as soon as it is
     * established while the other side reads EOF and closes: the pattern of short HTTP/1.0 requests that piles up
     * TIME_WAIT on the closer (RULES.md TW-10).
     */
    public Action opensAndClosesConnections(ProfileCount count, ProfileDuration interval) {
        return new Action.Churn(side, count, interval, null);
    }

    /**
     * As {@link #opensAndClosesConnections(ProfileCount, ProfileDuration)}, where the scenario needs every connection
     * opened (or a connect() failing) within {@code exhaustBy}: a stack on real time that opens them more slowly
     * cannot carry it out, and the spec does not apply to it (the reason names the rate it reached).
     *
     * <pre>{@code
     * client().opensAndClosesConnections(ephemeralPortCount().plus(1), millis(1), timeWait())
     * }</pre>
     */
    public Action opensAndClosesConnections(ProfileCount count, ProfileDuration interval, ProfileDuration exhaustBy) {
        return new Action.Churn(side, count, interval, exhaustBy);
    }

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
    public Action connectsFromSamePortWhenFree() {
        return new Action.ConnectWhenFree(side, connection, ProfileDuration.fixed(Duration.ofSeconds(1)),
                Tcp.timeWait().times(2).plus(Duration.ofMinutes(1)));
    }

    /** accept() the next connection from the listener. */
    public Action accepts() {
        return new Action.Accept(side);
    }

    /** dup(): a second handle on the same socket. */
    public Action duplicatesHandle() {
        return new Action.Duplicate(side, connection);
    }

    /** The host crashes, losing every connection without a word. */
    public Action crashes() {
        return new Action.Crash(side);
    }

    /** The host reboots after a crash, with no connections. */
    public Action reboots() {
        return new Action.Reboot(side);
    }

    // ---- setup options -----------------------------------------------------------------------------------------

    /** SO_LINGER: {@code soLinger(true, 0)} makes close() abort with RST. */
    public SetupStep soLinger(boolean on, int seconds) {
        String text = side.label() + " SO_LINGER <" + (on ? 1 : 0) + "," + seconds + ">";
        return option(text, o -> on ? o.withLinger(seconds) : new SocketOptions(null, o.keepAlive(),
                o.keepAliveIdle(), o.keepAliveInterval(), o.keepAliveProbes(), o.reuseAddress(), o.receiveBuffer(),
                o.sendBuffer(), o.iss(), o.localPort()));
    }

    /** SO_KEEPALIVE with the profile's timing. */
    public SetupStep keepAlive() {
        return option(side.label() + " SO_KEEPALIVE", SocketOptions::withKeepAlive);
    }

    /** SO_KEEPALIVE with TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT. */
    public SetupStep keepAlive(Duration idle, Duration interval, int probes) {
        return option(side.label() + " SO_KEEPALIVE idle " + idle.toSeconds() + " s, interval "
                + interval.toSeconds() + " s, " + probes + " probes", o -> o.withKeepAlive(idle, interval, probes));
    }

    /** SO_REUSEADDR on or off. */
    public SetupStep reuseAddress(boolean on) {
        return option(side.label() + " SO_REUSEADDR " + (on ? "on" : "off"), o -> o.withReuseAddress(on));
    }

    /** SO_RCVBUF. */
    public SetupStep receiveBuffer(int bytes) {
        return option(side.label() + " SO_RCVBUF " + bytes, o -> o.withReceiveBuffer(bytes));
    }

    /** SO_SNDBUF. */
    public SetupStep sendBuffer(int bytes) {
        return option(side.label() + " SO_SNDBUF " + bytes, o -> o.withSendBuffer(bytes));
    }

    /** The initial send sequence number, e.g. {@code 0xFFFF_FF00} to cross the 2^32 wrap during the close. */
    public SetupStep iss(int iss) {
        return option(side.label() + " ISS " + Integer.toUnsignedString(iss), o -> o.withIss(iss));
    }

    /** The local port: the server's listening port, or the client's bound source port. */
    public SetupStep port(int port) {
        return option(side.label() + " port " + port, o -> o.withLocalPort(port));
    }

    private SetupStep option(String description, java.util.function.UnaryOperator<SocketOptions> change) {
        return new SetupStep.SocketOption(side, description, change);
    }

    // ---- expectations ------------------------------------------------------------------------------------------

    /** This endpoint holds a state: say for how long. */
    public StateHold holds(TcpState state) {
        return new StateHold(this, state, null);
    }

    /** This endpoint reaches a state after the steps began (refine with {@code within}). */
    public Reach reaches(TcpState state) {
        return new Reach(this, state, null);
    }

    /** This endpoint is never in {@code state}: holds only if the endpoint was observed at all (an endpoint never seen proves nothing), e.g. {@code server().neverEnters(TIME_WAIT)}. */
    public Expectation neverEnters(TcpState state) {
        return new StateExpectations.NeverEnters(this, state);
    }

    /**
     * This endpoint never waits in {@code state}: if a segment brings it there (RFC 9293 passes FIN_WAIT_2 on the way
     * from FIN_WAIT_1 to TIME_WAIT when a FIN also acknowledges ours), the same segment takes it out, e.g.
     * {@code client().neverWaitsIn(FIN_WAIT_2)}.
     */
    public Expectation neverWaitsIn(TcpState state) {
        return new StateExpectations.NeverWaitsIn(this, state);
    }

    /** This endpoint enters {@code state} at some point, e.g. {@code client().enters(TIME_WAIT)}. */
    public Expectation enters(TcpState state) {
        return new StateExpectations.Enters(this, state);
    }

    /** The state when observation ends. */
    public Expectation endsIn(TcpState state) {
        return new StateExpectations.EndsIn(this, state);
    }

    /** These states occur in this order (others may come between). */
    public Expectation passesThrough(TcpState... states) {
        return new StateExpectations.PassesThrough(this, states);
    }

    /**
     * Every socket call on this endpoint's connection (connect, read, write, close, shutdown), whichever it is: for a
     * rule about what the application sees, not through which call, e.g. {@code client().anyCall().fails(CONNECTION_RESET)}
     * when a reset may reach a write() on one stack and a read() on another.
     */
    public AppCallCheck anyCall() {
        return new AppCallCheck(this, null, 0);
    }

    /** This endpoint's read() calls. */
    public AppCallCheck read() {
        return new AppCallCheck(this, AppCall.READ, 0);
    }

    /** This endpoint's n-th read() call (from 1). */
    public AppCallCheck read(int nth) {
        return new AppCallCheck(this, AppCall.READ, nth);
    }

    /** This endpoint's write() calls. */
    public AppCallCheck write() {
        return new AppCallCheck(this, AppCall.WRITE, 0);
    }

    /** This endpoint's n-th write() call (from 1). */
    public AppCallCheck write(int nth) {
        return new AppCallCheck(this, AppCall.WRITE, nth);
    }

    /** This endpoint's close() calls. */
    public AppCallCheck close() {
        return new AppCallCheck(this, AppCall.CLOSE, 0);
    }

    /** This endpoint's bind() and listen() calls (the setup's first, then {@link #listensAgain()}). */
    public AppCallCheck listen() {
        return new AppCallCheck(this, AppCall.LISTEN, 0);
    }

    /** This endpoint's n-th bind() and listen() call (from 1; the setup's is the first). */
    public AppCallCheck listen(int nth) {
        return new AppCallCheck(this, AppCall.LISTEN, nth);
    }

    /** This endpoint's n-th connect() call (from 1; an established setup's is the first). */
    public AppCallCheck connect(int nth) {
        return new AppCallCheck(this, AppCall.CONNECT, nth);
    }

    /** This endpoint's n-th close() call (from 1). */
    public AppCallCheck close(int nth) {
        return new AppCallCheck(this, AppCall.CLOSE, nth);
    }

    /** How many of this host's connections are in {@code state} at once (say what the peak must be). */
    public ConnectionCount connectionsIn(TcpState state) {
        return new ConnectionCount(side, state);
    }

    /**
     * Connections this host opens take ports of the profile's ephemeral range, even ports first (Linux connect()),
     * whatever the profile says: a Linux trait, for Linux-only specs.
     */
    public Expectation usesEphemeralPortsEvenFirst() {
        return new EphemeralPortUse(side, EphemeralPortUse.Order.EVEN_FIRST);
    }

    /**
     * Connections this host opens take ports of the profile's ephemeral range, in the order the profile claims: even
     * ports first under Linux's selection, any order under RFC 6056's (random) one.
     */
    public Expectation usesEphemeralPorts() {
        return new EphemeralPortUse(side, EphemeralPortUse.Order.AS_PROFILE);
    }

    /** This endpoint's ISS lies above every sequence number {@code earlier} (a previous incarnation) used. */
    public Expectation choosesIssAbove(Endpoint earlier) {
        return new IssCheck(this, earlier, IssCheck.Kind.ABOVE_OLD_SPACE);
    }

    /** Same 4-tuple as {@code earlier}: the ISS grew by exactly the ISN clock's ticks since {@code earlier}'s SYN. */
    public Expectation issAdvancedByTheClockSince(Endpoint earlier) {
        return new IssCheck(this, earlier, IssCheck.Kind.CLOCK_DRIVEN);
    }

    /** Another 4-tuple than {@code earlier}: the ISS is not {@code earlier}'s plus the clock (a keyed hash differs). */
    public Expectation issUnrelatedTo(Endpoint earlier) {
        return new IssCheck(this, earlier, IssCheck.Kind.INDEPENDENT);
    }

    /** Keepalive probes go out {@code idle} after the last segment received, then every {@code interval} unanswered. */
    public Expectation sendsKeepAliveProbes(ProfileDuration idle, ProfileDuration interval) {
        return new KeepAliveTiming(this, idle, interval);
    }

    /** This endpoint's connect() calls. */
    public AppCallCheck connect() {
        return new AppCallCheck(this, AppCall.CONNECT, 0);
    }

    /** Every byte the peer wrote is read here, once and in order, followed by EOF. */
    public Expectation receivesAllDataBeforeEof() {
        return new DataDelivery(this);
    }
}
