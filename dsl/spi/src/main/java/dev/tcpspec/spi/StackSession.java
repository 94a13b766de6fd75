package dev.tcpspec.spi;

import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Side;

import java.time.Duration;

/**
 * A fresh pair of hosts (client and server) on which one scenario runs. The scenario runner calls these primitives
 * and records application results itself; the session records what it can observe of the stack (segments, states,
 * timers) into the {@link SessionSettings#recorder() recorder} it was given.
 *
 * <p>Time: on a virtual clock every blocking call advances the clock until it can return; on a real kernel calls
 * block in real time. {@link #nowNanos()} is the time base of every trace event.
 *
 * <pre>{@code
 * try (StackSession s = adapter.open(settings)) {
 *     TcpListener l = s.listen(Side.SERVER, 80, SocketOptions.DEFAULTS).listener();
 *     TcpSocket c = s.connect(Side.CLIENT, SocketOptions.DEFAULTS, 80, Duration.ofSeconds(5)).socket();
 *     TcpSocket a = l.accept(Duration.ofSeconds(5)).socket();
 *     c.close();
 *     s.elapse(Duration.ofSeconds(1));
 *     s.finish(Duration.ofMinutes(10));
 * }
 * }</pre>
 */
public interface StackSession extends AutoCloseable {
    /** Nanoseconds since the session opened. */
    long nowNanos();

    /** The address of a host, for traces and reports. */
    String address(Side side);

    /** bind() and listen() on {@code side}; {@code port} 0 picks a free one. */
    ListenResult listen(Side side, int port, SocketOptions options);

    /**
     * connect() from {@code side} to {@code remotePort} on the other host, blocking up to {@code timeout}. If the
     * connection is not yet established when the timeout passes (a zero timeout makes a non-blocking connect), the
     * result is {@link SocketResult#inProgress STILL_BLOCKED with the socket}; finish it with
     * {@link TcpSocket#finishConnect}.
     */
    SocketResult connect(Side side, SocketOptions options, int remotePort, Duration timeout);

    /**
     * Puts a crafted segment on the wire as if {@code asIf}'s host had sent it, to arrive at the other host (needs
     * {@code SEGMENT_INJECTION}). The session records it as a {@code TraceEvent.SegmentInjected}; {@code asIf}'s own
     * stack never learns of it.
     */
    default void inject(Side asIf, Segment segment) {
        throw new UnsupportedOperationException("this stack cannot inject crafted segments");
    }

    /** Lets {@code d} pass with no application activity. */
    void elapse(Duration d);

    /**
     * Lets the stack run out its timers once the scenario's steps are done: returns when nothing more can happen
     * (no segment in flight, no timer pending) or when {@code horizon} has passed since the call.
     */
    void finish(Duration horizon);

    /** The host loses all connection state at once, silently (needs {@code HOST_CRASH}). */
    default void crash(Side side) {
        throw new UnsupportedOperationException("this stack cannot crash a host");
    }

    /** A crashed host comes back with no connections; its listeners are opened again (needs {@code HOST_CRASH}). */
    default void reboot(Side side) {
        throw new UnsupportedOperationException("this stack cannot reboot a host");
    }

    /** Releases every socket, thread and resource of the session. */
    @Override
    void close();
}
