package dev.tcpspec.spi;

import dev.tcpspec.trace.AppOutcome;

/**
 * The application's handle on one connection of a {@linkplain SegmentStack segment-tier} stack: the socket calls,
 * without blocking. Failures are outcomes, never exceptions (an exception means the stack broke, and yields an ERROR
 * verdict). Where the socket API would block, the call returns {@link AppOutcome#STILL_BLOCKED} and tcpspec calls
 * again after each event on the virtual clock (for {@link #read}) or polls {@link #closeResult()} (for a lingering
 * {@link #close()}), so the application sees a blocking call that takes exactly as long as the stack makes it.
 *
 * <p>The same object identifies the connection in {@link HostContext#stateChanged}: report each state change of a
 * connection, from its first (CLOSED to SYN_SENT, or LISTEN to SYN_RECEIVED for a connection a listener creates) to
 * its last (to CLOSED).
 *
 * <pre>{@code
 * IoResult w = connection.write(bytes);        // OK with the count accepted, or BROKEN_PIPE, CONNECTION_RESET, ...
 * IoResult r = connection.read(65536);         // DATA, EOF, CONNECTION_RESET, ... or STILL_BLOCKED
 * IoResult c = connection.close();             // OK, or STILL_BLOCKED while SO_LINGER > 0 waits for the ACK of FIN
 * }</pre>
 */
public interface SegmentConnection {
    int localPort();

    int remotePort();

    /** Queues what fits of {@code data} for sending; returns the number of bytes accepted, or an error. */
    IoResult write(byte[] data);

    /** Reads at most {@code maxBytes}: DATA, EOF, an error once (e.g. CONNECTION_RESET), or STILL_BLOCKED. */
    IoResult read(int maxBytes);

    /**
     * close(2) of the application's last handle: honours SO_LINGER (&lt;1,0&gt; aborts) and unread data. Returns
     * STILL_BLOCKED if close() would block (SO_LINGER &gt; 0 with the FIN not yet acknowledged); the stack then
     * finishes or abandons the linger on its own timers, and tcpspec polls {@link #closeResult()}.
     */
    IoResult close();

    /**
     * The result of a close() that returned STILL_BLOCKED: STILL_BLOCKED while it lingers, then OK (the FIN was
     * acknowledged, or the linger time ran out on a Linux-like stack) or the error (WOULD_BLOCK on a BSD-like stack
     * that resets on linger timeout).
     */
    default IoResult closeResult() {
        return IoResult.of(AppOutcome.OK);
    }

    /** shutdown(SHUT_WR): FIN after the queued data; the receive side stays open. */
    IoResult shutdownOutput();

    /** shutdown(SHUT_RD): later reads return EOF; no segment is sent. */
    IoResult shutdownInput();
}
