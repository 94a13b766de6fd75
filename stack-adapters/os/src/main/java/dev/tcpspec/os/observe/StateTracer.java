package dev.tcpspec.os.observe;

import dev.tcpspec.os.host.Host;

import dev.tcpspec.trace.TcpState;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every TCP state transition of the machine, from the kernel's {@code sock:inet_sock_set_state} tracepoint: the
 * only way to see a state that lasts microseconds, such as LAST_ACK on loopback, which a sample of /proc never
 * catches. Needs root.
 *
 * <p>How, without touching anything the machine shares: a small shell process started with {@code unshare -m}
 * mounts tracefs in a mount namespace of its own (so the machine's mount table is unchanged), makes a trace instance
 * of its own ({@code instances/tcpspec-PID}, so the global trace buffer is untouched), sets that instance's clock to
 * CLOCK_MONOTONIC (the clock of {@link System#nanoTime()}), enables the one event for TCP, and streams
 * {@code trace_pipe}. When the last session leaves, the process is ended by its pid and removes its instance; an
 * instance left by a process that died is removed by the next tracer. One tracer serves every session of the JVM;
 * events are handed to sessions by port.
 */
public final class StateTracer {
    private static final Pattern EVENT = Pattern.compile(
            "\\s(\\d+)\\.(\\d{6}): inet_sock_set_state: .*?sport=(\\d+) dport=(\\d+) .*?oldstate=(TCP_\\w+) newstate=(TCP_\\w+)");

    static final String SCRIPT = String.join("\n",
            "set -e",
            "T=/sys/kernel/tracing",
            "[ -d \"$T/events\" ] || mount -t tracefs nodev \"$T\"",
            "for d in \"$T\"/instances/tcpspec-*; do",
            "  [ -d \"$d\" ] || continue",
            "  [ -d \"/proc/${d##*-}\" ] && continue",
            "  echo 0 > \"$d/events/sock/inet_sock_set_state/enable\" || true; rmdir \"$d\" || true",
            "done",
            "I=\"$T/instances/tcpspec-$$\"",
            "mkdir \"$I\"",
            "CAT=",
            "cleanup() { if [ -n \"$CAT\" ]; then kill \"$CAT\" 2>/dev/null || true; wait \"$CAT\" 2>/dev/null || true; fi;"
                    + " echo 0 > \"$I/events/sock/inet_sock_set_state/enable\" || true; rmdir \"$I\" || true; }",
            "trap 'cleanup; exit 0' TERM INT HUP",
            "echo mono > \"$I/trace_clock\"",
            "echo 'protocol == 6' > \"$I/events/sock/inet_sock_set_state/filter\"",
            "echo 1 > \"$I/events/sock/inet_sock_set_state/enable\"",
            "cat \"$I/trace_pipe\" &",
            "CAT=$!",
            "echo READY",
            "wait \"$CAT\" || true",
            "cleanup");

    private static final Object LOCK = new Object();
    private static StateTracer running;
    private static int users;

    private final Process process;
    private final Thread reader;
    private final List<Observations> watchers = new CopyOnWriteArrayList<>();
    private final Object seen = new Object();
    private int lastMarker;

    private StateTracer(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "tcpspec-tracer");
        this.reader.setDaemon(true);
    }

    /** Starts feeding {@code obs} the transitions of its sockets, starting the tracer if it is not running. */
    public static ProcPoller.Subscription watch(Host host, Observations obs) throws IOException {
        StateTracer t;
        synchronized (LOCK) {
            if (running == null) running = start(host);
            users++;
            t = running;
            t.watchers.add(obs);
        }
        StateTracer tracer = t;
        return () -> tracer.leave(obs);
    }

    private static StateTracer start(Host host) throws IOException {
        Process p = new ProcessBuilder(host.unshare(), "-m", "--propagation", "private", "sh", "-c", SCRIPT)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        StateTracer t = new StateTracer(p);
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        String first = in.readLine();
        if (!"READY".equals(first)) {
            p.destroy();
            throw new IOException("the kernel state tracer did not start (said " + first + ")");
        }
        t.in = in;
        t.reader.start();
        return t;
    }

    private BufferedReader in;

    private void leave(Observations obs) {
        watchers.remove(obs);
        synchronized (LOCK) {
            if (--users > 0) return;
            running = null;
        }
        process.destroy();   // SIGTERM to our own helper, by its pid: it removes its trace instance
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Returns once every transition that happened before the call has been handed out: it opens and closes a
     * listener of its own and waits for the tracepoint to report it.
     */
    public void flush() {
        synchronized (LOCK) {
            if (running != this) return;
        }
        int port;
        try (ServerSocketChannel marker = ServerSocketChannel.open()) {
            marker.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = ((InetSocketAddress) marker.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a marker socket to flush the tracer: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        synchronized (seen) {
            while (lastMarker != port && System.nanoTime() < deadline) {
                try {
                    seen.wait(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The tracer serving the sessions now, or null. */
    public static StateTracer current() {
        synchronized (LOCK) {
            return running;
        }
    }

    private void read() {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                Matcher m = EVENT.matcher(line);
                if (!m.find()) continue;
                long raw = Long.parseLong(m.group(1)) * 1_000_000_000L + Long.parseLong(m.group(2)) * 1000L;
                int sport = Integer.parseInt(m.group(3));
                int dport = Integer.parseInt(m.group(4));
                TcpState from = state(m.group(5));
                TcpState to = state(m.group(6));
                if (dport == 0 && to == TcpState.CLOSED && from == TcpState.LISTEN) {
                    synchronized (seen) {
                        lastMarker = sport;
                        seen.notifyAll();
                    }
                }
                Observations.Transition t = new Observations.Transition(raw, sport, dport, from, to);
                for (Observations o : watchers) o.transition(t);
            }
        } catch (IOException e) {
            // the helper ended: no more events
        }
    }

    static TcpState state(String name) {
        return switch (name) {
            case "TCP_ESTABLISHED" -> TcpState.ESTABLISHED;
            case "TCP_SYN_SENT" -> TcpState.SYN_SENT;
            case "TCP_SYN_RECV", "TCP_NEW_SYN_RECV" -> TcpState.SYN_RECEIVED;
            case "TCP_FIN_WAIT1" -> TcpState.FIN_WAIT_1;
            case "TCP_FIN_WAIT2" -> TcpState.FIN_WAIT_2;
            case "TCP_TIME_WAIT" -> TcpState.TIME_WAIT;
            case "TCP_CLOSE" -> TcpState.CLOSED;
            case "TCP_CLOSE_WAIT" -> TcpState.CLOSE_WAIT;
            case "TCP_LAST_ACK" -> TcpState.LAST_ACK;
            case "TCP_LISTEN" -> TcpState.LISTEN;
            case "TCP_CLOSING" -> TcpState.CLOSING;
            default -> throw new IllegalArgumentException("unknown TCP state in the tracepoint: " + name);
        };
    }
}
