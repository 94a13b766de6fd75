package dev.tcpspec.spi;

import java.time.Duration;

/**
 * One application handle on a connected socket, as a stack adapter exposes it. Calls block like their BSD socket
 * counterparts (on virtual time for the simulated stack) and report failures as outcomes, never as exceptions:
 * an exception from an adapter means the adapter broke, and yields an ERROR verdict.
 *
 * <pre>{@code
 * IoResult w = socket.write("GET / HTTP/1.0\r\n\r\n".getBytes(US_ASCII));
 * IoResult r = socket.read(65536, Duration.ofSeconds(10));   // DATA, EOF, CONNECTION_RESET, ... or STILL_BLOCKED
 * IoResult c = socket.close();                                // blocks only with SO_LINGER > 0
 * }</pre>
 */
public interface TcpSocket {
    /** The connection number this socket's segments and states carry in the trace (0 for the first). */
    int connection();

    int localPort();

    int remotePort();

    /** Queues data for sending; returns the number of bytes accepted or an error (BROKEN_PIPE, CONNECTION_RESET). */
    IoResult write(byte[] data);

    /** Reads at most {@code maxBytes}, blocking up to {@code timeout} for data, EOF or an error. */
    IoResult read(int maxBytes, Duration timeout);

    /** close(2) on this handle: honours SO_LINGER and sends FIN (or RST) only when it is the last handle. */
    IoResult close();

    /** shutdown(SHUT_WR). */
    IoResult shutdownOutput();

    /** shutdown(SHUT_RD). */
    IoResult shutdownInput();

    /**
     * Waits up to {@code timeout} for a connect() that was still in progress to complete: OK, the error that ended
     * it (CONNECTION_REFUSED, CONNECTION_TIMED_OUT, ...), or STILL_BLOCKED. On a connected socket: OK at once.
     */
    default IoResult finishConnect(Duration timeout) {
        return IoResult.of(dev.tcpspec.trace.AppOutcome.OK);
    }

    /** A second handle on the same socket, as dup(2) or fork gives one; needs {@code SHARED_HANDLES}. */
    default TcpSocket duplicate() {
        throw new UnsupportedOperationException("this stack cannot duplicate socket handles");
    }
}
