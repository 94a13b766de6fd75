package dev.tcpspec.spi;

import dev.tcpspec.trace.AppOutcome;

/**
 * The result of connect() or accept(): a socket when the outcome is OK, otherwise null, except for a connect() still
 * in progress (a non-blocking connect's EINPROGRESS): STILL_BLOCKED with the socket, to finish with
 * {@link TcpSocket#finishConnect}.
 *
 * <pre>{@code
 * SocketResult r = session.connect(Side.CLIENT, options, 80, Duration.ofSeconds(5));
 * if (r.outcome() == AppOutcome.CONNECTION_REFUSED) ...
 * }</pre>
 */
public record SocketResult(AppOutcome outcome, TcpSocket socket, long blockedNanos) {
    public static SocketResult ok(TcpSocket socket, long blockedNanos) {
        return new SocketResult(AppOutcome.OK, socket, blockedNanos);
    }

    /** A connect() that has not completed yet: the socket exists, in SYN_SENT. */
    public static SocketResult inProgress(TcpSocket socket, long blockedNanos) {
        return new SocketResult(AppOutcome.STILL_BLOCKED, socket, blockedNanos);
    }

    public static SocketResult failed(AppOutcome outcome, long blockedNanos) {
        return new SocketResult(outcome, null, blockedNanos);
    }
}
