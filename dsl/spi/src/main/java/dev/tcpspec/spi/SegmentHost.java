package dev.tcpspec.spi;

import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Segment;

import java.util.List;
import java.util.Optional;

/**
 * One host's TCP in the {@linkplain SegmentStack segment tier}: its listeners and connections, driven poll-style on
 * tcpspec's virtual clock. The host has one peer (the reference stack on the other end of the wire), so a connection is
 * known by its pair of ports.
 *
 * <p>tcpspec makes three kinds of call, all at the time {@link HostContext#nowNanos()} says, and after every one of
 * them takes the host's {@linkplain #pollOutgoing() outgoing segments} and asks for its {@linkplain #nextWakeup()
 * next wakeup}:
 * <ul>
 *   <li>the wire: {@link #receive} hands over a segment from the peer;</li>
 *   <li>the clock: {@link #wake} says the time asked for by {@link #nextWakeup()} has come (run due timers);</li>
 *   <li>the application: {@link #listen}, {@link #connect}, {@link #accept} and the calls on
 *       {@link SegmentConnection}. None of them blocks: tcpspec makes a call block, when the socket API would, by
 *       running the clock until the call can complete.</li>
 * </ul>
 *
 * <pre>{@code
 * final class MyHost implements SegmentHost {
 *     private final HostContext context;
 *     private final List<Segment> outbox = new ArrayList<>();
 *     ...
 *     public void receive(Segment s, long nowNanos) { find(s.dstPort(), s.srcPort()).segmentArrives(s, nowNanos); }
 *     public void wake(long nowNanos) { for (MyConnection c : connections()) c.runTimers(nowNanos); }
 *     public List<Segment> pollOutgoing() { List<Segment> out = List.copyOf(outbox); outbox.clear(); return out; }
 *     public long nextWakeup() { return connections().stream().mapToLong(MyConnection::nextTimer).min().orElse(NEVER); }
 *     ...
 * }
 * }</pre>
 */
public interface SegmentHost {
    /** {@link #nextWakeup()} when no timer is pending. */
    long NEVER = Long.MAX_VALUE;

    // ---- the wire and the clock ----------------------------------------------------------------------------------

    /**
     * Here is a segment from the peer, arriving at {@code nowNanos}. Segments for no connection and no listener get
     * the stack's answer (RFC 9293 §3.10.7.1: a reset). The payload array is shared: copy what you keep.
     */
    void receive(Segment segment, long nowNanos);

    /** Here is the time: {@code nowNanos} has reached (or passed) the last {@link #nextWakeup()}; run what is due. */
    void wake(long nowNanos);

    /**
     * What the host sends now: every segment produced since the last poll, in order. tcpspec puts them on the wire at
     * once, in this order, stamped with the current time.
     */
    List<Segment> pollOutgoing();

    /**
     * When the host next needs {@link #wake}, in virtual nanoseconds since the run began, or {@link #NEVER}. Asked
     * after every call; a time in the past means "as soon as possible". A host that keeps asking for the present
     * without its state changing is stopped with an error.
     */
    long nextWakeup();

    // ---- the application ---------------------------------------------------------------------------------------

    /**
     * bind() and listen() on {@code port}.
     *
     * @return OK, or the error the application sees (e.g. ADDRESS_IN_USE)
     */
    AppOutcome listen(int port, SocketOptions options);

    /** close() on the listener of {@code port}: connections not yet accepted are reset. */
    AppOutcome closeListener(int port);

    /**
     * connect() to {@code remotePort} on the peer, from {@code options.localPort()} or an ephemeral port: starts the
     * active open (the SYN goes out with the next poll) and returns at once. tcpspec then waits, on the virtual clock,
     * until the connection's reported state leaves SYN_SENT and SYN_RECEIVED; if it ends in CLOSED, the error that
     * {@link SegmentConnection#read} reports (e.g. CONNECTION_REFUSED) is connect()'s.
     */
    Opening connect(int remotePort, SocketOptions options);

    /** accept() on the listener of {@code port}: the next established connection, or empty if none is ready yet. */
    Optional<SegmentConnection> accept(int port);

    /**
     * What connect() started: a connection, or the error that stopped it before any segment was sent.
     *
     * <pre>{@code
     * if (portTaken) return Opening.failed(AppOutcome.ADDRESS_IN_USE);
     * return Opening.started(connection);
     * }</pre>
     */
    record Opening(AppOutcome error, SegmentConnection connection) {
        public Opening {
            if ((error == null) == (connection == null)) {
                throw new IllegalArgumentException("an opening has either a connection or an error, not "
                        + (error == null ? "neither" : "both"));
            }
        }

        public static Opening started(SegmentConnection connection) {
            return new Opening(null, connection);
        }

        public static Opening failed(AppOutcome error) {
            return new Opening(error, null);
        }
    }
}
