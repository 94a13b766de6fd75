package dev.tcpspec.external;

import dev.tcpspec.os.linux.KernelSockets;
import dev.tcpspec.os.linux.SockDiag;
import dev.tcpspec.os.wire.OutsideStack;
import dev.tcpspec.os.wire.WireStack;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.IpPacket;
import dev.tcpspec.trace.TcpState;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An external stack at the outside end of the packet wire: a driver process speaking tcpspec's driver protocol
 * (DRIVERS.md) on its stdin and stdout, and its packets on a {@link SeqPacketLink}. Socket calls, state lookups and
 * clock moves are requests; a packet delivered to the stack is followed by {@code sync}, so the wire's lock step
 * holds as it does for a kernel.
 *
 * <pre>{@code
 * try (DriverOutside lwip = DriverOutside.start(Drivers.LWIP, Path.of("drivers/bin/lwip-driver"),
 *         WireStack.Addresses.of(IpFamily.IPV4))) {
 *     KernelSockets.Opened l = lwip.sockets().listen(80, SocketOptions.DEFAULTS);
 * }
 * }</pre>
 */
final class DriverOutside implements OutsideStack {
    /** The most data one write request carries (hex-encoded on one line). */
    static final int WRITE_CHUNK = 32 * 1024;
    private static final AtomicInteger LINKS = new AtomicInteger();
    private static final HexFormat HEX = HexFormat.of();

    private final String label;
    private final SeqPacketLink link;
    private final DriverProcess driver;
    private final Calls calls = new Calls();
    private final String version;

    private DriverOutside(String label, SeqPacketLink link, DriverProcess driver, String version) {
        this.label = label;
        this.link = link;
        this.driver = driver;
        this.version = version;
        link.onWritten(n -> {
            DriverProcess.Reply r = driver.call("sync", n);
            if (!r.ok()) {
                throw new IllegalStateException("the " + label + " driver did not take packet #" + n + " in: "
                        + r.words() + driver.diagnostics());
            }
        });
    }

    /** Starts {@code binary} as {@code label}'s driver with the stack at {@code addresses.kernel()}. */
    static DriverOutside start(String label, java.nio.file.Path binary, WireStack.Addresses addresses)
            throws IOException {
        String name = "tcpspec-" + ProcessHandle.current().pid() + "-" + LINKS.incrementAndGet();
        SeqPacketLink link = SeqPacketLink.listen(name);
        DriverProcess driver = null;
        try {
            driver = DriverProcess.start(List.of(binary.toString(), "--link", name, "--addr",
                    IpPacket.text(addresses.kernel()) + "/" + addresses.prefix(), "--peer",
                    IpPacket.text(addresses.peer())), label);
            DriverProcess d = driver;
            try {
                link.accept(10_000, d::alive);
            } catch (IOException e) {
                throw new IOException(e.getMessage() + d.diagnostics(), e);
            }
            DriverProcess.Reply hello = driver.call("hello");
            if (!hello.ok()) throw new IOException("the " + label + " driver refused hello: " + hello.words());
            return new DriverOutside(label, link, driver, String.join(" ", hello.words()));
        } catch (IOException | RuntimeException e) {
            if (driver != null) driver.close();
            link.close();
            throw e;
        }
    }

    /** The stack and version the driver announced, e.g. {@code lwip 2.1.3}. */
    String version() {
        return version;
    }

    long pid() {
        return driver.pid();
    }

    @Override
    public String describe() {
        return label + " (" + version + ", driver pid " + driver.pid() + ", packets over @" + link.name() + ")";
    }

    @Override
    public PacketLink link() {
        return link;
    }

    @Override
    public Sockets sockets() {
        return calls;
    }

    @Override
    public StateLookup states() {
        return (local, localPort, remote, remotePort) -> {
            DriverProcess.Reply r = driver.call("state", localPort, remotePort);
            if (!r.ok()) throw new IOException("state lookup failed: " + r.words());
            TcpState s = TcpState.valueOf(r.word(0));
            if (s == TcpState.CLOSED) return null;
            return new SockDiag.Info(s, SockDiag.Timer.NONE, 0, 0, 0, 0, 0);
        };
    }

