package dev.tcpspec.external;


import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A driver program and its control channel: requests one per line on its stdin ({@code ID VERB ARGS...}), replies
 * one per line on its stdout ({@code ID ok ...} or {@code ID err ENAME ...}), matched by id, so a reply may come
 * late (a lingering close()) while other requests are answered. A reader thread takes the replies; the last lines
 * the driver wrote on stderr are kept for messages.
 *
 * <pre>{@code
 * try (DriverProcess d = DriverProcess.start(List.of("/path/lwip-driver", "--link", "x", ...), "lwip")) {
 *     DriverProcess.Reply r = d.call("hello");   // ok lwip 2.1.3
 * }
 * }</pre>
 */
final class DriverProcess implements AutoCloseable {
    /** How long a request that should be answered at once may take before the driver is called hung. */
    static final long REPLY_TIMEOUT_MILLIS = 20_000;

    /** A reply: ok or not, and the words after {@code ok} or {@code err}. */
    record Reply(boolean ok, List<String> words) {
        String word(int i) {
            return i < words.size() ? words.get(i) : "";
        }

        /** The error's name, e.g. {@code ECONNRESET}, for a reply that is not ok. */
        String error() {
            return ok ? null : word(0);
        }
    }

    private final String name;
    private final Process process;
    private final BufferedWriter in;
    private final Map<Long, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Thread replies;
    private final Thread errors;
    private volatile boolean closing;

    private DriverProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII),
                1 << 17);
        this.replies = new Thread(this::readReplies, "tcpspec-" + name + "-replies-" + process.pid());
        this.errors = new Thread(this::readErrors, "tcpspec-" + name + "-stderr-" + process.pid());
        replies.setDaemon(true);
        errors.setDaemon(true);
        replies.start();
        errors.start();
    }

    /** Starts {@code command}; {@code name} names the driver in messages and threads. */
    static DriverProcess start(List<String> command, String name) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.redirectOutput(ProcessBuilder.Redirect.PIPE);
        pb.redirectError(ProcessBuilder.Redirect.PIPE);
        return new DriverProcess(name, pb.start());
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Sends a request; its reply completes the future. */
    CompletableFuture<Reply> send(String verb, Object... args) {
        long id = ids.incrementAndGet();
        CompletableFuture<Reply> f = new CompletableFuture<>();
        pending.put(id, f);
        StringBuilder line = new StringBuilder().append(id).append(' ').append(verb);
        for (Object a : args) line.append(' ').append(a);
        line.append('\n');
        try {
            synchronized (in) {
                in.write(line.toString());
                in.flush();
            }
        } catch (IOException e) {
            pending.remove(id);
            throw new IllegalStateException("the " + name + " driver (pid " + process.pid() + ") took no request: "
                    + e.getMessage() + diagnostics(), e);
        }
        return f;
    }

    /** Sends a request and waits for its reply. */
    Reply call(String verb, Object... args) {
        CompletableFuture<Reply> f = send(verb, args);
        try {
            return f.get(REPLY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the " + name + " driver", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the " + name + " driver (pid " + process.pid() + ") did not answer '"
                    + verb + "' within " + REPLY_TIMEOUT_MILLIS / 1000 + " s" + diagnostics());
        }
    }

    private void readReplies() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.US_ASCII), 1 << 17)) {
            String line;
            while ((line = out.readLine()) != null) {
                String[] w = line.split(" ");
                long id;
                try {
                    if (w.length < 2) throw new NumberFormatException();
                    id = Long.parseLong(w[0]);
                } catch (NumberFormatException e) {
                    // not a reply: the stack printed something (lwIP's LWIP_PLATFORM_ASSERT prints to stdout)
                    synchronized (stderrTail) {
                        stderrTail.addLast("stdout: " + line);
                        if (stderrTail.size() > 20) stderrTail.removeFirst();
                    }
                    continue;
                }
                CompletableFuture<Reply> f = pending.remove(id);
                if (f != null) f.complete(new Reply(w[1].equals("ok"), List.of(Arrays.copyOfRange(w, 2, w.length))));
            }
        } catch (IOException e) {
            // the driver is gone: fail what waits below
        }
        if (!closing) {
            try {
                errors.join(1_000);   // its last words on stderr
                process.waitFor(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String why = "the " + name + " driver (pid " + process.pid() + ") exited" + (closing ? "" : diagnostics());
        for (CompletableFuture<Reply> f : pending.values()) f.completeExceptionally(new IllegalStateException(why));
        pending.clear();
    }

    private void readErrors() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                synchronized (stderrTail) {
                    stderrTail.addLast(line);
                    if (stderrTail.size() > 20) stderrTail.removeFirst();
                }
            }
        } catch (IOException e) {
            // gone
        }
    }

    /** The exit status (if it exited) and the last lines the driver wrote on stderr, for a message. */
    String diagnostics() {
        StringBuilder sb = new StringBuilder();
        if (!process.isAlive()) sb.append("; exit status ").append(process.exitValue());
        synchronized (stderrTail) {
            if (!stderrTail.isEmpty()) sb.append("; its stderr: ").append(String.join(" | ", stderrTail));
        }
        return sb.toString();
    }

    /** Asks the driver to quit, then ends it (by its pid) if it has not within a second. */
    @Override
    public void close() {
        closing = true;
        if (process.isAlive()) {
            try {
                send("quit");
            } catch (IllegalStateException | UncheckedIOException e) {
                // already leaving
            }
            try {
                synchronized (in) {
                    in.close();
                }
            } catch (IOException e) {
                // gone
            }
            try {
                if (!process.waitFor(1, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            replies.join(2_000);
            errors.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
