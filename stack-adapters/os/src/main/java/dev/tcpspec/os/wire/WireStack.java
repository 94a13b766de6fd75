package dev.tcpspec.os.wire;

import dev.tcpspec.dsl.Capabilities;
import dev.tcpspec.dsl.Capability;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.os.host.IpFamily;
import dev.tcpspec.os.linux.NetworkNamespace;
import dev.tcpspec.os.linux.TunDevice;
import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.spi.StackAdapter;
import dev.tcpspec.spi.StackSession;
import dev.tcpspec.trace.IpPacket;
import dev.tcpspec.trace.Side;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The real kernel on the packet wire, in one role: tcpspec plays the peer. The kernel's end is ordinary sockets in a
 * network namespace of the run's own; its packets go out through a TUN device into tcpspec, where the reference stack
 * answers them on the wall clock. Every segment both ways crosses tcpspec's wire, so segments are observed without a
 * capture, faults (drop, duplicate, delay, hold back) strike real packets, and crafted segments reach the kernel.
 * States come from netlink sock_diag, sampled after each segment and each call (the kernel handles both before they
 * return), so even LAST_ACK or CLOSING, which last microseconds on loopback, are seen.
 *
 * <p>A spec runs once with the kernel as client and once as server ({@link #inEveryRole}); the expectations about
 * the other end judge the reference stack, which passes the catalog by construction.
 *
 * <pre>{@code
 * for (WireStack kernel : WireStack.inEveryRole(IpFamily.IPV4)) {
 *     RunResult r = SuiteRun.of(Catalog.all(), kernel).with(RunOptions.defaults().withProfile(Profile.linux())).run();
 * }
 * }</pre>
 *
 * <p>Needs root (CAP_SYS_ADMIN for the namespace, CAP_NET_ADMIN for the device) and {@code /dev/net/tun}:
 * {@link #whyUnavailable()} says what is missing.
 */
public final class WireStack implements StackAdapter {
    /** The two addresses of a wire, from the documentation ranges (RFC 5737, RFC 3849), and the subnet's prefix. */
    public record Addresses(byte[] kernel, byte[] peer, int prefix) {
        /** The wire's addresses for {@code family}: the outside stack at .1, the reference stack at .2. */
        public static Addresses of(IpFamily family) {
            return family == IpFamily.IPV4
                    ? new Addresses(IpPacket.address("192.0.2.1"), IpPacket.address("192.0.2.2"), 24)
                    : new Addresses(IpPacket.address("2001:db8::1"), IpPacket.address("2001:db8::2"), 64);
        }
    }

    private static volatile Optional<String> unavailable;

    private final Side kernelSide;
    private final IpFamily family;
    private final boolean readTimers;
    private final java.util.Map<String, String> planted;

    WireStack(Side kernelSide, IpFamily family, boolean readTimers) {
        this(kernelSide, family, readTimers, java.util.Map.of());
    }

    private WireStack(Side kernelSide, IpFamily family, boolean readTimers, java.util.Map<String, String> planted) {
        this.kernelSide = kernelSide;
        this.family = family;
        this.readTimers = readTimers;
        this.planted = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(planted));
    }

    /**
     * This wire with network sysctls (dotted names, e.g. {@code net.ipv4.tcp_orphan_retries}) set in its namespace
     * after the profile's: a deviation planted in the kernel, named in every trace.
     */
    public WireStack withPlanted(java.util.Map<String, String> sysctls) {
        return new WireStack(kernelSide, family, readTimers, sysctls);
    }

    /** The sysctls planted in the namespace, in the order they are set. */
    java.util.Map<String, String> planted() {
        return planted;
    }

    /** The kernel as client, then as server. */
    public static List<WireStack> inEveryRole(IpFamily family) {
        return inEveryRole(family, true);
    }

    /** The kernel as client, then as server; {@code readTimers} false waits every TIME_WAIT out. */
    public static List<WireStack> inEveryRole(IpFamily family, boolean readTimers) {
        return List.of(new WireStack(Side.CLIENT, family, readTimers), new WireStack(Side.SERVER, family, readTimers));
    }

    /** The kernel in one role. */
    public static WireStack as(Side role, IpFamily family) {
        return new WireStack(role, family, true);
    }

    /**
     * Why this process cannot use the packet wire (not root, no {@code /dev/net/tun}, JNA unable to load), or empty
     * when it can: found out once, by making a namespace with a TUN device in it and removing it again.
     */
    public static Optional<String> whyUnavailable() {
        Optional<String> u = unavailable;
        if (u == null) {
            synchronized (WireStack.class) {
                if (unavailable == null) unavailable = probe();
                u = unavailable;
            }
        }
        return u;
    }

    private static Optional<String> probe() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.of("the packet wire needs Linux (TUN devices and network namespaces)");
        }
        if (!java.nio.file.Files.exists(java.nio.file.Path.of("/dev/net/tun"))) {
            return Optional.of("/dev/net/tun does not exist (no TUN driver in this kernel or container)");
        }
        try (NetworkNamespace ns = NetworkNamespace.create("tcpspec-wire-probe");
             TunDevice tun = TunDevice.create(ns, "tcpspec0")) {
            tun.up();
            return Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.of("cannot make a network namespace with a TUN device (" + e.getMessage() + "); the "
                    + "packet wire needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN)");
        } catch (LinkageError | RuntimeException e) {
            return Optional.of("cannot call into libc through JNA: " + e);
        }
    }

    /** The end the kernel takes. */
    public Side kernelSide() {
        return kernelSide;
    }

    public IpFamily family() {
        return family;
    }

    Addresses addresses() {
        return Addresses.of(family);
    }

    /** Whether the end of a run reads the kernel's timewait timers instead of waiting them out. */
    boolean readsTimers() {
        return readTimers;
    }

    /** E.g. {@code os as client}. */
    @Override
    public String name() {
        return "os as " + kernelSide.label();
    }

    /**
     * Everything but virtual time; a chosen ISS only for the kernel as client (TCP_REPAIR sets a socket's ISS before
     * connect(); nothing sets the one a listener picks for a passive open).
     */
    @Override
    public Capabilities capabilities() {
        Capabilities c = Capabilities.all()
                .without(Capability.VIRTUAL_TIME, "a real kernel runs on real time: its timers are waited out or read");
        if (kernelSide == Side.SERVER) {
            c = c.without(Capability.CHOSEN_ISS, "Linux chooses a passive open's initial sequence number itself (RFC "
                    + "6528); TCP_REPAIR sets one only before connect(), so only the kernel as client can have it chosen");
        }
        return c;
    }

    /**
     * Timer-wheel slack of a 60 s kernel timer at HZ=250 (up to 2.048 s, LINUX.md §1), plus scheduling: every segment
     * is seen as it crosses the wire, but the kernel's own timers fire late by up to the wheel's granularity.
     */
    @Override
    public Duration tolerance() {
        return Duration.ofMillis(2_500);
    }

    @Override
    public Profile defaultProfile() {
        return Profile.linux();
    }

    /** Specs mostly wait on kernel timers, each in its own namespace: many run at once. */
    @Override
    public int preferredParallelism() {
        return 12;
    }

    /** Long enough for a spec that waits out a 60 s TIME_WAIT and a FIN_WAIT_2 timeout, in real time. */
    @Override
    public Duration minimumSpecTimeout() {
        return Duration.ofMinutes(4);
    }

    @Override
    public StackSession open(SessionSettings settings) throws Exception {
        return WireSession.onKernel(this, settings);
    }

    @Override
    public String toString() {
        return name() + " (" + family.label() + ", packet wire over TUN)";
    }
}
