package dev.tcpspec.os;

import dev.tcpspec.spi.IoResult;
import dev.tcpspec.spi.SocketResult;
import dev.tcpspec.spi.TcpListener;

import java.time.Duration;

/** The session's listening socket. */
final class OsListener implements TcpListener {
    private final OsSession session;
    private final int port;

    OsListener(OsSession session, int port) {
        this.session = session;
        this.port = port;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public SocketResult accept(Duration timeout) {
        return session.accept(timeout);
    }

    @Override
    public IoResult close() {
        return session.closeListener();
    }
}
