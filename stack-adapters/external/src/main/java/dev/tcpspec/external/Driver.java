package dev.tcpspec.external;

import dev.tcpspec.dsl.Capabilities;
import dev.tcpspec.dsl.Capability;
import dev.tcpspec.dsl.Profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A stack that ships a driver program: its name, where its driver's sources live in this project, how to build it,
 * and what tcpspec can do and see with it. {@link #LWIP} and {@link #GVISOR} are the two the project carries; a
 * third party's driver is described the same way ({@link #custom}).
 *
 * <p>The driver's binary is looked for in the directory named by {@code -Dtcpspec.drivers} or
 * {@code TCPSPEC_DRIVERS}, else in {@code stack-adapters/external/drivers/bin} of the project tree found above the
 * working directory (or above this jar); when it is missing or older than its source it is built there with the
 * project's {@code drivers/Makefile} (cc and Debian's liblwip-dev for lwIP; go and golang-gvisor-gvisor-dev for
 * gVisor). {@link #whyUnavailable()} says precisely what is missing.
 *
 * <pre>{@code
 * Optional<String> why = Driver.LWIP.whyUnavailable();       // e.g. "liblwip-dev is not installed (...)"
 * Path binary = Driver.GVISOR.binary();                       // built if needed
 * }</pre>
 *
 * @param name      the stack's name on the command line, e.g. {@code lwip}
 * @param label     how the trace names it, e.g. {@code lwIP}
 * @param binaryName the driver's file name, e.g. {@code lwip-driver}
 * @param needs     files whose absence means the stack's package is not installed, each with what to install
 * @param caps      what tcpspec can do and see with this stack
 * @param tolerance how far its timers may stray (lwIP counts TCP time in 500 ms ticks)
 */
public record Driver(String name, String label, String binaryName, Map<String, String> needs, Capabilities caps,
                     Duration tolerance) {

    private static final String NO_VIRTUAL_TIME = "the stack runs on the wall clock in a process of its own; tcpspec "
            + "moves its clock forward with the wire's only while nothing is due, and waits for its timers for real";

    /** lwIP 2.1.3 from Debian's liblwip, through its BSD socket API, in {@code drivers/lwip}. */
    public static final Driver LWIP = new Driver("lwip", "lwIP", "lwip-driver",
            Map.of("/usr/include/lwip/lwip/tcp.h", "liblwip-dev", "/usr/lib/x86_64-linux-gnu/liblwip.so.0",
                    "liblwip0"),
            Capabilities.all()
                    .without(Capability.VIRTUAL_TIME, NO_VIRTUAL_TIME)
                    .without(Capability.CHOSEN_ISS, "lwIP picks every initial sequence number in tcp_next_iss() "
                            + "(core/tcp.c) and offers no socket option or hook to choose one in Debian's build "
                            + "(LWIP_HOOK_TCP_ISN is not set)")
                    .without(Capability.SHARED_HANDLES, "lwIP's socket API has no dup(): a socket has one handle "
                            + "(api/sockets.c)")
                    .without(Capability.PROFILE_CONTROL, "lwIP's timing and policy (TCP_MSL, TCP_FIN_WAIT_TIMEOUT, "
                            + "TCP_MAXRTX, ...) are compile-time constants of liblwip (lwip/priv/tcp_priv.h, "
                            + "lwip/opt.h), fixed by Debian's build"),
            Duration.ofMillis(1_000));

    /** gVisor's netstack (Debian's golang-gvisor-gvisor-dev, 2022-12-19), tcpip.Endpoint API, in {@code drivers/gvisor}. */
    public static final Driver GVISOR = new Driver("gvisor", "gVisor netstack", "gvisor-driver",
            Map.of("/usr/share/gocode/src/gvisor.dev/gvisor/pkg/tcpip/transport/tcp/endpoint.go",
                    "golang-gvisor-gvisor-dev"),
            Capabilities.all()
                    .without(Capability.VIRTUAL_TIME, NO_VIRTUAL_TIME)
                    .without(Capability.CHOSEN_ISS, "netstack picks each initial sequence number itself (a keyed "
                            + "hash of the 4-tuple plus a clock, transport/tcp/protocol.go) and has no endpoint "
                            + "option to choose one")
                    .without(Capability.SHARED_HANDLES, "a netstack endpoint has one owner; dup() belongs to "
                            + "gVisor's sentry file table, which the driver does not run")
                    .without(Capability.PROFILE_CONTROL, "the driver runs netstack with its defaults and does not map "
                            + "the profile's knobs onto netstack's protocol options"),
            Duration.ofMillis(250));

    private static final Map<String, Path> BUILT = new ConcurrentHashMap<>();

    /** A third party's driver: its binary is found or given, never built here. */
    public static Driver custom(String name, String label, String binaryName, Capabilities caps, Duration tolerance) {
        return new Driver(name, label, binaryName, Map.of(), caps, tolerance);
    }

    /** The profile a run uses when none is given: RFC 9293's (neither stack claims Linux's timing). */
    public Profile defaultProfile() {
        return Profile.rfc9293();
    }

    /** Why this machine cannot run the stack (not Linux, package missing, no compiler), or empty when it can. */
    public Optional<String> whyUnavailable() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return Optional.of("the " + label + " driver runs on Linux (AF_UNIX SOCK_SEQPACKET, JNA)");
        }
        try {
            binary();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * The driver's binary, built first if it is missing or older than its source.
     *
     * @throws IOException naming what is missing: the package, the tool, the source tree
     */
    public Path binary() throws IOException {
        Path cached = BUILT.get(name);
        if (cached != null && Files.isExecutable(cached)) return cached;
        synchronized (Driver.class) {
            Path p = locate();
            BUILT.put(name, p);
            return p;
        }
    }

    private Path locate() throws IOException {
        String dir = System.getProperty("tcpspec.drivers", System.getenv("TCPSPEC_DRIVERS"));
        if (dir != null && !dir.isBlank()) {
            Path p = Path.of(dir).resolve(binaryName);
            if (Files.isExecutable(p)) return p;
            throw new IOException("no executable " + binaryName + " in " + dir + " (tcpspec.drivers / TCPSPEC_DRIVERS)");
        }
        Path sources = sourceTree();
        if (sources == null) {
            throw new IOException("no " + binaryName + ": give its directory with -Dtcpspec.drivers=DIR (or "
                    + "TCPSPEC_DRIVERS), or run from the project tree, whose stack-adapters/external/drivers builds it");
        }
        Path bin = sources.resolve("bin").resolve(binaryName);
        Path src = sources.resolve(name);
        if (Files.isExecutable(bin) && !olderThanSources(bin, src)) return bin;
        for (Map.Entry<String, String> need : needs.entrySet()) {
            if (!Files.exists(Path.of(need.getKey()))) {
                throw new IOException(need.getValue() + " is not installed (" + need.getKey() + " is missing): "
                        + "apt-get install " + String.join(" ", packages()) + " (as .ci/run does from .ci/packages)");
            }
        }
        build(sources);
        if (!Files.isExecutable(bin)) throw new IOException("building " + binaryName + " left no " + bin);
        return bin;
    }

    private List<String> packages() {
        List<String> p = new ArrayList<>(new java.util.TreeSet<>(needs.values()));
        p.add(name.equals("gvisor") ? "golang-go" : "gcc make");
        return p;
    }

    private void build(Path sources) throws IOException {
        String tool = name.equals("gvisor") ? "go" : "cc";
        if (!onPath(tool) || !onPath("make")) {
            throw new IOException("cannot build " + binaryName + ": " + (onPath("make") ? tool : "make") + " is not on "
                    + "the PATH (apt-get install " + String.join(" ", packages()) + ")");
        }
        ProcessBuilder pb = new ProcessBuilder("make", "-s", "-C", sources.toString(), name);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("building " + binaryName + " took over 10 minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted building " + binaryName, e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("building " + binaryName + " failed (make -C " + sources + " " + name + "): "
                    + out.strip());
        }
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }

    private static boolean olderThanSources(Path bin, Path src) throws IOException {
        if (!Files.isDirectory(src)) return false;
        long built = Files.getLastModifiedTime(bin).toMillis();
        try (var files = Files.list(src)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.getLastModifiedTime(f).toMillis() > built) return true;
            }
        }
        return false;
    }

    /** {@code stack-adapters/external/drivers} of the project tree above the working directory or this jar. */
    private static Path sourceTree() {
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (Exception e) {
            // no code source: the working directory only
        }
        for (Path start : starts) {
            for (Path d = start; d != null; d = d.getParent()) {
                Path candidate = d.resolve("stack-adapters").resolve("external").resolve("drivers");
                if (Files.isRegularFile(candidate.resolve("Makefile"))) return candidate;
            }
        }
        return null;
    }
}
