package dev.tcpspec.os.observe;

import dev.tcpspec.trace.TcpState;

import java.net.InetAddress;
import java.time.Duration;

/**
 * One row of {@code /proc/net/tcp} or {@code /proc/net/tcp6}: a socket as the kernel lists it, with its state and its
 * pending timer. Rows carry no owner; match them to sockets by 4-tuple ({@link #localPort()}, {@link #remotePort()}).
 *
 * <pre>{@code
 * for (SocketRow r : ProcNetTcp.read(Path.of("/proc/net/tcp6"))) {
 *     if (r.state() == TcpState.TIME_WAIT) System.out.println(r.timerLeft(100));   // PT59.99S
 * }
 * }</pre>
 *
 * @param file          which file the row came from ({@code tcp} or {@code tcp6})
 * @param localAddress  local address; Java turns an IPv4-mapped {@code ::ffff:a.b.c.d} into its IPv4 form
 * @param localPort     local port
 * @param remoteAddress remote address
 * @param remotePort    remote port, 0 for a listener
 * @param state         the {@code st} column
 * @param txQueue       bytes queued for sending (unacknowledged or unsent)
 * @param rxQueue       bytes received and not yet read by the application
 * @param timer         the {@code tr} column: 0 none, 1 retransmission, 2 keepalive (or FIN_WAIT_2 beyond 60 s), 3
 *                      timewait socket, 4 zero-window probe
 * @param timerTicks    the {@code tm->when} column: time left on that timer, in USER_HZ clock ticks
 * @param retransmits   the {@code retrnsmt} column: retransmissions (unanswered probes for keepalive)
 * @param uid           owner's user id
 * @param probes        the {@code timeout} column: unanswered keepalive or zero-window probes
 * @param inode         socket inode; 0 for a timewait socket or an orphan that no descriptor holds
 * @param line          the line's number in its file, from 1 (the header)
 */
public record SocketRow(String file, InetAddress localAddress, int localPort, InetAddress remoteAddress, int remotePort,
                        TcpState state, long txQueue, long rxQueue, int timer, long timerTicks, long retransmits,
                        int uid, long probes, long inode, int line) {

    /** {@code tr} value: no timer pending. */
    public static final int NO_TIMER = 0;
    /** {@code tr} value: retransmission timer (also SYN-ACK and loss probes). */
    public static final int RETRANSMIT_TIMER = 1;
    /** {@code tr} value: the socket's sk_timer: keepalive, or FIN_WAIT_2 beyond the timewait length. */
    public static final int KEEPALIVE_TIMER = 2;
    /** {@code tr} value: a timewait socket's timer (TIME_WAIT, or an orphaned FIN_WAIT_2). */
    public static final int TIMEWAIT_TIMER = 3;
    /** {@code tr} value: zero-window probe timer. */
    public static final int PROBE_TIMER = 4;

    /** The time left on the pending timer, with {@code userHz} clock ticks per second (100 on Linux). */
    public Duration timerLeft(int userHz) {
        return Duration.ofNanos(timerTicks * 1_000_000_000L / userHz);
    }

    /**
     * True for a timewait mini-socket: what the kernel keeps of a connection in TIME_WAIT, or of an orphaned
     * FIN_WAIT_2, once the full socket is gone. It holds no descriptor and expires silently.
     */
    public boolean isTimewaitSocket() {
        return timer == TIMEWAIT_TIMER && inode == 0
                && (state == TcpState.TIME_WAIT || state == TcpState.FIN_WAIT_2);
    }

    /** E.g. {@code tcp6:4 127.0.0.1:40000 -> 127.0.0.1:37000 TIME_WAIT tr=3 when=5989}. */
    @Override
    public String toString() {
        return file + ":" + line + " " + localAddress.getHostAddress() + ":" + localPort + " -> "
                + remoteAddress.getHostAddress() + ":" + remotePort + " " + state + " tr=" + timer + " when="
                + timerTicks + " retrnsmt=" + retransmits + " inode=" + inode;
    }
}
