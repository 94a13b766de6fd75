package dev.tcpspec.os.observe;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Samples one TCP table ({@code /proc/.../net/tcp} or {@code tcp6}) every {@link #INTERVAL_MILLIS} ms on one daemon
 * thread, for every session that watches it: parallel sessions in the root namespace share one reader. A scan is not
 * cheap: the kernel walks its whole established hash table for it (262,144 buckets on this 24 GB machine, 5-7 ms
 * of system time per file, in any namespace), so sessions sample in the background only this often, and otherwise
 * once right after each socket call, which is when most states change. The thread ends when the last session leaves.
 *
 * <pre>{@code
 * ProcPoller.Subscription s = ProcPoller.watch(Path.of("/proc/self/net/tcp"), observations);
 * ...
 * s.close();
 * }</pre>
 */
public final class ProcPoller {
    /** Time between two background samples; steps also take a sample of their own as they return. */
    public static final long INTERVAL_MILLIS = 100;

    private static final Map<Path, ProcPoller> POLLERS = new HashMap<>();

    private final Path table;
    private final List<Observations> watchers = new CopyOnWriteArrayList<>();
    private Thread thread;

    private ProcPoller(Path table) {
        this.table = table;
    }

    /** A handle on a watch; closing it stops the samples for that session. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** Starts feeding {@code obs} samples of {@code table} (e.g. {@code /proc/self/net/tcp}). */
    public static Subscription watch(Path table, Observations obs) {
        ProcPoller p;
        synchronized (POLLERS) {
            p = POLLERS.computeIfAbsent(table, ProcPoller::new);
            p.watchers.add(obs);
            if (p.thread == null) {
                p.thread = new Thread(p::run, "tcpspec-proc " + table);
                p.thread.setDaemon(true);
                p.thread.start();
            }
        }
        ProcPoller poller = p;
        return () -> poller.leave(obs);
    }

    /**
     * Takes a sample of {@code table} for one session now, on the calling thread. A sample is dated when the read
     * ends: what it shows was so by then (the kernel's walk of its tables takes milliseconds), so a state is never
     * dated before it began.
     */
    public static void sampleNow(Path table, Observations obs) {
        long start = System.nanoTime();
        List<SocketRow> rows = ProcNetTcp.read(table, obs::concernsPort);
        obs.sample(start, System.nanoTime(), rows);
    }

    private void leave(Observations obs) {
        Thread stopping = null;
        synchronized (POLLERS) {
            watchers.remove(obs);
            if (watchers.isEmpty()) {
                stopping = thread;
                thread = null;
                POLLERS.remove(table);
            }
        }
        if (stopping != null) {
            stopping.interrupt();
            try {
                stopping.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            List<Observations> now = List.copyOf(watchers);
            if (!now.isEmpty()) {
                try {
                    long start = System.nanoTime();
                    List<SocketRow> rows = ProcNetTcp.read(table, port -> {
                        for (Observations o : now) {
                            if (o.concernsPort(port)) return true;
                        }
                        return false;
                    });
                    long end = System.nanoTime();   // dated when the read ends: see sampleNow
                    for (Observations o : now) o.sample(start, end, rows);
                } catch (RuntimeException e) {
                    // the namespace went away under a session being torn down: its sessions are leaving
                }
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
