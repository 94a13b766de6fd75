package dev.tcpspec.os.sockets;

import dev.tcpspec.os.host.IpFamily;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.trace.AppOutcome;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A small JVM that makes socket calls on request, started inside a network namespace with
 * {@code ip netns exec NS java ... dev.tcpspec.os.sockets.Agent FAMILY IDLE INTERVAL PROBES}: a Java 17 thread cannot enter
 * another namespace (setns per thread needs JDK 22's FFM), so the sockets of a namespaced session are made by this
 * process, which lives in the namespace from birth. One request per line on stdin, one reply per line on stdout
 * ({@link #encode(Reply)}); it ends, closing every socket with SO_LINGER 0, on {@code quit} or at end of input.
 */
public final class Agent {
    private Agent() {
    }

    public static void main(String[] args) throws IOException {
        Profile profile = Profile.builder("agent").basedOn(Profile.linux())
                .keepAliveIdle(Duration.ofSeconds(Long.parseLong(args[1])))
                .keepAliveInterval(Duration.ofSeconds(Long.parseLong(args[2])))
                .keepAliveProbes(Integer.parseInt(args[3])).build();
        watchParent();
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
        try (NioSockets sockets = new NioSockets(IpFamily.byLabel(args[0]), profile);
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
            out.println("READY");
            out.flush();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("quit")) break;
                String reply;
                try {
                    reply = encode(execute(sockets, line.split(" ")));
                } catch (RuntimeException e) {
                    reply = "ERROR " + Base64.getEncoder().encodeToString(String.valueOf(e).getBytes(StandardCharsets.UTF_8));
                }
                out.println(reply);
                out.flush();
            }
        }
    }

    /**
     * Ends the agent if the JVM that started it dies, even while a socket call blocks: its sockets die with it, and
     * its namespace is removed by that JVM's next run or by whoever cleans up.
     */
    private static void watchParent() {
        ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        if (parent == null) return;
        Thread t = new Thread(() -> {
            while (parent.isAlive()) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watch");
        t.setDaemon(true);
        t.start();
    }

    static Reply execute(NioSockets s, String[] r) {
        return switch (r[0]) {
            case "listen" -> s.listen(Integer.parseInt(r[1]), options(r[2]));
            case "connect" -> s.connect(Integer.parseInt(r[1]), options(r[3]), Long.parseLong(r[2]));
            case "accept" -> s.accept(Integer.parseInt(r[1]), Long.parseLong(r[2]));
            case "finish" -> s.finishConnect(Integer.parseInt(r[1]), Long.parseLong(r[2]));
            case "read" -> s.read(Integer.parseInt(r[1]), Integer.parseInt(r[2]), Long.parseLong(r[3]));
            case "write" -> s.write(Integer.parseInt(r[1]), Base64.getDecoder().decode(r.length > 2 ? r[2] : ""));
            case "close" -> s.close(Integer.parseInt(r[1]));
            case "shutout" -> s.shutdownOutput(Integer.parseInt(r[1]));
            case "shutin" -> s.shutdownInput(Integer.parseInt(r[1]));
            case "abort" -> s.abort(Integer.parseInt(r[1]));
            default -> throw new IllegalArgumentException("unknown request '" + r[0] + "'");
        };
    }

    /** A reply as one line: outcome, handle, ports, bytes, blocked nanos, data in base64 ("-" for none). */
    static String encode(Reply r) {
        return r.outcome().name() + " " + r.handle() + " " + r.localPort() + " " + r.remotePort() + " " + r.bytes()
                + " " + r.blockedNanos() + " "
                + (r.data().length == 0 ? "-" : Base64.getEncoder().encodeToString(r.data()));
    }

    static Reply decode(String line) {
        if (line.startsWith("ERROR ")) {
            throw new IllegalStateException("the namespace agent failed: "
                    + new String(Base64.getDecoder().decode(line.substring(6)), StandardCharsets.UTF_8));
        }
        String[] f = line.split(" ");
        if (f.length != 7) throw new IllegalStateException("the namespace agent said something unexpected: " + line);
        byte[] data = f[6].equals("-") ? new byte[0] : Base64.getDecoder().decode(f[6]);
        return new Reply(AppOutcome.valueOf(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                Integer.parseInt(f[3]), data, Integer.parseInt(f[4]), Long.parseLong(f[5]));
    }

    /** Socket options as one word: nine comma-separated fields, "-" for a value left to the stack. */
    static String options(SocketOptions o) {
        List<String> f = new ArrayList<>();
        f.add(o.lingerSeconds() == null ? "-" : o.lingerSeconds().toString());
        f.add(Boolean.toString(o.keepAlive()));
        f.add(o.keepAliveIdle() == null ? "-" : Long.toString(o.keepAliveIdle().toSeconds()));
        f.add(o.keepAliveInterval() == null ? "-" : Long.toString(o.keepAliveInterval().toSeconds()));
        f.add(o.keepAliveProbes() == null ? "-" : o.keepAliveProbes().toString());
        f.add(o.reuseAddress() == null ? "-" : o.reuseAddress().toString());
        f.add(o.receiveBuffer() == null ? "-" : o.receiveBuffer().toString());
        f.add(o.sendBuffer() == null ? "-" : o.sendBuffer().toString());
        f.add(Integer.toString(o.localPort()));
        return String.join(",", f);
    }

    static SocketOptions options(String word) {
        String[] f = word.split(",", -1);
        return new SocketOptions(f[0].equals("-") ? null : Integer.valueOf(f[0]), Boolean.parseBoolean(f[1]),
                f[2].equals("-") ? null : Duration.ofSeconds(Long.parseLong(f[2])),
                f[3].equals("-") ? null : Duration.ofSeconds(Long.parseLong(f[3])),
                f[4].equals("-") ? null : Integer.valueOf(f[4]),
                f[5].equals("-") ? null : Boolean.valueOf(f[5]),
                f[6].equals("-") ? null : Integer.valueOf(f[6]),
                f[7].equals("-") ? null : Integer.valueOf(f[7]), null, Integer.parseInt(f[8]));
    }
}
