package dev.tcpspec.os.host;


import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What this machine offers the {@code os} adapter, found out once when the adapter is made: a readable
 * {@code /proc/net/tcp}, the process's privileges (effective uid and capabilities from {@code /proc/self/status}), and
 * the tools it can run (tcpdump or dumpcap, ip, iptables, unshare), plus whether the kernel's
 * {@code sock:inet_sock_set_state} tracepoint can be read.
 *
 * @param procNet     the {@code net} directory of /proc for this process's namespace, or null if unreadable
 * @param uid         effective user id
 * @param netAdmin    whether the process has CAP_NET_ADMIN (namespaces' sysctls, iptables)
 * @param netRaw      whether the process has CAP_NET_RAW (packet capture)
 * @param sysAdmin    whether the process has CAP_SYS_ADMIN (creating namespaces, mounting tracefs)
 * @param tcpdump     path of tcpdump, or null
 * @param dumpcap     path of dumpcap, or null
 * @param ip          path of ip (iproute2), or null
 * @param iptables    path of iptables, or null
 * @param unshare     path of unshare (util-linux), or null
 * @param tracepoint  why the state tracepoint cannot be used, or null when it can
 */
public record Host(Path procNet, int uid, boolean netAdmin, boolean netRaw, boolean sysAdmin, String tcpdump, String dumpcap,
            String ip, String iptables, String unshare, String tracepoint) {

    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_NET_RAW = 13;
    private static final int CAP_SYS_ADMIN = 21;

    /** Looks at this machine. */
    public static Host detect() {
        Path net = Path.of("/proc/self/net");
        Path procNet = Files.isReadable(net.resolve("tcp")) || Files.isReadable(net.resolve("tcp6")) ? net : null;
        int uid = -1;
        long caps = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Uid:")) uid = Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                if (line.startsWith("CapEff:")) caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
            }
        } catch (IOException | RuntimeException e) {
            // no /proc/self/status: no privileges we can vouch for
        }
        boolean sysAdmin = (caps & (1L << CAP_SYS_ADMIN)) != 0;
        String unshare = which("unshare");
        Host partial = new Host(procNet, uid, (caps & (1L << CAP_NET_ADMIN)) != 0, (caps & (1L << CAP_NET_RAW)) != 0,
                sysAdmin, which("tcpdump"), which("dumpcap"), which("ip"), which("iptables"), unshare, null);
        return new Host(procNet, uid, partial.netAdmin, partial.netRaw, sysAdmin, partial.tcpdump, partial.dumpcap,
                partial.ip, partial.iptables, unshare, whyNoTracepoint(partial));
    }

    /**
     * Why the kernel's {@code sock:inet_sock_set_state} tracepoint (read by the observer's StateTracer) cannot be read
     * on this host, or null when it can.
     */
    private static String whyNoTracepoint(Host host) {
        if (!host.sysAdmin()) {
            return (host.root() ? "" : "not root: ") + "reading the kernel's sock:inet_sock_set_state tracepoint "
                    + "needs CAP_SYS_ADMIN (tracefs)";
        }
        if (host.unshare() == null) return "unshare (util-linux) is not on the PATH, so tracefs cannot be mounted privately";
        int status = run(List.of(host.unshare(), "-m", "--propagation", "private", "sh", "-c",
                "T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T; "
                        + "test -d $T/events/sock/inet_sock_set_state"), 5000);
        return status == 0 ? null
                : "the kernel offers no sock:inet_sock_set_state tracepoint (tracefs could not be mounted or lacks it)";
    }

    public boolean root() {
        return uid == 0;
    }

    /** Why packet capture is impossible, or empty. */
    public Optional<String> whyNoCapture() {
        if (tcpdump == null && dumpcap == null) {
            return Optional.of("no packet capture: neither tcpdump nor dumpcap is on the PATH (install tcpdump)");
        }
        if (!netRaw) {
            return Optional.of("no packet capture: " + (root() ? "" : "not root, ") + (tcpdump != null ? "tcpdump" : "dumpcap")
                    + " needs CAP_NET_RAW");
        }
        return Optional.empty();
    }

    /** Why the adapter cannot make network namespaces of its own, or empty. */
    public Optional<String> whyNoNamespaces() {
        if (ip == null) return Optional.of("no network namespaces: 'ip' (iproute2) is not on the PATH");
        if (!sysAdmin || !netAdmin) {
            return Optional.of("no network namespaces: " + (root() ? "" : "not root, ")
                    + "'ip netns add' needs CAP_SYS_ADMIN and CAP_NET_ADMIN");
        }
        return Optional.empty();
    }

    /** Why the adapter cannot drop chosen segments, or empty. */
    public Optional<String> whyNoDrops() {
        Optional<String> ns = whyNoNamespaces();
        if (ns.isPresent()) {
            return Optional.of(ns.get().replace("no network namespaces: ", "")
                    + "; iptables rules go only into a namespace of the run's own, never the root namespace");
        }
        if (iptables == null) return Optional.of("iptables is not on the PATH (install iptables)");
        return Optional.empty();
    }

    /** A program on the PATH, or in the sbin directories an unprivileged PATH often lacks. */
    public static String which(String program) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) dirs.addAll(List.of(path.split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String d : dirs) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, program);
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }

    /** Runs a command to completion (bounded) and returns what it printed, or an empty string if it failed. */
    public static String output(List<String> command, long timeoutMillis) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out;
            try (var in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Runs a command to completion (bounded), returning its exit status, or -1 if it could not run or hung. */
    public static int run(List<String> command, long timeoutMillis) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(1, TimeUnit.SECONDS);
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
