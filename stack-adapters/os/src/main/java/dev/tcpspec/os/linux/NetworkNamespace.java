package dev.tcpspec.os.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace of this process's own, held by one thread: the thread calls {@code unshare(CLONE_NEWNET)}, so
 * it alone moves into a fresh namespace (Linux namespaces are per thread) while the rest of the JVM stays where it
 * was. Whatever must be created inside (sockets, the TUN device, the netlink socket, sysctl writes) is created by
 * {@link #call}ing onto that thread; a socket stays in the namespace it was created in, so other threads may use it
 * afterwards.
 *
 * <p>Nothing names the namespace in the file system, so nothing can be left behind: it disappears when its thread
 * has ended and the last descriptor created in it is closed, also when the JVM dies. Only {@code lo} exists at first,
 * and it is brought up. Needs CAP_SYS_ADMIN (root).
 *
 * <pre>{@code
 * try (NetworkNamespace ns = NetworkNamespace.create("tcpspec-wire-1")) {
 *     ns.sysctl("net/ipv4/tcp_fin_timeout", "5");          // this namespace only
 *     int fd = ns.call(() -> Libc.socket(Libc.AF_INET, Libc.SOCK_STREAM, 0));
 * }
 * }</pre>
 */
public final class NetworkNamespace implements AutoCloseable {
    private static final AtomicInteger LIVE = new AtomicInteger();

    private final String name;
    private final Thread thread;
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> started = new CompletableFuture<>();
    private volatile boolean closed;
    /** Threads that joined the namespace ({@link #enter}) and have not left it: they run {@link #call}s themselves. */
    private final java.util.Set<Thread> entered = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private NetworkNamespace(String name) {
        this.name = name;
        this.thread = new Thread(this::serve, name);
        this.thread.setDaemon(true);
    }

    /**
     * A fresh namespace held by a new thread called {@code threadName}.
     *
     * @throws IOException naming why not (EPERM without CAP_SYS_ADMIN)
     */
    public static NetworkNamespace create(String threadName) throws IOException {
        NetworkNamespace ns = new NetworkNamespace(threadName);
        ns.thread.start();
        try {
            ns.started.get();
        } catch (ExecutionException e) {
            ns.close();
            Throwable c = e.getCause();
            if (c instanceof IOException io) throw io;
            throw new IOException("cannot make a network namespace: " + c.getMessage(), c);
        } catch (InterruptedException e) {
            ns.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making a network namespace", e);
        }
        LIVE.incrementAndGet();
        return ns;
    }

    /** Namespaces made by this JVM and not yet closed (for hygiene checks). */
    public static int live() {
        return LIVE.get();
    }

    private void serve() {
        try {
            Libc.unshare(Libc.CLONE_NEWNET);
            Interfaces.up(this, "lo");
            started.complete(Libc.gettid());
        } catch (LastErrorException e) {
            started.completeExceptionally(Libc.failure("unshare(CLONE_NEWNET)", e));
            return;
        } catch (IOException | RuntimeException e) {
            started.completeExceptionally(e);
            return;
        }
        while (!closed) {
            try {
                tasks.take().run();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The thread's id, whose {@code /proc/PID/task/TID/net} shows the namespace's tables. */
    public int threadId() {
        return started.join();
    }

    /** {@code /proc/PID/task/TID/net}: the namespace's {@code tcp}, {@code tcp6}, {@code dev} ... */
    public Path procNet() {
        return Path.of("/proc", String.valueOf(Libc.getpid()), "task", String.valueOf(threadId()), "net");
    }

    /** Whether the calling thread is the namespace's own, or one that {@link #enter}ed it. */
    public boolean onThread() {
        return Thread.currentThread() == thread || entered.contains(Thread.currentThread());
    }

    /**
     * Moves the calling thread into the namespace ({@code setns}) until the returned handle is closed, which moves it
     * back where it was: what it creates meanwhile (sockets) is created inside, with no hand-off to the namespace's
     * thread. Close the handle on the same thread.
     *
     * <pre>{@code
     * try (NetworkNamespace.Entered in = ns.enter()) {
     *     int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_STREAM, 0);   // a socket of the namespace
     * }
     * }</pre>
     */
    public Entered enter() throws IOException {
        Thread me = Thread.currentThread();
        if (onThread()) return () -> { };
        int origin;
        int target;
        try {
            origin = Libc.open("/proc/thread-self/ns/net", Libc.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw Libc.failure("open(/proc/thread-self/ns/net)", e);
        }
        try {
            target = Libc.open("/proc/" + Libc.getpid() + "/task/" + threadId() + "/ns/net", Libc.O_CLOEXEC);
        } catch (LastErrorException e) {
            Libc.close(origin);
            throw Libc.failure("open(the namespace of " + name + ")", e);
        }
        try {
            Libc.setns(target, Libc.CLONE_NEWNET);
        } catch (LastErrorException e) {
            Libc.close(origin);
            throw Libc.failure("setns(" + name + ")", e);
        } finally {
            Libc.close(target);
        }
        entered.add(me);
        return () -> {
            if (Thread.currentThread() != me) {
                throw new IllegalStateException("a thread leaves a network namespace itself; " + me.getName()
                        + " entered " + name + ", " + Thread.currentThread().getName() + " tried to leave it");
            }
            entered.remove(me);
            try {
                Libc.setns(origin, Libc.CLONE_NEWNET);
            } catch (LastErrorException e) {
                throw new IllegalStateException("cannot move " + me.getName() + " back to its network namespace: "
                        + Libc.errno(e.getErrorCode()), e);
            } finally {
                Libc.close(origin);
            }
        };
    }

    /** A thread's stay in the namespace; closing it moves the thread back. */
    public interface Entered extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Runs {@code task} on the namespace's thread and returns its result; run at once when called from that thread.
     * An exception of the task is thrown here.
     */
    public <T> T call(Callable<T> task) throws IOException {
        if (onThread()) {
            try {
                return task.call();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        CompletableFuture<T> result = submit(task);
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) throw io;
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new IOException(c.getMessage(), c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the namespace's thread", e);
        }
    }

    /** Starts {@code task} on the namespace's thread; its result (or failure) completes the future. */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new IllegalStateException("the network namespace " + name + " is closed"));
            return result;
        }
        tasks.add(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /**
     * Writes {@code value} to {@code /proc/sys/KEY} from inside the namespace (e.g. {@code net/ipv4/tcp_fin_timeout}):
     * a net sysctl is per namespace, so the machine's own setting is untouched.
     */
    public void sysctl(String key, String value) throws IOException {
        if (!key.startsWith("net/")) {
            throw new IllegalArgumentException("only network sysctls are per namespace; refusing /proc/sys/" + key);
        }
        call(() -> {
            Files.writeString(Path.of("/proc/sys", key), value, StandardCharsets.US_ASCII);
            return null;
        });
    }

    /** Reads {@code /proc/sys/KEY} as the namespace sees it. */
    public String readSysctl(String key) throws IOException {
        return call(() -> Files.readString(Path.of("/proc/sys", key), StandardCharsets.US_ASCII).trim());
    }

    /** Ends the thread; the namespace goes once the descriptors made in it are closed too. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        tasks.add(() -> { });
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (started.isDone() && !started.isCompletedExceptionally()) LIVE.decrementAndGet();
    }

    @Override
    public String toString() {
        return name;
    }

    /** A zeroed {@code struct ifreq} (40 bytes) naming {@code device}. */
    static Memory ifreq(String device) {
        byte[] n = device.getBytes(StandardCharsets.US_ASCII);
        if (n.length >= 16) throw new IllegalArgumentException("interface name too long (15 at most): " + device);
        Memory m = new Memory(40);
        m.clear();
        m.write(0, n, 0, n.length);
        return m;
    }
}
