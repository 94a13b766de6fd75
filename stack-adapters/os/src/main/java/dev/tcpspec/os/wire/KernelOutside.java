package dev.tcpspec.os.wire;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.os.linux.KernelSockets;
import dev.tcpspec.os.linux.NetworkNamespace;
import dev.tcpspec.os.linux.PacketTimes;
import dev.tcpspec.os.linux.SockDiag;
import dev.tcpspec.os.linux.TunDevice;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.trace.AppOutcome;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * This machine's kernel at the outside end of the packet wire: a network namespace of the run's own, with the
 * profile's sysctls, a TUN device carrying the kernel's address, netlink sock_diag for states, a packet socket for
 * the kernel's send timestamps, and plain libc sockets made by a thread that joined the namespace. The session's
 * thread joins it too while the session lasts (it makes the sockets itself).
 */
final class KernelOutside implements OutsideStack {
    private final NetworkNamespace ns;
    private final TunDevice tun;
    private final SockDiag diag;
    private final PacketTimes times;
    private final KernelSockets sockets;
    private final NetworkNamespace.Entered inNamespace;
    private final Sockets socketCalls;
    private final PacketLink link;

    /** The planted sysctls, "name=value, ..."; empty when none. */
    private final String planted;

    private KernelOutside(NetworkNamespace ns, TunDevice tun, SockDiag diag, PacketTimes times,
                          NetworkNamespace.Entered inNamespace, byte[] kernelAddress, String planted) {
        this.planted = planted;
        this.ns = ns;
        this.tun = tun;
        this.diag = diag;
        this.times = times;
        this.inNamespace = inNamespace;
        this.sockets = new KernelSockets(ns, kernelAddress);
        this.socketCalls = new KernelCalls();
        this.link = new PacketLink() {
            @Override
            public void write(byte[] packet) throws IOException {
                tun.write(packet);   // the kernel handles it before write() returns
            }

            @Override
            public boolean await(long nanos) throws IOException {
                return tun.await(nanos);
            }

            @Override
            public byte[] read() throws IOException {
                return tun.read();
            }

            @Override
            public long sentAt(byte[] packet) {
                return times == null ? -1 : times.sentAt(packet);
            }
        };
    }

    /**
     * A fresh namespace for one run, configured as {@code profile} says, then with the {@code planted} network
     * sysctls (dotted names) set over it.
     */
    static KernelOutside open(Profile profile, WireStack.Addresses addresses, int serial,
                              java.util.Map<String, String> planted) throws IOException {
        NetworkNamespace n = null;
        TunDevice t = null;
        SockDiag d = null;
        PacketTimes pt = null;
        NetworkNamespace.Entered joined = null;
        try {
            n = NetworkNamespace.create("tcpspec-wire-" + serial);
            ProfileSysctls.apply(n, profile);
            for (java.util.Map.Entry<String, String> e : planted.entrySet()) {
                n.sysctl(e.getKey().replace('.', '/'), e.getValue());
            }
            t = TunDevice.create(n, "tcpspec0");
            t.addAddress(addresses.kernel(), addresses.prefix());
            t.up();
            d = SockDiag.open(n);
            pt = PacketTimes.open(n, "tcpspec0");
            joined = n.enter();
            StringBuilder p = new StringBuilder();
            for (java.util.Map.Entry<String, String> e : planted.entrySet()) {
                p.append(p.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
            }
            return new KernelOutside(n, t, d, pt, joined, addresses.kernel(), p.toString());
        } catch (IOException | RuntimeException e) {
            if (joined != null) joined.close();
            if (pt != null) pt.close();
            if (d != null) d.close();
            if (t != null) t.close();
            if (n != null) n.close();
            throw e;
        }
    }

    @Override
    public String describe() {
        return planted.isEmpty() ? "the kernel" : "the kernel (with a planted deviation: sysctl " + planted
                + " set in its namespace after the profile's settings)";
    }

    @Override
    public PacketLink link() {
        return link;
    }

    @Override
    public Sockets sockets() {
        return socketCalls;
    }

    @Override
    public StateLookup states() {
        return diag::lookup;
    }

    /** A kernel's clock cannot be moved: its waits follow the real-time policy of {@link OutsideEnd}. */
    @Override
    public ClockControl clock() {
        return null;
    }

    @Override
    public void close() {
        try {
            sockets.close();
        } finally {
            diag.close();
            times.close();
            tun.close();
            inNamespace.close();
            ns.close();
        }
    }

    /** The libc socket calls, with a lingering close(2) run on the namespace's thread. */
    private final class KernelCalls implements Sockets {
        @Override
        public KernelSockets.Opened listen(int port, SocketOptions options) throws IOException {
            return sockets.listen(port, options);
        }

        @Override
        public KernelSockets.Opened connect(byte[] remote, int remotePort, SocketOptions options) throws IOException {
            return sockets.connect(remote, remotePort, options);
        }

        @Override
        public boolean connectDone(int fd) throws IOException {
            return sockets.connectDone(fd);
        }

        @Override
        public AppOutcome connectResult(int fd) {
            return sockets.connectResult(fd);
        }

        @Override
        public KernelSockets.Opened accept(int listener) throws IOException {
            return sockets.accept(listener);
        }

        @Override
        public KernelSockets.Read read(int fd, int max) throws IOException {
            return sockets.read(fd, max);
        }

        @Override
        public long write(int fd, byte[] data, int offset) throws IOException {
            return sockets.write(fd, data, offset);
        }

        @Override
        public AppOutcome lastWriteError() {
            return sockets.lastError.get();
        }

        @Override
        public boolean readable(int fd) throws IOException {
            return sockets.readable(fd);
        }

        @Override
        public boolean writable(int fd) throws IOException {
            return sockets.writable(fd);
        }

        @Override
        public AppOutcome shutdown(int fd, int how) {
            return sockets.shutdown(fd, how);
        }

        @Override
        public AppOutcome close(int fd) {
            return sockets.close(fd);
        }

        /** close(2) blocks in the kernel until the FIN is acknowledged or the linger time passes. */
        @Override
        public CompletableFuture<AppOutcome> closeLingering(int fd) {
            return ns.submit(() -> sockets.close(fd));
        }

        @Override
        public void abort(int fd) {
            sockets.abort(fd);
        }

        @Override
        public int dup(int fd) throws IOException {
            return sockets.dup(fd);
        }

        @Override
        public void close() {
            sockets.close();
        }
    }
}
