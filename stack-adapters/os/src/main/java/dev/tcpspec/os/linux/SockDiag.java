package dev.tcpspec.os.linux;

import com.sun.jna.LastErrorException;
import dev.tcpspec.trace.TcpState;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Asks the kernel about one TCP socket by its 4-tuple, through netlink {@code sock_diag} (what {@code ss} uses): an
 * exact lookup ({@code SOCK_DIAG_BY_FAMILY} without {@code NLM_F_DUMP}) is a hash-table lookup, microseconds, where
 * reading {@code /proc/net/tcp} walks the whole established table (milliseconds). It finds full sockets, request
 * sockets (SYN_RECEIVED) and timewait sockets (TIME_WAIT, an orphaned FIN_WAIT_2), with the pending timer, the time
 * left on it to the millisecond, and the retransmission or probe count.
 *
 * <p>The netlink socket answers for the namespace it was created in: {@link #open} creates it on the namespace's
 * thread.
 *
 * <pre>{@code
 * try (SockDiag diag = SockDiag.open(ns)) {
 *     SockDiag.Info i = diag.lookup(local, 80, remote, 40000);   // null: no such socket (CLOSED)
 *     if (i != null && i.state() == TcpState.TIME_WAIT) System.out.println(i.timerLeftMillis());
 * }
 * }</pre>
 */
public final class SockDiag implements AutoCloseable {
    private static final int NETLINK_SOCK_DIAG = 4;
    private static final short SOCK_DIAG_BY_FAMILY = 20;
    private static final short NLMSG_ERROR = 2;
    private static final short NLM_F_REQUEST = 1;
    private static final int REQUEST_LENGTH = 16 + 56;
    private static final int LINUX_NEW_SYN_RECV = 12;

    /** What {@code idiag_timer} says is pending. */
    public enum Timer {
        NONE, RETRANSMIT, KEEPALIVE, TIMEWAIT, ZERO_WINDOW_PROBE;

        static Timer of(int code) {
            return code >= 0 && code < values().length ? values()[code] : NONE;
        }
    }

    /**
     * One socket as the kernel reports it.
     *
     * @param state           its TCP state
     * @param timer           the timer pending on it
     * @param timerLeftMillis time left on that timer (0 when none)
     * @param retransmits     retransmissions so far (with a keepalive or probe timer: unanswered probes)
     * @param receiveQueue    bytes received not yet read (a listener: connections waiting for accept)
     * @param sendQueue       bytes queued not yet acknowledged
     * @param inode           the socket's inode: 0 for a timewait socket or an orphan no descriptor holds
     */
    public record Info(TcpState state, Timer timer, long timerLeftMillis, int retransmits, long receiveQueue,
                       long sendQueue, long inode) {
        /** A timewait mini-socket: TIME_WAIT, or an orphaned FIN_WAIT_2, which expires in silence. */
        public boolean timewaitSocket() {
            return timer == Timer.TIMEWAIT;
        }
    }

    private final int fd;
    private final byte[] request = new byte[REQUEST_LENGTH];
    private final com.sun.jna.Memory replyMemory = new com.sun.jna.Memory(8192);
    private final byte[] reply = new byte[8192];
    private final byte[] kernel = new byte[12];
    private int sequence;
    private boolean closed;

    private SockDiag(int fd) {
        this.fd = fd;
        kernel[0] = (byte) Libc.AF_NETLINK;
    }

    /** A sock_diag socket in {@code ns}. */
    public static SockDiag open(NetworkNamespace ns) throws IOException {
        return new SockDiag(ns.call(() -> {
            try {
                return Libc.socket(Libc.AF_NETLINK, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
            } catch (LastErrorException e) {
                throw Libc.failure("socket(AF_NETLINK, NETLINK_SOCK_DIAG)", e);
            }
        }));
    }

    /**
     * The connected socket with this 4-tuple (addresses of 4 or 16 bytes), or null if the kernel has none: the
     * connection is CLOSED (never made, or gone).
     */
    public synchronized Info lookup(byte[] local, int localPort, byte[] remote, int remotePort) throws IOException {
        Info found = ask(local, localPort, remote, remotePort);
        // the kernel's exact lookup falls back to a listener on the local port when no connection matches
        return found == null || found.state == TcpState.LISTEN ? null : found;
    }

    /** The listening socket on {@code local}:{@code port}, or null. */
    public synchronized Info listener(byte[] local, int port) throws IOException {
        Info found = ask(local, port, new byte[local.length], 0);
        return found != null && found.state == TcpState.LISTEN ? found : null;
    }

    private Info ask(byte[] local, int localPort, byte[] remote, int remotePort) throws IOException {
        if (closed) throw new IOException("the sock_diag socket is closed");
        ByteBuffer b = ByteBuffer.wrap(request).order(ByteOrder.nativeOrder());
        java.util.Arrays.fill(request, (byte) 0);
        int seq = ++sequence;
        b.putInt(0, REQUEST_LENGTH).putShort(4, SOCK_DIAG_BY_FAMILY).putShort(6, NLM_F_REQUEST).putInt(8, seq)
                .putInt(12, 0);
        request[16] = (byte) (local.length == 4 ? Libc.AF_INET : Libc.AF_INET6);
        request[17] = (byte) Libc.IPPROTO_TCP;
        b.putInt(20, -1);                                   // idiag_states: all
        ByteBuffer id = ByteBuffer.wrap(request, 24, 48).order(ByteOrder.BIG_ENDIAN);
        id.putShort(24, (short) localPort).putShort(26, (short) remotePort);
        System.arraycopy(local, 0, request, 28, local.length);
        System.arraycopy(remote, 0, request, 44, remote.length);
        b.putInt(60, 0);                                    // idiag_if
        b.putInt(64, -1).putInt(68, -1);                   // idiag_cookie: INET_DIAG_NOCOOKIE
        try {
            Libc.sendto(fd, request, REQUEST_LENGTH, 0, kernel, kernel.length);
            while (true) {
                long n = Libc.recv(fd, replyMemory, 8192, 0);
                replyMemory.read(0, reply, 0, (int) Math.min(n, 16 + 72));
                ByteBuffer r = ByteBuffer.wrap(reply, 0, (int) n).order(ByteOrder.nativeOrder());
                if (n < 16 || r.getInt(8) != seq) continue;    // a stale answer
                short type = r.getShort(4);
                if (type == NLMSG_ERROR) {
                    int error = -r.getInt(16);
                    if (error == Libc.ENOENT) return null;
                    throw new IOException("sock_diag lookup of port " + localPort + "->" + remotePort + " failed: "
                            + Libc.errno(error));
                }
                if (type != SOCK_DIAG_BY_FAMILY || n < 16 + 72) {
                    throw new IOException("sock_diag answered with message type " + type + " of " + n + " bytes");
                }
                int state = reply[17] & 0xFF;
                int timer = reply[18] & 0xFF;
                int retrans = reply[19] & 0xFF;
                long expires = r.getInt(16 + 52) & 0xFFFFFFFFL;
                long rqueue = r.getInt(16 + 56) & 0xFFFFFFFFL;
                long wqueue = r.getInt(16 + 60) & 0xFFFFFFFFL;
                long inode = r.getInt(16 + 68) & 0xFFFFFFFFL;
                TcpState s = TcpState.fromLinuxCode(state == LINUX_NEW_SYN_RECV ? TcpState.SYN_RECEIVED.linuxCode()
                        : state);
                Timer t = Timer.of(timer);
                return new Info(s, t, t == Timer.NONE ? 0 : expires, retrans, rqueue, wqueue, inode);
            }
        } catch (LastErrorException e) {
            throw Libc.failure("sock_diag lookup", e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        replyMemory.close();
        try {
            Libc.close(fd);
        } catch (LastErrorException e) {
            // already gone
        }
    }
}
