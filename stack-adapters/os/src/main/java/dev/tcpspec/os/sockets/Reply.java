package dev.tcpspec.os.sockets;

import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Segment;

/**
 * What one socket call made by a {@link SocketDriver} returned: the outcome the application saw, the handle it created
 * (listen, connect, accept), the bytes read or written, and how long it blocked. One shape for every call, so that an
 * agent in another network namespace can send it back as one line.
 *
 * @param outcome      what the application saw
 * @param handle       the new handle for listen/connect/accept when the outcome is OK, else -1
 * @param localPort    the local port of a new handle, else 0
 * @param remotePort   the remote port of a new connected handle, else 0
 * @param data         bytes read; empty otherwise
 * @param bytes        bytes read or written
 * @param blockedNanos how long the call blocked
 */
public record Reply(AppOutcome outcome, int handle, int localPort, int remotePort, byte[] data, int bytes,
             long blockedNanos) {
    public Reply {
        if (data == null) data = Segment.NO_PAYLOAD;
    }

    static Reply of(AppOutcome outcome, long blockedNanos) {
        return new Reply(outcome, -1, 0, 0, Segment.NO_PAYLOAD, 0, blockedNanos);
    }

    static Reply handle(int handle, int localPort, int remotePort, long blockedNanos) {
        return new Reply(AppOutcome.OK, handle, localPort, remotePort, Segment.NO_PAYLOAD, 0, blockedNanos);
    }
}
