package dev.tcpspec.os.sockets;

import dev.tcpspec.os.host.IpFamily;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.trace.AppOutcome;
import jdk.net.ExtendedSocketOptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The socket calls of a session, made in this JVM with {@code java.nio} channels on the loopback address of one
 * address family.
 *
 * <p>Why channels and not {@code java.net.Socket} (RULES.md LG-4): {@code Socket.close()} shuts the output down
 * before close(2) whenever SO_LINGER is not zero, so a close with unread data puts FIN and then RST on the wire and
 * the peer reads EOF (LINUX.md §3). A {@link SocketChannel} that no thread is blocked on and no selector holds closes
 * with a plain close(2): the kernel alone decides between FIN and RST, which is what the catalog tests. Channels stay
 * in non-blocking mode; a call that may block waits on a selector of its own, opened for that call and closed before
 * it returns, so no registration is ever left to turn a close() into a shutdown().
 */
public final class NioSockets implements SocketDriver {
    /** How long a write() waits for room in the send buffer before it reports what it queued so far. */
    static final long WRITE_WAIT_NANOS = 2_000_000_000L;

    private final ProtocolFamily family;
    private final InetAddress loopback;
    private final Profile profile;
    private final Map<Integer, NetworkChannel> handles = new HashMap<>();
    /** Options of each listener, which its accepted sockets take on (SO_LINGER and keepalive are per socket). */
    private final Map<Integer, SocketOptions> listenerOptions = new HashMap<>();
    private int nextHandle = 1;

    public NioSockets(IpFamily family, Profile profile) {
        this.family = family.protocolFamily();
        this.loopback = family.loopback();
        this.profile = profile;
    }

    @Override
    public synchronized Reply listen(int port, SocketOptions o) {
        ServerSocketChannel ch = null;
        try {
            ch = ServerSocketChannel.open(family);
            // the JDK sets SO_REUSEADDR on every server socket on Linux (LINUX.md §5); only an explicit choice changes it
            if (o.reuseAddress() != null) ch.setOption(StandardSocketOptions.SO_REUSEADDR, o.reuseAddress());
            if (o.receiveBuffer() != null) ch.setOption(StandardSocketOptions.SO_RCVBUF, o.receiveBuffer());
            ch.bind(new InetSocketAddress(loopback, port), 128);
            ch.configureBlocking(false);
            int h = register(ch);
            listenerOptions.put(h, o);
            return Reply.handle(h, ((InetSocketAddress) ch.getLocalAddress()).getPort(), 0, 0);
        } catch (IOException e) {
            closeQuietly(ch);
            return Reply.of(outcomeOf(e), 0);
        }
    }

