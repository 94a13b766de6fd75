package dev.tcpspec.os.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

import java.io.IOException;

/**
 * A TUN device (IFF_TUN | IFF_NO_PI): the kernel's side of it is a point-to-point interface carrying raw IPv4 and
 * IPv6 packets; this side is a descriptor that reads what the kernel sends out through the interface and writes what
 * the kernel receives. No offloads are enabled (TUNSETOFFLOAD is never called), so every packet read is one whole
 * segment with its checksum computed. A packet written is processed by the kernel before {@code write()} returns
 * (the receive path runs in the writer's context), which is what lets the wire run in lock step with the kernel.
 *
 * <pre>{@code
 * TunDevice tun = TunDevice.create(ns, "tcpspec0");
 * tun.addAddress(IpPacket.address("192.0.2.1"), 24);
 * tun.up();
 * tun.write(synPacket);
 * byte[] synAck = tun.read();      // null when the kernel has sent nothing
 * }</pre>
 */
public final class TunDevice implements AutoCloseable {
    private static final long TUNSETIFF = 0x400454caL;
    private static final short IFF_TUN = 0x0001;
    private static final short IFF_NO_PI = 0x1000;
    /** Large enough for any packet of the default 1500-byte MTU and then some. */
    private static final int BUFFER = 65536;

    private final NetworkNamespace ns;
    private final String name;
    private final int fd;
    /** Native memory, so that a read copies only the packet out, not the whole buffer in and out. */
    private final Memory buffer = new Memory(BUFFER);
    private final Poller poller;
    private volatile boolean closed;
    /** The IPv6 address given to the device, if any. */
    private volatile byte[] ipv6;

    private TunDevice(NetworkNamespace ns, String name, int fd) {
        this.ns = ns;
        this.name = name;
        this.fd = fd;
        this.poller = new Poller(fd);
    }

    /** Creates the device {@code name} inside {@code ns} (down, without addresses). */
    public static TunDevice create(NetworkNamespace ns, String name) throws IOException {
        int fd = ns.call(() -> {
            int f;
            try {
                f = Libc.open("/dev/net/tun", Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
            } catch (LastErrorException e) {
                throw Libc.failure("open(/dev/net/tun)", e);
            }
            try {
                Memory r = NetworkNamespace.ifreq(name);
                r.setShort(16, (short) (IFF_TUN | IFF_NO_PI));
                Libc.ioctl(f, TUNSETIFF, r);
            } catch (LastErrorException e) {
                Libc.close(f);
                throw Libc.failure("ioctl(TUNSETIFF, " + name + ")", e);
            }
            return f;
        });
        return new TunDevice(ns, name, fd);
    }

    /** The interface's name. */
    public String name() {
        return name;
    }

    /** Gives the interface an address (4 bytes: IPv4, 16: IPv6) and the route to its {@code prefix}-bit subnet. */
    public void addAddress(byte[] address, int prefix) throws IOException {
        ns.call(() -> {
            if (address.length == 4) {
                Interfaces.addIpv4(ns, name, address, prefix);
            } else {
                // no duplicate address detection on a link where nobody else can hold the address, no link-local
                // address (the kernel could pick it as a source while the global one is still tentative), no router
                // solicitations on the wire
                ns.sysctl("net/ipv6/conf/" + name + "/accept_dad", "0");
                ns.sysctl("net/ipv6/conf/" + name + "/addr_gen_mode", "1");
                ns.sysctl("net/ipv6/conf/" + name + "/router_solicitations", "0");
                Interfaces.addIpv6(ns, name, address, prefix);
                ipv6 = address.clone();
            }
            return null;
        });
    }

    /**
     * Brings the interface up; with an IPv6 address, returns once the kernel has made it usable (addrconf finishes
     * in a worker of its own, and until then a connect() would pick another source address).
     */
    public void up() throws IOException {
        ns.call(() -> {
            Interfaces.up(ns, name);
            return null;
        });
        if (ipv6 != null) awaitUsable(ipv6);
    }

    private void awaitUsable(byte[] address) throws IOException {
        String hex = java.util.HexFormat.of().formatHex(address);
        java.nio.file.Path table = ns.procNet().resolve("if_inet6");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            for (String line : java.nio.file.Files.readAllLines(table)) {
                String[] f = line.trim().split("\\s+");
                // address, index, prefix length, scope, flags (IFA_F_TENTATIVE 0x40, IFA_F_DADFAILED 0x08), device
                if (f.length >= 6 && f[0].equals(hex) && f[5].equals(name)
                        && (Integer.parseInt(f[4], 16) & 0x48) == 0) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the IPv6 address of " + name + " did not become usable within 5 s: "
                        + java.nio.file.Files.readString(table).trim());
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while " + name + " came up", e);
            }
        }
    }

    /** The next packet the kernel sent through the interface, or null if none is waiting. */
    public byte[] read() throws IOException {
        try {
            long n = Libc.read(fd, buffer, BUFFER);
            return buffer.getByteArray(0, (int) n);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Libc.EAGAIN || e.getErrorCode() == Libc.EINTR) return null;
            throw Libc.failure("read(" + name + ")", e);
        }
    }

    /** Hands {@code packet} to the kernel, as if it had arrived on the interface; processed before this returns. */
    public void write(byte[] packet) throws IOException {
        try {
            Libc.write(fd, packet, packet.length);
        } catch (LastErrorException e) {
            throw Libc.failure("write(" + name + ", " + packet.length + " bytes)", e);
        }
    }

    /** Waits at most {@code nanos} for a packet to read; true if one is waiting. */
    public boolean await(long nanos) throws IOException {
        return poller.await(nanos);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        poller.close();
        buffer.close();
        try {
            Libc.close(fd);
        } catch (LastErrorException e) {
            // already gone
        }
    }
}