    @Override
    public ClockControl clock() {
        return new ClockControl() {
            @Override
            public long skip(long nanos) {
                DriverProcess.Reply r = driver.call("skip", nanos);
                if (!r.ok()) throw new IllegalStateException("skip failed: " + r.words() + driver.diagnostics());
                return Long.parseLong(r.word(0));
            }

            @Override
            public boolean idle() {
                return driver.call("idle").word(0).equals("1");
            }

            @Override
            public boolean silentTimersOnRealTime() {
                return true;
            }
        };
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            link.close();
        }
    }

    /** What an application sees for a driver's error name. */
    static AppOutcome outcome(String errorName) {
        return switch (errorName) {
            case "ECONNRESET" -> AppOutcome.CONNECTION_RESET;
            case "EPIPE" -> AppOutcome.BROKEN_PIPE;
            case "ETIMEDOUT" -> AppOutcome.CONNECTION_TIMED_OUT;
            case "ECONNREFUSED" -> AppOutcome.CONNECTION_REFUSED;
            case "ECONNABORTED" -> AppOutcome.CONNECTION_ABORTED;
            case "EADDRINUSE" -> AppOutcome.ADDRESS_IN_USE;
            case "EADDRNOTAVAIL" -> AppOutcome.ADDRESS_NOT_AVAILABLE;
            case "EAGAIN" -> AppOutcome.WOULD_BLOCK;
            case "ENOBUFS" -> AppOutcome.NO_BUFFER_SPACE;
            case "ENOTCONN", "EBADF" -> AppOutcome.NOT_CONNECTED;
            default -> throw new IllegalStateException("a socket call failed with " + errorName + ", which tcpspec "
                    + "has no application outcome for");
        };
    }

    /** The socket options as the protocol's {@code key=value} words. */
    static List<String> options(SocketOptions o) {
        List<String> w = new ArrayList<>();
        if (o.lingerSeconds() != null) w.add("linger=" + o.lingerSeconds());
        if (o.reuseAddress() != null) w.add("reuseaddr=" + (o.reuseAddress() ? 1 : 0));
        if (o.keepAlive()) {
            w.add("keepalive=1");
            if (o.keepAliveIdle() != null) w.add("keepidle=" + seconds(o.keepAliveIdle()));
            if (o.keepAliveInterval() != null) w.add("keepintvl=" + seconds(o.keepAliveInterval()));
            if (o.keepAliveProbes() != null) w.add("keepcnt=" + o.keepAliveProbes());
        }
        if (o.receiveBuffer() != null) w.add("rcvbuf=" + o.receiveBuffer());
        if (o.sendBuffer() != null) w.add("sndbuf=" + o.sendBuffer());
        if (o.localPort() != 0) w.add("lport=" + o.localPort());
        return w;
    }

    private static long seconds(java.time.Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    /** The socket calls as requests. */
    private final class Calls implements Sockets {
        private final ThreadLocal<AppOutcome> lastError = new ThreadLocal<>();

        private Object[] args(Object first, SocketOptions o) {
            List<Object> a = new ArrayList<>();
            a.add(first);
            a.addAll(options(o));
            return a.toArray();
        }

        @Override
        public KernelSockets.Opened listen(int port, SocketOptions options) {
            DriverProcess.Reply r = driver.call("listen", args(port, options));
            if (!r.ok()) return new KernelSockets.Opened(outcome(r.error()), -1, 0, 0);
            return new KernelSockets.Opened(AppOutcome.OK, Integer.parseInt(r.word(0)), Integer.parseInt(r.word(1)),
                    0);
        }

        @Override
        public KernelSockets.Opened connect(byte[] remote, int remotePort, SocketOptions options) {
            DriverProcess.Reply r = driver.call("connect", args(remotePort, options));
            if (!r.ok()) {
                int port = r.words().size() > 2 ? Integer.parseInt(r.word(2)) : 0;
                return new KernelSockets.Opened(outcome(r.error()), -1, port, remotePort);
            }
            AppOutcome o = r.word(2).equals("connected") ? AppOutcome.OK : AppOutcome.STILL_BLOCKED;
            return new KernelSockets.Opened(o, Integer.parseInt(r.word(0)), Integer.parseInt(r.word(1)), remotePort);
        }

        @Override
        public boolean connectDone(int fd) {
            return writable(fd);
        }

        @Override
        public AppOutcome connectResult(int fd) {
            DriverProcess.Reply r = driver.call("soerror", fd);
            return r.ok() ? AppOutcome.OK : outcome(r.error());
        }

        @Override
        public KernelSockets.Opened accept(int listener) {
            DriverProcess.Reply r = driver.call("accept", listener);
            if (!r.ok()) {
                AppOutcome o = r.error().equals("EAGAIN") ? AppOutcome.STILL_BLOCKED : outcome(r.error());
                return new KernelSockets.Opened(o, -1, 0, 0);
            }
            return new KernelSockets.Opened(AppOutcome.OK, Integer.parseInt(r.word(0)), Integer.parseInt(r.word(1)),
                    Integer.parseInt(r.word(2)));
        }

        @Override
        public KernelSockets.Read read(int fd, int max) {
            DriverProcess.Reply r = driver.call("read", fd, Math.min(max, 65_536));
            if (r.ok()) {
                if (r.word(0).equals("eof")) return new KernelSockets.Read(AppOutcome.EOF, null);
                return new KernelSockets.Read(AppOutcome.DATA, HEX.parseHex(r.word(1)));
            }
            if (r.error().equals("EAGAIN")) return new KernelSockets.Read(AppOutcome.STILL_BLOCKED, null);
            return new KernelSockets.Read(outcome(r.error()), null);
        }

        @Override
        public long write(int fd, byte[] data, int offset) {
            int n = Math.min(WRITE_CHUNK, data.length - offset);
            if (n <= 0) return 0;
            DriverProcess.Reply r = driver.call("write", fd, HEX.formatHex(data, offset, offset + n));
            if (r.ok()) return Long.parseLong(r.word(0));
            lastError.set(outcome(r.error()));
            return -1;
        }

        @Override
        public AppOutcome lastWriteError() {
            return lastError.get();
        }

        @Override
        public boolean readable(int fd) {
            return poll(fd, "in");
        }

        @Override
        public boolean writable(int fd) {
            return poll(fd, "out");
        }

        private boolean poll(int fd, String what) {
            DriverProcess.Reply r = driver.call("poll", fd, what);
            if (!r.ok()) return true;   // the call that follows reports the error
            return r.word(0).equals("1");
        }

        @Override
        public AppOutcome shutdown(int fd, int how) {
            DriverProcess.Reply r = driver.call("shutdown", fd, how == 0 ? "rd" : "wr");
            return r.ok() ? AppOutcome.OK : outcome(r.error());
        }

        @Override
        public AppOutcome close(int fd) {
            DriverProcess.Reply r = driver.call("close", fd);
            return r.ok() ? AppOutcome.OK : outcome(r.error());
        }

        @Override
        public CompletableFuture<AppOutcome> closeLingering(int fd) {
            return driver.send("close", fd).thenApply(r -> r.ok() ? AppOutcome.OK : outcome(r.error()));
        }

        @Override
        public void abort(int fd) {
            driver.call("abort", fd);
        }

        @Override
        public int dup(int fd) {
            throw new UnsupportedOperationException(label + "'s driver has no dup(): " + label.toLowerCase(Locale.ROOT)
                    + " sockets have one handle each");
        }

        @Override
        public void close() {
            // the driver process ends with the session, and its connections with it
        }
    }
}