    @Override
    public synchronized Reply connect(int remotePort, SocketOptions o, long timeoutNanos) {
        long start = System.nanoTime();
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(family);
            applyOptions(ch, o);
            if (o.reuseAddress() != null) ch.setOption(StandardSocketOptions.SO_REUSEADDR, o.reuseAddress());
            if (o.localPort() != 0) ch.bind(new InetSocketAddress(loopback, o.localPort()));
            ch.configureBlocking(false);
            boolean done = ch.connect(new InetSocketAddress(loopback, remotePort));
            if (!done && timeoutNanos == 0) {
                // a connect() not waited for: the socket stays, in SYN_SENT, for finishConnect()
                int h = register(ch);
                return new Reply(AppOutcome.STILL_BLOCKED, h, localPortOf(ch), remotePort, null, 0,
                        System.nanoTime() - start);
            }
            if (!done) {
                if (!await(ch, SelectionKey.OP_CONNECT, timeoutNanos)) {
                    int port = localPortOf(ch);
                    abort(ch);
                    return new Reply(AppOutcome.STILL_BLOCKED, -1, port, remotePort, null, 0, System.nanoTime() - start);
                }
                ch.finishConnect();
            }
            int h = register(ch);
            return Reply.handle(h, ((InetSocketAddress) ch.getLocalAddress()).getPort(), remotePort,
                    System.nanoTime() - start);
        } catch (IOException e) {
            int port = localPortOf(ch);
            closeQuietly(ch);
            return new Reply(outcomeOf(e), -1, port, remotePort, null, 0, System.nanoTime() - start);
        }
    }

    /**
     * The port a channel is bound to, or 0. The JDK knows it only once the channel is bound or connected: not for a
     * connect() still under way, nor for one that failed, though its SYN went out from a port.
     */
    private static int localPortOf(SocketChannel ch) {
        try {
            return ch != null && ch.getLocalAddress() instanceof InetSocketAddress a ? a.getPort() : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public synchronized Reply finishConnect(int handle, long timeoutNanos) {
        long start = System.nanoTime();
        NetworkChannel n = handles.get(handle);
        if (!(n instanceof SocketChannel ch) || !ch.isOpen()) return Reply.of(AppOutcome.NOT_CONNECTED, 0);
        if (ch.isConnected()) return Reply.of(AppOutcome.OK, 0);
        if (!ch.isConnectionPending()) return Reply.of(AppOutcome.NOT_CONNECTED, 0);
        try {
            if (ch.finishConnect()) return Reply.of(AppOutcome.OK, System.nanoTime() - start);
            if (await(ch, SelectionKey.OP_CONNECT, timeoutNanos) && ch.finishConnect()) {
                return Reply.of(AppOutcome.OK, System.nanoTime() - start);
            }
            return Reply.of(AppOutcome.STILL_BLOCKED, System.nanoTime() - start);
        } catch (IOException e) {
            handles.remove(handle);   // the JDK closes a channel whose connection attempt failed
            closeQuietly(ch);
            return Reply.of(outcomeOf(e), System.nanoTime() - start);
        }
    }

    @Override
    public synchronized Reply accept(int handle, long timeoutNanos) {
        long start = System.nanoTime();
        ServerSocketChannel l = (ServerSocketChannel) handles.get(handle);
        if (l == null || !l.isOpen()) return Reply.of(AppOutcome.NOT_CONNECTED, 0);
        try {
            SocketChannel ch = l.accept();
            if (ch == null) {
                if (!await(l, SelectionKey.OP_ACCEPT, timeoutNanos)) {
                    return Reply.of(AppOutcome.STILL_BLOCKED, System.nanoTime() - start);
                }
                ch = l.accept();
                if (ch == null) return Reply.of(AppOutcome.STILL_BLOCKED, System.nanoTime() - start);
            }
            ch.configureBlocking(false);
            applyOptions(ch, listenerOptions.getOrDefault(handle, SocketOptions.DEFAULTS));
            int h = register(ch);
            return Reply.handle(h, ((InetSocketAddress) ch.getLocalAddress()).getPort(),
                    ((InetSocketAddress) ch.getRemoteAddress()).getPort(), System.nanoTime() - start);
        } catch (IOException e) {
            return Reply.of(outcomeOf(e), System.nanoTime() - start);
        }
    }

    @Override
    public synchronized Reply read(int handle, int maxBytes, long timeoutNanos) {
        long start = System.nanoTime();
        SocketChannel ch = socket(handle);
        if (ch == null) return Reply.of(AppOutcome.NOT_CONNECTED, 0);
        ByteBuffer buf = ByteBuffer.allocate(maxBytes);
        long deadline = start + timeoutNanos;
        try {
            while (true) {
                int n = ch.read(buf);
                if (n < 0) return Reply.of(AppOutcome.EOF, System.nanoTime() - start);
                if (n > 0) {
                    byte[] data = Arrays.copyOf(buf.array(), n);
                    return new Reply(AppOutcome.DATA, -1, 0, 0, data, n, System.nanoTime() - start);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !await(ch, SelectionKey.OP_READ, left)) {
                    return Reply.of(AppOutcome.STILL_BLOCKED, System.nanoTime() - start);
                }
            }
        } catch (IOException | NotYetConnectedException e) {
            return Reply.of(outcomeOf(e), System.nanoTime() - start);
        }
    }

    @Override
    public synchronized Reply write(int handle, byte[] data) {
        long start = System.nanoTime();
        SocketChannel ch = socket(handle);
        if (ch == null) return Reply.of(AppOutcome.NOT_CONNECTED, 0);
        ByteBuffer buf = ByteBuffer.wrap(data);
        try {
            while (buf.hasRemaining()) {
                if (ch.write(buf) == 0 && !await(ch, SelectionKey.OP_WRITE, WRITE_WAIT_NANOS)) break;
            }
            return new Reply(AppOutcome.OK, -1, 0, 0, null, buf.position(), System.nanoTime() - start);
        } catch (IOException | NotYetConnectedException e) {
            if (buf.position() > 0) {
                // like write(2): the bytes queued before the error count; the error comes with the next call
                return new Reply(AppOutcome.OK, -1, 0, 0, null, buf.position(), System.nanoTime() - start);
            }
            return Reply.of(outcomeOf(e), System.nanoTime() - start);
        }
    }

    @Override
    public synchronized Reply close(int handle) {
        long start = System.nanoTime();
        NetworkChannel ch = handles.remove(handle);
        listenerOptions.remove(handle);
        if (ch == null || !ch.isOpen()) return Reply.of(AppOutcome.NOT_CONNECTED, 0);
        try {
            ch.close();   // plain close(2): SO_LINGER > 0 blocks here, in the kernel
            return Reply.of(AppOutcome.OK, System.nanoTime() - start);
        } catch (IOException e) {
            return Reply.of(outcomeOf(e), System.nanoTime() - start);
        }
    }

    /** close() with SO_LINGER 0, without a word on the wire if the host is black-holed: a crash, seen from here. */
    @Override
    public synchronized Reply abort(int handle) {
        NetworkChannel ch = handles.remove(handle);
        listenerOptions.remove(handle);
        if (ch == null) return Reply.of(AppOutcome.NOT_CONNECTED, 0);
        if (ch instanceof SocketChannel sc) abort(sc);
        else closeQuietly(ch);
        return Reply.of(AppOutcome.OK, 0);
    }

    @Override
    public synchronized Reply shutdownOutput(int handle) {
        SocketChannel ch = socket(handle);
        if (ch == null) return Reply.of(AppOutcome.NOT_CONNECTED, 0);
        try {
            ch.shutdownOutput();
            return Reply.of(AppOutcome.OK, 0);
        } catch (IOException | NotYetConnectedException e) {
            return Reply.of(outcomeOf(e), 0);
        }
    }

    @Override
    public synchronized Reply shutdownInput(int handle) {
        SocketChannel ch = socket(handle);
        if (ch == null) return Reply.of(AppOutcome.NOT_CONNECTED, 0);
        try {
            ch.shutdownInput();
            return Reply.of(AppOutcome.OK, 0);
        } catch (IOException | NotYetConnectedException e) {
            return Reply.of(outcomeOf(e), 0);
        }
    }

    @Override
    public synchronized void close() {
        for (NetworkChannel ch : handles.values()) {
            if (ch instanceof SocketChannel sc) abort(sc);
            else closeQuietly(ch);
        }
        handles.clear();
        listenerOptions.clear();
    }

    /** How many handles are open (for tests of hygiene). */
    synchronized int openHandles() {
        return handles.size();
    }

    private void applyOptions(SocketChannel ch, SocketOptions o) throws IOException {
        if (o.lingerSeconds() != null) ch.setOption(StandardSocketOptions.SO_LINGER, o.lingerSeconds());
        if (o.keepAlive()) {
            ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            ch.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, seconds(o.keepAliveIdle() != null ? o.keepAliveIdle()
                    : profile.keepAliveIdle()));
            ch.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, seconds(o.keepAliveInterval() != null
                    ? o.keepAliveInterval() : profile.keepAliveInterval()));
            ch.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, o.keepAliveProbes() != null ? o.keepAliveProbes()
                    : profile.keepAliveProbes());
        }
        if (o.receiveBuffer() != null) ch.setOption(StandardSocketOptions.SO_RCVBUF, o.receiveBuffer());
        if (o.sendBuffer() != null) ch.setOption(StandardSocketOptions.SO_SNDBUF, o.sendBuffer());
        if (o.iss() != null) {
            throw new UnsupportedOperationException("Linux chooses the initial sequence number itself; no socket "
                    + "option sets it (CHOSEN_ISS)");
        }
    }

    private static int seconds(java.time.Duration d) {
        return (int) Math.max(1, d.toSeconds());
    }

    private int register(NetworkChannel ch) {
        int h = nextHandle++;
        handles.put(h, ch);
        return h;
    }

    private SocketChannel socket(int handle) {
        NetworkChannel ch = handles.get(handle);
        return ch instanceof SocketChannel sc && sc.isOpen() ? sc : null;
    }

    /** Waits for {@code ops} on a selector opened for this wait alone, so no registration outlives the call. */
    private static boolean await(SelectableChannel ch, int ops, long timeoutNanos) throws IOException {
        try (Selector sel = Selector.open()) {
            ch.register(sel, ops);
            long millis = Math.max(1, (timeoutNanos + 999_999) / 1_000_000);
            return sel.select(millis) > 0;
        }
    }

    /** close() with SO_LINGER 0: an RST, no TIME_WAIT, nothing left behind. */
    private static void abort(SocketChannel ch) {
        try {
            if (ch.isOpen()) ch.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | RuntimeException ignored) {
            // a socket that is not connected has nothing to reset
        }
        closeQuietly(ch);
    }

    private static void closeQuietly(NetworkChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing on cleanup: nothing more to do
        }
    }

    /** The outcome an application sees for a socket exception: errno as the JDK words it. */
    static AppOutcome outcomeOf(Exception e) {
        if (e instanceof ClosedChannelException) return AppOutcome.NOT_CONNECTED;
        if (e instanceof NotYetConnectedException) return AppOutcome.NOT_CONNECTED;
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.contains("Connection reset")) return AppOutcome.CONNECTION_RESET;
        if (m.contains("Broken pipe")) return AppOutcome.BROKEN_PIPE;
        if (m.contains("Connection refused")) return AppOutcome.CONNECTION_REFUSED;
        if (m.contains("timed out")) return AppOutcome.CONNECTION_TIMED_OUT;
        if (m.contains("Address already in use")) return AppOutcome.ADDRESS_IN_USE;
        if (m.contains("Cannot assign requested address")) return AppOutcome.ADDRESS_NOT_AVAILABLE;
        if (m.contains("not connected") || m.contains("Socket is closed")) return AppOutcome.NOT_CONNECTED;
        throw new IllegalStateException("a socket call failed in a way tcpspec does not model: " + e, e);
    }

}
