package dev.tcpspec.os;

import dev.tcpspec.os.host.Host;
import dev.tcpspec.os.host.IpFamily;
import dev.tcpspec.os.observe.ProcPoller;

import dev.tcpspec.dsl.Capabilities;
import dev.tcpspec.dsl.Capability;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.spi.StackAdapter;
import dev.tcpspec.spi.StackSession;
import dev.tcpspec.wire.Fault;
import dev.tcpspec.wire.FaultAction;
import dev.tcpspec.wire.FaultSchedule;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The real Linux kernel as a stack: specs run through {@code java.nio} socket channels on loopback, endpoint states
 * and timers come from {@code /proc/net/tcp} and {@code /proc/net/tcp6} matched by 4-tuple, and, as root, every state
 * transition from the kernel's {@code sock:inet_sock_set_state} tracepoint, segments from a tcpdump capture, and
 * dropped segments and crashed hosts from iptables inside a network namespace of the spec's own.
 *
 * <pre>{@code
 * StackAdapter kernel = OsStack.detect();                              // IPv4, timers read, namespaces when needed
 * StackAdapter v6 = OsStack.detect().with(IpFamily.IPV6);
 * StackAdapter strict = OsStack.detect().with(OsStack.Timers.WAIT);    // wait TIME_WAIT out instead of reading it
 * SuiteRun.of(Catalog.all(), kernel).with(RunOptions.defaults().withProfile(Profile.linux())
 *         .withParallelism(kernel.preferredParallelism())).run();
 * }</pre>
 *
 * <p>What it can do depends on the machine, found out once by {@link #detect()}: see {@link #capabilities()}; each
 * missing capability carries its precise reason (e.g. "no packet capture: not root, tcpdump needs CAP_NET_RAW").
 */
public final class OsStack implements StackAdapter {

    /**
     * What the adapter does with a timewait socket's timer (TIME_WAIT, orphaned FIN_WAIT_2) once the scenario is
     * over and nothing else can happen: read the time it has left and stop observing ({@link #READ}, the default:
     * the run stays short, and expectations about when the state ends are judged on the kernel's own timer), or
     * wait until the kernel removes the socket ({@link #WAIT}: 60-62 s per TIME_WAIT, every end observed).
     */
    public enum Timers { READ, WAIT }

    /**
     * Where specs run: each in a network namespace of its own whenever this process may make one, else in the root
     * namespace ({@link #AUTO}); always in one of their own ({@link #ALWAYS}: an error without root); or always in the
     * root namespace ({@link #NEVER}: no drops, crashes or profile knobs then). A namespace isolates a spec from
     * every other (fixed ports, a port where nothing listens, TIME_WAITs), and costs a small agent JVM (about 0.15 s).
     */
    public enum Namespaces { AUTO, ALWAYS, NEVER }

    /**
     * How the kernel is reached: through a TUN device with tcpspec playing the peer ({@link #TUN}: every segment
     * observed, faults and crafted segments on real packets, needs root), or on loopback with both ends in the kernel
     * ({@link #LOOPBACK}: no root needed, observed through /proc, tcpdump and iptables); {@link #AUTO} takes TUN when
     * this process can make one.
     */
    public enum Wire { AUTO, TUN, LOOPBACK }

    private final Host host;
    private final IpFamily family;
    private final Timers timers;
    private final Namespaces namespaces;
    private final Wire wire;
    /** Network sysctls set in the wire's namespace after the profile's: a deviation planted in the kernel. */
    private final Map<String, String> planted;

    private OsStack(Host host, IpFamily family, Timers timers, Namespaces namespaces) {
        this(host, family, timers, namespaces, Wire.LOOPBACK, Map.of());
    }

    private OsStack(Host host, IpFamily family, Timers timers, Namespaces namespaces, Wire wire,
                    Map<String, String> planted) {
        this.host = host;
        this.family = family;
        this.timers = timers;
        this.namespaces = namespaces;
        this.wire = wire;
        this.planted = Map.copyOf(planted);
    }

    /** The kernel of this machine, with what this process may do on it: IPv4, timers read, namespaces when needed. */
    public static OsStack detect() {
        return new OsStack(Host.detect(), IpFamily.IPV4, Timers.READ, Namespaces.AUTO, Wire.LOOPBACK, Map.of());
    }

    /** The kernel as a process with {@code host}'s privileges and tools would see it (for tests of the reasons). */
    static OsStack on(Host host) {
        return new OsStack(host, IpFamily.IPV4, Timers.READ, Namespaces.AUTO);
    }

    public OsStack with(IpFamily f) {
        return new OsStack(host, f, timers, namespaces, wire, planted);
    }

    public OsStack with(Timers t) {
        return new OsStack(host, family, t, namespaces, wire, planted);
    }

    /** How the kernel is reached; {@link Wire#TUN} fails at once, with the reason, where this process cannot. */
    public OsStack with(Wire w) {
        if (w == Wire.TUN && dev.tcpspec.os.wire.WireStack.whyUnavailable().isPresent()) {
            throw new IllegalArgumentException("cannot use the packet wire (wire=tun): "
                    + dev.tcpspec.os.wire.WireStack.whyUnavailable().get());
        }
        return new OsStack(host, family, timers, namespaces, w, planted);
    }

    /**
     * The kernel with a deviation planted: network sysctls ({@code net.ipv4.tcp_orphan_retries} and the like) set in
     * the packet wire's namespace after the profile's own, so the kernel no longer behaves as the profile says; the
     * root namespace is never touched. For showing that a spec or property catches a real kernel that deviates:
     *
     * <pre>{@code
     * OsStack.detect().with(Wire.TUN).withPlanted(Map.of("net.ipv4.tcp_orphan_retries", "1"))
     * }</pre>
     *
     * @throws IllegalArgumentException for a name outside {@code net.} (only those are per namespace)
     */
    public OsStack withPlanted(Map<String, String> sysctls) {
        Map<String, String> m = new java.util.LinkedHashMap<>(planted);
        for (Map.Entry<String, String> e : sysctls.entrySet()) {
            String name = e.getKey();
            if (!name.matches("net\\.[a-z0-9_.]+[a-z0-9_]") || name.contains("..")) {
                throw new IllegalArgumentException("cannot plant sysctl '" + name + "': only network sysctls "
                        + "(net.ipv4.*, net.ipv6.*, net.core.*) are per namespace");
            }
            if (e.getValue().isBlank()) throw new IllegalArgumentException("sysctl '" + name + "' needs a value");
            m.put(name, e.getValue());
        }
        return new OsStack(host, family, timers, namespaces, wire, m);
    }

    /** The wire this stack uses: {@link Wire#AUTO} resolved. */
    public Wire wire() {
        if (wire != Wire.AUTO) return wire;
        return dev.tcpspec.os.wire.WireStack.whyUnavailable().isEmpty() ? Wire.TUN : Wire.LOOPBACK;
    }

    /**
     * Where the specs run: on the packet wire, the kernel as client and as server (two adapters); on loopback, this
     * adapter, which plays both ends in the kernel.
     */
    public java.util.List<StackAdapter> placements() {
        if (wire() == Wire.TUN) {
            return dev.tcpspec.os.wire.WireStack.inEveryRole(family, timers == Timers.READ).stream()
                    .map(w -> (StackAdapter) w.withPlanted(planted)).toList();
        }
        if (!planted.isEmpty()) {
            throw new IllegalArgumentException("planting sysctls needs the packet wire (wire=tun, as root): "
                    + whyLoopback().orElse("loopback was chosen"));
        }
        return java.util.List.of(this);
    }

    /** Why the packet wire is not used, when {@link #wire()} is loopback; empty when it is used. */
    public Optional<String> whyLoopback() {
        if (wire() == Wire.TUN) return Optional.empty();
        if (wire == Wire.LOOPBACK) return Optional.of("wire=loopback was asked for");
        return dev.tcpspec.os.wire.WireStack.whyUnavailable();
    }

    public OsStack with(Namespaces n) {
        if (n == Namespaces.ALWAYS && host.whyNoNamespaces().isPresent()) {
            throw new IllegalArgumentException("cannot run every spec in a namespace of its own: "
                    + host.whyNoNamespaces().get());
        }
        return new OsStack(host, family, timers, n, wire, planted);
    }

    /** The options the command line passes as {@code --stack-option KEY=VALUE}, with their values. */
    public static Map<String, String> optionHelp() {
        Map<String, String> m = new TreeMap<>();
        m.put("family", "ipv4 (default: AF_INET sockets on 127.0.0.1) or ipv6 (AF_INET6 sockets on ::1)");
        m.put("timers", "read (default: read a timewait socket's remaining time) or wait (wait it out, 60-62 s)");
        m.put("netns", "auto (default: a namespace per spec when root), always (fail without root) or never; "
                + "loopback only");
        m.put("sysctl.NAME", "plant a deviation: set the network sysctl NAME (e.g. sysctl.net.ipv4.tcp_orphan_retries=1) "
                + "in the packet wire's namespace after the profile's settings (repeatable; wire=tun only)");
        m.put("wire", "auto (default: tun when root), tun (tcpspec plays the peer through a TUN device: the kernel as "
                + "client and as server) or loopback (both ends in the kernel)");
        return m;
    }

    /** {@link #detect()} configured by command-line options; an unknown key or value is an error naming the valid ones. */
    public static OsStack fromOptions(Map<String, String> options) {
        OsStack s = detect().with(Wire.AUTO);
        Map<String, String> sysctls = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> e : options.entrySet()) {
            String v = e.getValue().toLowerCase(Locale.ROOT);
            if (e.getKey().startsWith("sysctl.")) {
                sysctls.put(e.getKey().substring("sysctl.".length()), e.getValue());
                continue;
            }
            switch (e.getKey()) {
                case "family" -> s = s.with(IpFamily.byLabel(v));
                case "timers" -> s = s.with(parse(Timers.class, "timers", v));
                case "netns" -> s = s.with(parse(Namespaces.class, "netns", v));
                case "wire" -> s = s.with(parse(Wire.class, "wire", v));
                default -> throw new IllegalArgumentException("unknown option '" + e.getKey() + "' of the os stack; "
                        + "valid options: " + String.join(", ", optionHelp().keySet()));
            }
        }
        return sysctls.isEmpty() ? s : s.withPlanted(sysctls);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String key, String value) {
        for (E c : type.getEnumConstants()) {
            if (c.name().equalsIgnoreCase(value)) return c;
        }
        StringBuilder valid = new StringBuilder();
        for (E c : type.getEnumConstants()) valid.append(valid.length() == 0 ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT));
        throw new IllegalArgumentException("unknown value '" + value + "' for " + key + "; valid values: " + valid);
    }

    Host host() {
        return host;
    }

    IpFamily family() {
        return family;
    }

    Timers timers() {
        return timers;
    }

    Namespaces namespaces() {
        return namespaces;
    }

    @Override
    public String name() {
        return "os";
    }

    /**
     * States always (from /proc, if readable); transient states, segments, drops, crashes and profile knobs only with
     * root and the tools; never virtual time, a chosen ISS, crafted segments or shared handles.
     */
    @Override
    public Capabilities capabilities() {
        Capabilities c = Capabilities.all()
                .without(Capability.VIRTUAL_TIME, "a real kernel runs on real time: its timers are waited out or read")
                .without(Capability.CHOSEN_ISS, "Linux chooses the initial sequence number itself (RFC 6528); no "
                        + "socket option sets it")
                .without(Capability.SEGMENT_INJECTION, "the os adapter does not craft raw segments")
                .without(Capability.SHARED_HANDLES, "Java cannot dup(2) a socket descriptor, so a socket never has "
                        + "two handles");
        if (host.procNet() == null) {
            c = c.without(Capability.STATE_OBSERVATION, "/proc/net/tcp cannot be read");
        }
        if (host.tracepoint() != null) {
            c = c.without(Capability.TRANSIENT_STATE_OBSERVATION, "/proc/net/tcp is sampled every "
                    + ProcPoller.INTERVAL_MILLIS + " ms, and these states last microseconds on loopback; every "
                    + "transition needs the kernel tracepoint, and " + host.tracepoint());
        }
        Optional<String> capture = host.whyNoCapture();
        if (capture.isPresent()) c = c.without(Capability.SEGMENT_OBSERVATION, capture.get());
        Optional<String> drops = namespaces == Namespaces.NEVER
                ? Optional.of("network namespaces are turned off (netns=never), and drops need one of the run's own")
                : host.whyNoDrops();
        if (drops.isPresent()) {
            c = c.without(Capability.FAULT_INJECTION, drops.get())
                    .without(Capability.HOST_CRASH, drops.get());
        }
        Optional<String> ns = namespaces == Namespaces.NEVER ? Optional.of("network namespaces are turned off "
                + "(netns=never)") : host.whyNoNamespaces();
        if (ns.isPresent()) {
            c = c.without(Capability.PROFILE_CONTROL, ns.get() + "; the profile's sysctls are set only inside a "
                    + "namespace of the run's own");
        }
        return c;
    }

    /**
     * Only drops: this kernel has no netem (LINUX.md §7), and iptables can drop a chosen segment but neither delay,
     * duplicate nor reorder one.
     */
    @Override
    public Optional<String> whyCannotInject(FaultSchedule faults) {
        for (Fault f : faults.faults()) {
            if (!(f.action() instanceof FaultAction.Drop)) {
                return Optional.of("the os adapter can only drop chosen segments (iptables); '" + f.describe()
                        + "' needs a delaying qdisc such as netem");
            }
        }
        return Optional.empty();
    }

    /**
     * Timer-wheel slack of a 60 s kernel timer at HZ=250 (up to 2.048 s, LINUX.md §1), plus a background /proc sample
     * (100 ms), the jiffies lag of a loaded tickless VM and scheduling.
     */
    @Override
    public Duration tolerance() {
        return Duration.ofMillis(2_500);
    }

    @Override
    public Profile defaultProfile() {
        return Profile.linux();
    }

    /** Specs mostly wait on kernel timers, so many run at once, each on its own ports (or namespace). */
    @Override
    public int preferredParallelism() {
        return 12;
    }

    /**
     * Long enough for the real waits of one spec: a step that waits on timers, the kernel catching up after a skip,
     * and the end of the scenario, each up to {@link OsSession#REAL_WAIT_LIMIT}.
     */
    @Override
    public Duration minimumSpecTimeout() {
        return Duration.ofMinutes(4);
    }

    @Override
    public StackSession open(SessionSettings settings) throws Exception {
        return new OsSession(this, settings);
    }

    @Override
    public String toString() {
        return "os (" + family.label() + ", timers " + timers.name().toLowerCase(Locale.ROOT) + ", netns "
                + namespaces.name().toLowerCase(Locale.ROOT) + ")";
    }
}
