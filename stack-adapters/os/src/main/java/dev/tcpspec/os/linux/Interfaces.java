package dev.tcpspec.os.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

import java.io.IOException;

/**
 * Network interface configuration through the classic ioctls (no netlink needed): bring a device up, give it an IPv4
 * or IPv6 address with a prefix. Each call must run on the namespace's thread, where the device lives.
 */
final class Interfaces {
    private static final long SIOCGIFFLAGS = 0x8913;
    private static final long SIOCSIFFLAGS = 0x8914;
    private static final long SIOCSIFADDR = 0x8916;
    private static final long SIOCSIFNETMASK = 0x891c;
    private static final long SIOCGIFINDEX = 0x8933;
    private static final short IFF_UP = 0x1;
    private static final short IFF_RUNNING = 0x40;

    private Interfaces() {
    }

    /** Brings {@code device} up (IFF_UP), in the namespace whose thread calls this. */
    static void up(NetworkNamespace ns, String device) throws IOException {
        requireThread(ns);
        int s = control(Libc.AF_INET);
        try {
            Memory r = NetworkNamespace.ifreq(device);
            Libc.ioctl(s, SIOCGIFFLAGS, r);
            r.setShort(16, (short) (r.getShort(16) | IFF_UP | IFF_RUNNING));
            Libc.ioctl(s, SIOCSIFFLAGS, r);
        } catch (LastErrorException e) {
            throw Libc.failure("bringing " + device + " up", e);
        } finally {
            Libc.close(s);
        }
    }

    /** Gives {@code device} the IPv4 {@code address} with a {@code prefix}-bit netmask (and so its subnet route). */
    static void addIpv4(NetworkNamespace ns, String device, byte[] address, int prefix) throws IOException {
        requireThread(ns);
        int s = control(Libc.AF_INET);
        try {
            Memory a = NetworkNamespace.ifreq(device);
            a.setShort(16, (short) Libc.AF_INET);
            a.write(20, address, 0, 4);
            Libc.ioctl(s, SIOCSIFADDR, a);
            int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
            Memory m = NetworkNamespace.ifreq(device);
            m.setShort(16, (short) Libc.AF_INET);
            m.write(20, new byte[]{(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask}, 0, 4);
            Libc.ioctl(s, SIOCSIFNETMASK, m);
        } catch (LastErrorException e) {
            throw Libc.failure("giving " + device + " an IPv4 address", e);
        } finally {
            Libc.close(s);
        }
    }

    /** Gives {@code device} the IPv6 {@code address}/{@code prefix} ({@code struct in6_ifreq} on an AF_INET6 socket). */
    static void addIpv6(NetworkNamespace ns, String device, byte[] address, int prefix) throws IOException {
        requireThread(ns);
        int s = control(Libc.AF_INET6);
        try {
            Memory r = NetworkNamespace.ifreq(device);
            Libc.ioctl(s, SIOCGIFINDEX, r);
            int index = r.getInt(16);
            Memory in6 = new Memory(24);
            in6.clear();
            in6.write(0, address, 0, 16);
            in6.setInt(16, prefix);
            in6.setInt(20, index);
            Libc.ioctl(s, SIOCSIFADDR, in6);
        } catch (LastErrorException e) {
            throw Libc.failure("giving " + device + " an IPv6 address", e);
        } finally {
            Libc.close(s);
        }
    }

    /** The index of {@code device}. */
    static int index(NetworkNamespace ns, String device) throws IOException {
        requireThread(ns);
        int s = control(Libc.AF_INET);
        try {
            Memory r = NetworkNamespace.ifreq(device);
            Libc.ioctl(s, SIOCGIFINDEX, r);
            return r.getInt(16);
        } catch (LastErrorException e) {
            throw Libc.failure("SIOCGIFINDEX(" + device + ")", e);
        } finally {
            Libc.close(s);
        }
    }

    private static int control(int family) throws IOException {
        try {
            return Libc.socket(family, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw Libc.failure("socket(" + (family == Libc.AF_INET ? "AF_INET" : "AF_INET6") + ", SOCK_DGRAM)", e);
        }
    }

    private static void requireThread(NetworkNamespace ns) {
        if (!ns.onThread()) {
            throw new IllegalStateException("interfaces of " + ns + " are configured on its own thread only");
        }
    }
}
