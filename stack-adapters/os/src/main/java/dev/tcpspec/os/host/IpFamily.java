package dev.tcpspec.os.host;

import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The address family a run of the {@code os} stack uses: IPv4 sockets on 127.0.0.1 (rows in {@code /proc/net/tcp})
 * or IPv6 sockets on ::1 (rows in {@code /proc/net/tcp6}). The channels are opened with the family named, so an IPv4
 * run really uses AF_INET sockets rather than Java's default dual-stack AF_INET6 ones.
 */
public enum IpFamily {
    IPV4(StandardProtocolFamily.INET, new byte[]{127, 0, 0, 1}),
    IPV6(StandardProtocolFamily.INET6, new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

    private final ProtocolFamily family;
    private final byte[] loopback;

    IpFamily(ProtocolFamily family, byte[] loopback) {
        this.family = family;
        this.loopback = loopback;
    }

    public ProtocolFamily protocolFamily() {
        return family;
    }

    /** 127.0.0.1 or ::1. */
    public InetAddress loopback() {
        try {
            return InetAddress.getByAddress(loopback);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The loopback address as people write it: {@code 127.0.0.1} or {@code ::1}. */
    public String loopbackText() {
        return this == IPV4 ? "127.0.0.1" : "::1";
    }

    /** {@code ipv4} or {@code ipv6}, as the command line writes it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The family called {@code ipv4} or {@code ipv6}, or an error naming the valid ones. */
    public static IpFamily byLabel(String label) {
        for (IpFamily f : values()) {
            if (f.label().equalsIgnoreCase(label)) return f;
        }
        throw new IllegalArgumentException("unknown address family '" + label + "'; valid: ipv4, ipv6");
    }
}
