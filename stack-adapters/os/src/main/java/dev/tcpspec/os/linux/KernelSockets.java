package dev.tcpspec.os.linux;

import com.sun.jna.LastErrorException;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.trace.AppOutcome;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Plain BSD sockets of one address family inside a {@link NetworkNamespace}, through libc: what any C program on the
 * machine would do, without the JDK in between (Java's {@code Socket.close()} shuts the output down before close(2)
 * when SO_LINGER is not zero, LINUX.md §3; Java cannot dup(2) a descriptor nor reach TCP_REPAIR). Every descriptor is
 * non-blocking; each call returns at once, with {@link AppOutcome#STILL_BLOCKED} where a blocking socket would wait,
 * and the caller waits (running the packet wire meanwhile) until {@link #readable}, {@link #writable} or
 * {@link #connectDone} says the call can complete. Sockets are created on the namespace's thread, everything else is
 * called from any thread.
 *
 * <pre>{@code
 * KernelSockets k = new KernelSockets(ns, IpPacket.address("192.0.2.1"));
 * KernelSockets.Opened l = k.listen(80, SocketOptions.DEFAULTS);
 * KernelSockets.Opened c = k.connect(IpPacket.address("192.0.2.2"), 8080, SocketOptions.DEFAULTS);  // STILL_BLOCKED
 * }</pre>
 */
public final class KernelSockets implements AutoCloseable {
    /** What a call that opens a socket returned: the outcome, the descriptor (or -1) and its local port. */
    public record Opened(AppOutcome outcome, int fd, int localPort, int remotePort) {
    }

    /** What a read returned: the outcome and the bytes (DATA), if any. */
    public record Read(AppOutcome outcome, byte[] data) {
    }

    private final NetworkNamespace ns;
    private final byte[] localAddress;
    private final int family;
    private final Set<Integer> open = new LinkedHashSet<>();

    public KernelSockets(NetworkNamespace ns, byte[] localAddress) {
        this.ns = ns;
        this.localAddress = localAddress.clone();
        this.family = localAddress.length == 4 ? Libc.AF_INET : Libc.AF_INET6;
    }

    /** bind() to the local address and {@code port}, then listen(). */
    public synchronized Opened listen(int port, SocketOptions o) throws IOException {
        int fd = newSocket();
        try {
            if (o.reuseAddress() != null) setInt(fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, o.reuseAddress() ? 1 : 0);
            if (o.receiveBuffer() != null) setInt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, o.receiveBuffer());
            applyPerConnection(fd, o);
            byte[] a = sockaddr(localAddress, port);
            Libc.bind(fd, a, a.length);
            Libc.listen(fd, 128);
            return new Opened(AppOutcome.OK, fd, localPort(fd), 0);
        } catch (LastErrorException e) {
            closeQuietly(fd);
            return new Opened(outcome(e), -1, 0, 0);
        }
    }

    /**
     * Starts connect() to {@code remote}:{@code remotePort}: OK if it completed at once, STILL_BLOCKED while the
     * handshake is under way (finish it with {@link #connectDone} and {@link #connectResult}), or the error. With
     * {@link SocketOptions#iss()} set, the initial sequence number is chosen through TCP_REPAIR (write_seq set in
     * repair mode, repair left before connect(), which then keeps it).
     */
    public synchronized Opened connect(byte[] remote, int remotePort, SocketOptions o) throws IOException {
        int fd = newSocket();
        try {
            if (o.reuseAddress() != null) setInt(fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, o.reuseAddress() ? 1 : 0);
            if (o.receiveBuffer() != null) setInt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, o.receiveBuffer());
            if (o.sendBuffer() != null) setInt(fd, Libc.SOL_SOCKET, Libc.SO_SNDBUF, o.sendBuffer());
            applyPerConnection(fd, o);
            if (o.localPort() != 0) {
                byte[] a = sockaddr(localAddress, o.localPort());
                Libc.bind(fd, a, a.length);
            }
            if (o.iss() != null) chooseIss(fd, o.iss());
        } catch (LastErrorException e) {
            closeQuietly(fd);
            return new Opened(outcome(e), -1, 0, remotePort);
        }
        byte[] a = sockaddr(remote, remotePort);
        try {
            Libc.connect(fd, a, a.length);
            return new Opened(AppOutcome.OK, fd, localPort(fd), remotePort);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Libc.EINPROGRESS) {
                return new Opened(AppOutcome.STILL_BLOCKED, fd, localPort(fd), remotePort);
            }
            int port = localPortQuietly(fd);
            closeQuietly(fd);
            return new Opened(outcome(e), -1, port, remotePort);
        }
    }

    private void chooseIss(int fd, int iss) {
        setInt(fd, Libc.IPPROTO_TCP, Libc.TCP_REPAIR, 1);
        try {
            setInt(fd, Libc.IPPROTO_TCP, Libc.TCP_REPAIR_QUEUE, Libc.TCP_SEND_QUEUE);
            setInt(fd, Libc.IPPROTO_TCP, Libc.TCP_QUEUE_SEQ, iss);
        } finally {
            setInt(fd, Libc.IPPROTO_TCP, Libc.TCP_REPAIR, Libc.TCP_REPAIR_OFF_NO_WP);
        }
    }

    /** Whether a connect() under way has completed or failed. */
    public boolean connectDone(int fd) throws IOException {
        return Readiness.of(fd, Libc.POLLOUT) != 0;
    }

    /** The outcome of a connect() that {@link #connectDone}: OK or its error (SO_ERROR). */
    public AppOutcome connectResult(int fd) {
        byte[] v = new byte[4];
        int[] len = {4};
        try {
            Libc.getsockopt(fd, Libc.SOL_SOCKET, Libc.SO_ERROR, v, len);
        } catch (LastErrorException e) {
            return outcome(e);
        }
        int err = ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).getInt();
        return err == 0 ? AppOutcome.OK : outcome(err);
    }

    /** accept(): a connection, STILL_BLOCKED when none is waiting, or the error. */
    public synchronized Opened accept(int listener) throws IOException {
        if (!readable(listener)) return new Opened(AppOutcome.STILL_BLOCKED, -1, 0, 0);
        byte[] a = new byte[28];
        int[] len = {a.length};
        try {
            int fd = Libc.accept4(listener, a, len, Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC);
            open.add(fd);
            return new Opened(AppOutcome.OK, fd, localPort(fd), ((a[2] & 0xFF) << 8) | (a[3] & 0xFF));
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Libc.EAGAIN) return new Opened(AppOutcome.STILL_BLOCKED, -1, 0, 0);
            return new Opened(outcome(e), -1, 0, 0);
        }
    }

    /** One recv() of at most {@code max} bytes: DATA, EOF, STILL_BLOCKED or the error. */
    public Read read(int fd, int max) throws IOException {
        if (!readable(fd)) return new Read(AppOutcome.STILL_BLOCKED, null);  // no EAGAIN (its exception is costly)
        try (com.sun.jna.Memory buf = new com.sun.jna.Memory(Math.max(1, max))) {
            long n = Libc.recv(fd, buf, max, Libc.MSG_DONTWAIT);
            if (n == 0) return new Read(AppOutcome.EOF, null);
            return new Read(AppOutcome.DATA, buf.getByteArray(0, (int) n));
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Libc.EAGAIN) return new Read(AppOutcome.STILL_BLOCKED, null);
            return new Read(outcome(e), null);
        }
    }

    /** One send() of what fits in the send buffer: the bytes taken (0 when full), or -1 with {@link #lastError}. */
    public long write(int fd, byte[] data, int offset) throws IOException {
        if (!writable(fd)) return 0;   // no EAGAIN (its exception is costly)
        byte[] chunk = offset == 0 ? data : Arrays.copyOfRange(data, offset, data.length);
        try {
            return Libc.send(fd, chunk, chunk.length, Libc.MSG_NOSIGNAL | Libc.MSG_DONTWAIT);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Libc.EAGAIN) return 0;
            lastError.set(outcome(e));
            return -1;
        }
    }

    /** The error of the last {@link #write} that returned -1 on this thread. */
    public final ThreadLocal<AppOutcome> lastError = new ThreadLocal<>();

    /** Whether a read would not block now (data, EOF or an error is waiting). */
    public boolean readable(int fd) throws IOException {
        return Readiness.of(fd, Libc.POLLIN) != 0;
    }

    /** Whether a write would not block now (room in the send buffer, or an error). */
    public boolean writable(int fd) throws IOException {
        return Readiness.of(fd, Libc.POLLOUT) != 0;
    }

    /** shutdown(SHUT_WR) or shutdown(SHUT_RD). */
    public AppOutcome shutdown(int fd, int how) {
        try {
            Libc.shutdown(fd, how);
            return AppOutcome.OK;
        } catch (LastErrorException e) {
            return outcome(e);
        }
    }

    /**
     * close(2). With SO_LINGER on and a time above zero it blocks in the kernel (even on a non-blocking descriptor)
     * until the FIN is acknowledged or the time runs out: call it where the wire keeps running meanwhile.
     */
    public AppOutcome close(int fd) {
        synchronized (this) {
            open.remove(fd);
        }
        try {
            Libc.close(fd);
            return AppOutcome.OK;
        } catch (LastErrorException e) {
            return outcome(e);
        }
    }

    /** close() with SO_LINGER <1,0>: the connection is reset and forgotten. */
    public void abort(int fd) {
        try {
            setLinger(fd, 0);
        } catch (LastErrorException e) {
            // a listener or a dead socket: close it all the same
        }
        close(fd);
    }

    /** dup(2): a second descriptor on the same socket. */
    public synchronized int dup(int fd) throws IOException {
        try {
            int copy = Libc.dup(fd);
            open.add(copy);
            return copy;
        } catch (LastErrorException e) {
            throw Libc.failure("dup(" + fd + ")", e);
        }
    }

    /** Aborts every descriptor still open (SO_LINGER 0), so nothing outlives the session. */
    @Override
    public synchronized void close() {
        for (int fd : Set.copyOf(open)) abort(fd);
        open.clear();
    }

    private int newSocket() throws IOException {
        int fd = ns.call(() -> {
            try {
                return Libc.socket(family, Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
            } catch (LastErrorException e) {
                throw Libc.failure("socket()", e);
            }
        });
        if (family == Libc.AF_INET6) setInt(fd, Libc.IPPROTO_IPV6, Libc.IPV6_V6ONLY, 1);
        open.add(fd);
        return fd;
    }

    /** The options a socket carries into its connection (an accepted socket inherits them from its listener). */
    private void applyPerConnection(int fd, SocketOptions o) {
        if (o.lingerSeconds() != null) setLinger(fd, o.lingerSeconds());
        if (o.keepAlive()) {
            setInt(fd, Libc.SOL_SOCKET, Libc.SO_KEEPALIVE, 1);
            if (o.keepAliveIdle() != null) setInt(fd, Libc.IPPROTO_TCP, Libc.TCP_KEEPIDLE, seconds(o.keepAliveIdle()));
            if (o.keepAliveInterval() != null) {
                setInt(fd, Libc.IPPROTO_TCP, Libc.TCP_KEEPINTVL, seconds(o.keepAliveInterval()));
            }
            if (o.keepAliveProbes() != null) setInt(fd, Libc.IPPROTO_TCP, Libc.TCP_KEEPCNT, o.keepAliveProbes());
        }
    }

    private static int seconds(java.time.Duration d) {
        return (int) Math.max(1, Math.min(32767, (d.toMillis() + 999) / 1000));
    }

    private static void setLinger(int fd, int seconds) {
        byte[] v = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(1).putInt(seconds).array();
        Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_LINGER, v, v.length);
    }

    private static void setInt(int fd, int level, int name, int value) {
        byte[] v = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
        Libc.setsockopt(fd, level, name, v, v.length);
    }

    private byte[] sockaddr(byte[] address, int port) {
        if (address.length == 4) {
            byte[] a = new byte[16];
            a[0] = (byte) Libc.AF_INET;   // sa_family in host order (little-endian on x86-64 and aarch64)
            a[2] = (byte) (port >>> 8);
            a[3] = (byte) port;
            System.arraycopy(address, 0, a, 4, 4);
            return a;
        }
        byte[] a = new byte[28];
        a[0] = (byte) Libc.AF_INET6;
        a[2] = (byte) (port >>> 8);
        a[3] = (byte) port;
        System.arraycopy(address, 0, a, 8, 16);
        return a;
    }

    private static int localPort(int fd) {
        byte[] a = new byte[28];
        int[] len = {a.length};
        Libc.getsockname(fd, a, len);
        return ((a[2] & 0xFF) << 8) | (a[3] & 0xFF);
    }

    private static int localPortQuietly(int fd) {
        try {
            return localPort(fd);
        } catch (LastErrorException e) {
            return 0;
        }
    }

    private void closeQuietly(int fd) {
        synchronized (this) {
            open.remove(fd);
        }
        try {
            Libc.close(fd);
        } catch (LastErrorException e) {
            // nothing to do
        }
    }

    private static AppOutcome outcome(LastErrorException e) {
        return outcome(e.getErrorCode());
    }

    /** What an application sees for {@code errno}. */
    public static AppOutcome outcome(int errno) {
        return switch (errno) {
            case Libc.ECONNRESET -> AppOutcome.CONNECTION_RESET;
            case Libc.EPIPE -> AppOutcome.BROKEN_PIPE;
            case Libc.ETIMEDOUT -> AppOutcome.CONNECTION_TIMED_OUT;
            case Libc.ECONNREFUSED -> AppOutcome.CONNECTION_REFUSED;
            case Libc.EADDRINUSE -> AppOutcome.ADDRESS_IN_USE;
            case Libc.EADDRNOTAVAIL -> AppOutcome.ADDRESS_NOT_AVAILABLE;
            case Libc.EAGAIN -> AppOutcome.WOULD_BLOCK;
            case Libc.ENOTCONN, Libc.EBADF -> AppOutcome.NOT_CONNECTED;
            default -> throw new IllegalStateException("a socket call failed with " + Libc.errno(errno)
                    + ", which tcpspec has no application outcome for");
        };
    }

    /** poll() on one descriptor with no wait. */
    private static final class Readiness {
        static int of(int fd, short events) throws IOException {
            com.sun.jna.Memory p = new com.sun.jna.Memory(8);
            p.setInt(0, fd);
            p.setShort(4, events);
            p.setShort(6, (short) 0);
            try {
                Libc.poll(p, 1, 0);
            } catch (LastErrorException e) {
                throw Libc.failure("poll(" + fd + ")", e);
            }
            return p.getShort(6);
        }
    }
}
