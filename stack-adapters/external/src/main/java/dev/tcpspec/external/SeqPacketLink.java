package dev.tcpspec.external;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.tcpspec.os.linux.Libc;
import dev.tcpspec.os.wire.OutsideStack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

/**
 * The packet link to a driver: an AF_UNIX SOCK_SEQPACKET socket in the abstract namespace (no file, gone with its
 * last descriptor), on which tcpspec listens and the driver connects. Each message is one raw IP packet, both ways;
 * the socket keeps the packets' boundaries, as a TUN device does, so a stack's own TUN link code (gVisor's fdbased)
 * works on it unchanged.
 *
 * <p>{@link #write} is the wire's lock step: after the packet is queued it asks the driver ({@code sync N}) to
 * confirm that the N packets written so far have been handled, so whatever the stack sent in reply is waiting here.
 *
 * <pre>{@code
 * SeqPacketLink link = SeqPacketLink.listen("tcpspec-1234-1");
 * // start the driver with --link tcpspec-1234-1
 * link.accept(5_000, driver::alive);
 * }</pre>
 */
final class SeqPacketLink implements OutsideStack.PacketLink, AutoCloseable {
    static final int AF_UNIX = 1;
    static final int SOCK_SEQPACKET = 5;
    private static final int MAX_PACKET = 65_600;

    private final String name;
    private final int listener;
    private int fd = -1;
    private final Memory buffer = new Memory(MAX_PACKET);
    private final Memory pollfd = new Memory(8);
    private final Memory timespec = new Memory(16);
    private LongConsumer sync = n -> { };
    private long written;
    private boolean closed;

    private SeqPacketLink(String name, int listener) {
        this.name = name;
        this.listener = listener;
    }

    /** Listens on {@code @name}. */
    static SeqPacketLink listen(String name) throws IOException {
        int s;
        try {
            s = Libc.socket(AF_UNIX, SOCK_SEQPACKET | Libc.SOCK_CLOEXEC | Libc.SOCK_NONBLOCK, 0);
        } catch (LastErrorException e) {
            throw Libc.failure("socket(AF_UNIX, SOCK_SEQPACKET)", e);
        }
        byte[] path = name.getBytes(StandardCharsets.US_ASCII);
        byte[] addr = new byte[2 + 1 + path.length];
        addr[0] = (byte) AF_UNIX;   // sa_family, host order (little-endian)
        System.arraycopy(path, 0, addr, 3, path.length);   // sun_path[0] = 0: the abstract namespace
        try {
            Libc.bind(s, addr, addr.length);
            Libc.listen(s, 1);
        } catch (LastErrorException e) {
            Libc.close(s);
            throw Libc.failure("bind/listen @" + name, e);
        }
        return new SeqPacketLink(name, s);
    }

    String name() {
        return name;
    }

    /** Waits up to {@code millis} for the driver to connect, while {@code alive} says it still runs. */
    void accept(long millis, java.util.function.BooleanSupplier alive) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < deadline && alive.getAsBoolean()) {
            if (poll(listener, Libc.POLLIN, 10_000_000L)) {
                try {
                    fd = Libc.accept4(listener, new byte[110], new int[] {110}, Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == Libc.EAGAIN) continue;
                    throw Libc.failure("accept(@" + name + ")", e);
                }
                byte[] big = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putInt(4 << 20)
                        .array();
                Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, big, 4);
                Libc.close(listener);
                return;
            }
        }
        throw new IOException("the driver did not connect to @" + name + " within " + millis + " ms");
    }

    /** What {@link #write} calls with the number of packets written so far, to wait until the stack took them. */
    void onWritten(LongConsumer sync) {
        this.sync = sync;
    }

    @Override
    public void write(byte[] packet) throws IOException {
        while (true) {
            try {
                Libc.send(fd, packet, packet.length, Libc.MSG_NOSIGNAL);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Libc.EAGAIN) {
                    poll(fd, Libc.POLLOUT, 100_000_000L);
                    continue;
                }
                if (e.getErrorCode() == Libc.EINTR) continue;
                throw Libc.failure("send(@" + name + ")", e);
            }
        }
        written++;
        sync.accept(written);
    }

    @Override
    public boolean await(long nanos) throws IOException {
        return poll(fd, Libc.POLLIN, nanos);
    }

    @Override
    public byte[] read() throws IOException {
        try {
            long n = Libc.recv(fd, buffer, MAX_PACKET, Libc.MSG_DONTWAIT);
            if (n <= 0) return null;
            return buffer.getByteArray(0, (int) n);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Libc.EAGAIN || e.getErrorCode() == Libc.EINTR) return null;
            throw Libc.failure("recv(@" + name + ")", e);
        }
    }

    private boolean poll(int desc, short events, long nanos) throws IOException {
        pollfd.setInt(0, desc);
        pollfd.setShort(4, events);
        pollfd.setShort(6, (short) 0);
        long n = Math.max(0, nanos);
        timespec.setLong(0, n / 1_000_000_000L);
        timespec.setLong(8, n % 1_000_000_000L);
        try {
            return Libc.ppoll(pollfd, 1, timespec, null) > 0 && (pollfd.getShort(6) & events) != 0;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Libc.EINTR) return false;
            throw Libc.failure("ppoll(@" + name + ")", e);
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            if (fd >= 0) Libc.close(fd);
            else Libc.close(listener);
        } catch (LastErrorException e) {
            // gone
        }
        buffer.close();
        pollfd.close();
        timespec.close();
    }
}
