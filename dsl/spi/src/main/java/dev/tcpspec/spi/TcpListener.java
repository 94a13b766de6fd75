package dev.tcpspec.spi;

import java.time.Duration;

/**
 * A listening socket, as a stack adapter exposes it.
 *
 * <pre>{@code
 * SocketResult accepted = listener.accept(Duration.ofSeconds(5));
 * }</pre>
 */
public interface TcpListener {
    int port();

    /** Waits up to {@code timeout} for a connection. */
    SocketResult accept(Duration timeout);

    /** Stops listening; connections not yet accepted are reset. */
    IoResult close();
}
