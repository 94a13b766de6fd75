package dev.tcpspec.os.place;

import dev.tcpspec.os.host.Host;
import dev.tcpspec.os.host.IpFamily;
import dev.tcpspec.os.sockets.AgentSockets;
import dev.tcpspec.os.sockets.SocketDriver;

import dev.tcpspec.dsl.Capability;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TraceEvent;
import dev.tcpspec.trace.TraceRecorder;
import dev.tcpspec.wire.Fault;
import dev.tcpspec.wire.FaultSchedule;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

/**
 * A network namespace made for one spec ({@code ip netns add tcpspec-PID-N}), with only {@code lo} in it: its
 * sockets are made by an {@link Agent} JVM living there, its tables read through {@code /proc/AGENTPID/net}, its
 * traffic captured with {@code ip netns exec}. Everything the root namespace must never get happens here: iptables
 * rules that drop chosen segments (at INPUT, so that the capture on {@code lo} still sees them leave) or black-hole a
 * crashed host, and the profile's sysctls when the spec asks for them. Deleting the namespace at the end takes its
 * TIME_WAITs, rules and sysctls with it.
 */
public final class NamespacePlace implements Place {
    private static final AtomicInteger NAMES = new AtomicInteger();
    /** Server ports of namespaced sessions: below the ephemeral range, so no 4-tuple can match a root one. */
    private static final AtomicInteger PORTS = new AtomicInteger();

    private final Host host;
    private final String name;
    private final IpFamily family;
    private final Profile profile;
    private final AgentSockets agent;
    private final int serverPort;
    private final List<Fault> lazyAcks = new ArrayList<>();
    private final List<String> ruleNames = new ArrayList<>();
    private final List<List<String>> crashRules = new ArrayList<>();
    private DropRules drops;
    private int port;

    private NamespacePlace(Host host, String name, IpFamily family, Profile profile, AgentSockets agent) {
        this.host = host;
        this.name = name;
        this.family = family;
        this.profile = profile;
        this.agent = agent;
        // even ports only: a spec's "port where nothing listens" is its server port + 1, and the kernel's state
        // tracepoint does not say which namespace a socket is in, so no other namespace may serve that port
        this.serverPort = 20000 + 2 * Math.floorMod(PORTS.getAndIncrement(), 5000);
    }

    public static NamespacePlace create(Host host, IpFamily family, SessionSettings settings) throws IOException {
        if (host.whyNoNamespaces().isPresent()) throw new IOException(host.whyNoNamespaces().get());
        removeStale(host);
        String name = "tcpspec-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
        mustRun(host, List.of(host.ip(), "netns", "add", name));
        try {
            mustRun(host, List.of(host.ip(), "-n", name, "link", "set", "lo", "up"));
            if (settings.needs().contains(Capability.PROFILE_CONTROL)) applySysctls(host, name, settings.profile());
            AgentSockets agent = AgentSockets.start(host.ip(), name, family, settings.profile());
            return new NamespacePlace(host, name, family, settings.profile(), agent);
        } catch (IOException | RuntimeException e) {
            Host.run(List.of(host.ip(), "netns", "del", name), 10_000);
            throw e;
        }
    }

