package dev.tcpspec.os.sockets;

import dev.tcpspec.dsl.SocketOptions;

/**
 * Makes the socket calls of one session, on handles (small integers). {@link NioSockets} makes them in this JVM;
 * {@link AgentSockets} asks an agent JVM running inside a network namespace to make them there, because a Java 17
 * thread cannot move into another namespace. Failures the application would see are outcomes in the {@link Reply};
 * an exception means the driver itself broke.
 */
public interface SocketDriver extends AutoCloseable {
    /** bind() and listen() on the loopback address; port 0 lets the kernel choose. */
    Reply listen(int port, SocketOptions options);

    /**
     * connect() to {@code remotePort} on the loopback address, waiting up to {@code timeoutNanos}; with a zero
     * timeout a connection still under way is left to {@link #finishConnect}. A failed attempt still reports the
     * local port it used, if it got one.
     */
    Reply connect(int remotePort, SocketOptions options, long timeoutNanos);

    /**
     * Completes a connect() begun with a zero timeout (which returned {@code STILL_BLOCKED} with a handle), waiting
     * up to {@code timeoutNanos}: OK, the error the connection attempt met, or still {@code STILL_BLOCKED}.
     */
    Reply finishConnect(int handle, long timeoutNanos);

    /** accept() on listener {@code handle}, waiting up to {@code timeoutNanos}. */
    Reply accept(int handle, long timeoutNanos);

    /** One read() of at most {@code maxBytes}, waiting up to {@code timeoutNanos} for data, EOF or an error. */
    Reply read(int handle, int maxBytes, long timeoutNanos);

    /** write(): queues {@code data}, waiting a bounded time for room; {@link Reply#bytes()} says how much went. */
    Reply write(int handle, byte[] data);

    /** close(2) on a connected handle (honours SO_LINGER) or a listener. */
    Reply close(int handle);

    /** close() with SO_LINGER 0 (a listener is just closed): how a crashing host's sockets go. */
    Reply abort(int handle);

    Reply shutdownOutput(int handle);

    Reply shutdownInput(int handle);

    /** Closes every handle still open with SO_LINGER 0, so that nothing outlives the session. */
    @Override
    void close();
}
