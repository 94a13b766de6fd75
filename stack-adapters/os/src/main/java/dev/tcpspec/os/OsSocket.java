package dev.tcpspec.os;

import dev.tcpspec.spi.IoResult;
import dev.tcpspec.spi.TcpSocket;
import dev.tcpspec.trace.Side;

import java.time.Duration;

/** One connected kernel socket of a session, as the SPI sees it: every call goes to the session's driver. */
final class OsSocket implements TcpSocket {
    private final OsSession session;
    private final Side side;
    private final int conn;
    private final int handle;
    private final int localPort;
    private final int remotePort;

    OsSocket(OsSession session, Side side, int conn, int handle, int localPort, int remotePort) {
        this.session = session;
        this.side = side;
        this.conn = conn;
        this.handle = handle;
        this.localPort = localPort;
        this.remotePort = remotePort;
    }

    Side side() {
        return side;
    }

    int handle() {
        return handle;
    }

    @Override
    public int connection() {
        return conn;
    }

    @Override
    public int localPort() {
        return localPort;
    }

    @Override
    public int remotePort() {
        return remotePort;
    }

    @Override
    public IoResult write(byte[] data) {
        return session.io(d -> d.write(handle, data));
    }

    /** A read(): see {@link OsSession#read} for how long waits are kept short. */
    @Override
    public IoResult read(int maxBytes, Duration timeout) {
        return session.read(handle, maxBytes, timeout);
    }

    /** Completes a connect() begun without waiting (the segment-tier SPI's finishConnect). */
    public IoResult finishConnect(Duration timeout) {
        return session.finishConnect(handle, timeout);
    }

    @Override
    public IoResult close() {
        session.beforeClose(side);
        return session.io(d -> d.close(handle));
    }

    @Override
    public IoResult shutdownOutput() {
        session.beforeClose(side);
        return session.io(d -> d.shutdownOutput(handle));
    }

    @Override
    public IoResult shutdownInput() {
        return session.io(d -> d.shutdownInput(handle));
    }
}
