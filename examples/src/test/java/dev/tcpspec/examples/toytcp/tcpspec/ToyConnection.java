package dev.tcpspec.examples.toytcp.tcpspec;

import dev.tcpspec.examples.toytcp.Conn;
import dev.tcpspec.examples.toytcp.Result;
import dev.tcpspec.spi.IoResult;
import dev.tcpspec.spi.SegmentConnection;
import dev.tcpspec.trace.AppOutcome;

/** A toytcp connection as the SPI's non-blocking socket: toytcp's results become tcpspec's. */
final class ToyConnection implements SegmentConnection {
    private final Conn conn;

    ToyConnection(Conn conn) {
        this.conn = conn;
    }

    @Override
    public int localPort() {
        return conn.localPort();
    }

    @Override
    public int remotePort() {
        return conn.remotePort();
    }

    @Override
    public IoResult write(byte[] data) {
        return result(conn.send(data));
    }

    @Override
    public IoResult read(int maxBytes) {
        return result(conn.recv(maxBytes));
    }

    @Override
    public IoResult close() {
        return result(conn.close());
    }

    @Override
    public IoResult shutdownOutput() {
        return result(conn.shutdownWrite());
    }

    @Override
    public IoResult shutdownInput() {
        return result(conn.shutdownRead());
    }

    private static IoResult result(Result r) {
        AppOutcome o = ToyHost.outcome(r.outcome());
        return new IoResult(o, r.data(), r.count(), 0);
    }
}