    private static final java.util.concurrent.atomic.AtomicBoolean STALE_REMOVED =
            new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Once per JVM: removes the namespaces an earlier tcpspec run left when it was killed (named
     * {@code tcpspec-PID-N} after a pid that is no longer alive), ending the processes inside them by pid. Nothing
     * else is touched.
     */
    static void removeStale(Host host) {
        if (!STALE_REMOVED.compareAndSet(false, true)) return;
        for (String line : Host.output(List.of(host.ip(), "netns", "list"), 10_000).split("\n")) {
            String ns = line.split(" ")[0];
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("tcpspec-(\\d+)-\\d+").matcher(ns);
            if (!m.matches() || ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            for (String pid : Host.output(List.of(host.ip(), "netns", "pids", ns), 10_000).split("\\s+")) {
                if (pid.matches("\\d+")) ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
            Host.run(List.of(host.ip(), "netns", "del", ns), 10_000);
        }
    }

    /** The profile's policy knobs, as the namespace's own sysctls. */
    private static void applySysctls(Host host, String ns, Profile p) throws IOException {
        if (p.quietTime() != null) {
            throw new dev.tcpspec.spi.CannotPerform("Linux keeps no quiet time after a reboot (RFC 9293 §3.4.3) and "
                    + "has no sysctl to make it keep one");
        }
        List<String> cmd = new ArrayList<>(List.of(host.ip(), "netns", "exec", ns, "sysctl", "-q", "-w"));
        if (p.finWait2Timeout() != null) cmd.add("net.ipv4.tcp_fin_timeout=" + p.finWait2Timeout().toSeconds());
        cmd.add("net.ipv4.tcp_keepalive_time=" + p.keepAliveIdle().toSeconds());
        cmd.add("net.ipv4.tcp_keepalive_intvl=" + p.keepAliveInterval().toSeconds());
        cmd.add("net.ipv4.tcp_keepalive_probes=" + p.keepAliveProbes());
        cmd.add("net.ipv4.tcp_timestamps=" + (p.timestamps() ? 1 : 0));
        cmd.add("net.ipv4.tcp_tw_reuse=" + switch (p.timeWaitReuse()) {
            case OFF -> 0;
            case ON -> 1;
            case LOOPBACK_ONLY -> 2;
        });
        cmd.add("net.ipv4.tcp_rfc1337=" + (p.rfc1337() ? 1 : 0));
        cmd.add("net.ipv4.tcp_retries2=" + p.maxRetransmissions());
        cmd.add("net.ipv4.tcp_syn_retries=" + p.synRetries());
        cmd.add("net.ipv4.ip_local_port_range=" + p.ephemeralLow() + " " + p.ephemeralHigh());
        mustRun(host, cmd);
    }

    @Override
    public SocketDriver driver() {
        return agent;
    }

    @Override
    public Path netDir() {
        return agent.netDir();
    }

    @Override
    public List<String> commandPrefix() {
        return List.of(host.ip(), "netns", "exec", name);
    }

    @Override
    public int serverPort() {
        return serverPort;
    }

    @Override
    public String describe(IpFamily f) {
        return f.loopbackText() + " in netns " + name;
    }

    private String iptables() {
        return family == IpFamily.IPV4 ? host.iptables() : Path.of(host.iptables()).resolveSibling("ip6tables").toString();
    }

    @Override
    public void armFaults(FaultSchedule faults, int serverPort, TraceRecorder recorder, LongSupplier now)
            throws IOException {
        this.port = serverPort;
        if (faults.isEmpty()) return;
        if (host.iptables() == null) throw new IOException("iptables is not on the PATH");
        drops = new DropRules(faults.faults());
        // a rule counts only the packets that reach it: with later occurrences first, each sees every packet up to
        // its own, as no earlier one has been dropped ahead of it
        List<Fault> latestFirst = new ArrayList<>(faults.faults());
        latestFirst.sort((a, b) -> Integer.compare(b.occurrence(), a.occurrence()));
        for (Fault f : latestFirst) {
            if (f.kind() == SegmentKind.ACK_OF_FIN) {
                lazyAcks.add(f);   // armed just before the peer's FIN goes out: see beforeClose
            } else {
                addDropRule(f, f.occurrence());
            }
        }
        recorder.record(new TraceEvent.Note(now.getAsLong(), "os: iptables in netns " + name + " will "
                + faults.describe()));
    }

    /**
     * An ACK of a FIN is a pure ACK sent after the peer's FIN arrived; iptables cannot tell it from an earlier pure
     * ACK, so its rule is added just before a step that makes the peer send its FIN, and counts from there.
     */
    @Override
    public void beforeClose(Side closer) {
        List<Fault> latestFirst = new ArrayList<>(lazyAcks);
        latestFirst.sort((a, b) -> Integer.compare(b.occurrence(), a.occurrence()));
        for (Fault f : latestFirst) {
            if (f.from() == closer.peer()) {
                lazyAcks.remove(f);
                try {
                    addDropRule(f, f.occurrence());
                } catch (IOException e) {
                    throw new IllegalStateException("cannot arm " + f.describe() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private void addDropRule(Fault f, int occurrence) throws IOException {
        int ipHeader = family == IpFamily.IPV4 ? 20 : 40;
        int tcpHeader = profile.timestamps() ? 32 : 20;
        String doff = (ipHeader + 12) + ">>26&0x3C=" + tcpHeader;
        List<String> rule = new ArrayList<>(List.of("-p", "tcp", f.from() == Side.CLIENT ? "--dport" : "--sport",
                Integer.toString(port)));
        switch (f.kind()) {
            case SYN -> rule.addAll(List.of("--tcp-flags", "SYN,ACK,RST", "SYN"));
            case SYN_ACK -> rule.addAll(List.of("--tcp-flags", "SYN,ACK,RST", "SYN,ACK"));
            case RST -> rule.addAll(List.of("--tcp-flags", "RST", "RST"));
            case FIN -> rule.addAll(List.of("--tcp-flags", "FIN,RST", "FIN"));
            case DATA -> rule.addAll(List.of("--tcp-flags", "SYN,FIN,RST", "NONE", "-m", "u32", "--u32", doff,
                    "-m", "length", "--length", (ipHeader + tcpHeader + 1) + ":65535"));
            // a pure ACK: the ACK flag alone (data would carry PSH, or be long), with at most a full TCP header: a
            // duplicate ACK carries SACK blocks, so its header is longer than the usual 32 bytes
            case ACK, ACK_OF_FIN -> rule.addAll(List.of("--tcp-flags", "ALL", "ACK",
                    "-m", "length", "--length", ipHeader + ":" + (ipHeader + 60)));
        }
        rule.addAll(List.of("-m", "statistic", "--mode", "nth", "--every", "1000000000", "--packet",
                Integer.toString(occurrence - 1), "-j", "DROP"));
        List<String> cmd = new ArrayList<>(commandPrefix());
        cmd.addAll(List.of(iptables(), "-w", "-A", "INPUT"));
        cmd.addAll(rule);
        mustRun(host, cmd);
        ruleNames.add(f.describe());
    }

    @Override
    public DropRules drops() {
        return drops;
    }

    /** How many packets each drop rule dropped, as the kernel counted them. */
    @Override
    public List<TraceEvent> faultNotes(LongUnaryOperator toTrace) {
        if (ruleNames.isEmpty()) return List.of();
        List<String> cmd = new ArrayList<>(commandPrefix());
        cmd.addAll(List.of(iptables(), "-w", "-L", "INPUT", "-v", "-n", "-x"));
        String listing = Host.output(cmd, 10_000);
        List<Long> counts = new ArrayList<>();
        for (String line : listing.split("\n")) {
            String t = line.trim();
            if (t.contains("DROP") && t.contains("statistic")) counts.add(Long.parseLong(t.split("\\s+")[0]));
        }
        StringBuilder sb = new StringBuilder("os: iptables dropped ");
        for (int i = 0; i < ruleNames.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(i < counts.size() ? counts.get(i) : "?").append(" for '")
                    .append(ruleNames.get(i)).append('\'');
        }
        return List.of(new TraceEvent.Note(toTrace.applyAsLong(System.nanoTime()), sb.toString()));
    }

    /** Black-holes the ports of a crashed host, both ways: nothing it sends leaves, nothing reaches it. */
    public void blackHole(List<Integer> ports) {
        for (int p : ports) {
            for (String chain : List.of("INPUT", "OUTPUT")) {
                String dir = chain.equals("INPUT") ? "--dport" : "--sport";
                List<String> rule = List.of(chain, "-p", "tcp", dir, Integer.toString(p), "-j", "DROP");
                List<String> cmd = new ArrayList<>(commandPrefix());
                cmd.addAll(List.of(iptables(), "-w", "-I"));
                cmd.addAll(rule);
                try {
                    mustRun(host, cmd);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot black-hole the crashed host: " + e.getMessage(), e);
                }
                crashRules.add(rule);
            }
        }
    }

    /** Lifts the black hole of a crashed host. */
    public void lift() {
        for (List<String> rule : crashRules) {
            List<String> cmd = new ArrayList<>(commandPrefix());
            cmd.addAll(List.of(iptables(), "-w", "-D"));
            cmd.addAll(rule);
            try {
                mustRun(host, cmd);
            } catch (IOException e) {
                throw new IllegalStateException("cannot lift the black hole: " + e.getMessage(), e);
            }
        }
        crashRules.clear();
    }

    @Override
    public void close() {
        try {
            agent.close();
        } finally {
            int status = Host.run(List.of(host.ip(), "netns", "del", name), 10_000);
            if (status != 0) throw new IllegalStateException("could not delete network namespace " + name);
        }
    }

    private static void mustRun(Host host, List<String> cmd) throws IOException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String said;
            try (InputStream in = p.getInputStream()) {
                said = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish within 10 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + said);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + cmd, e);
        }
    }
}
