package dev.tcpspec.os.observe;

import dev.tcpspec.trace.Pcap;
import dev.tcpspec.os.host.Host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A packet capture of one session's traffic on a loopback interface: {@code tcpdump -U --immediate-mode -w -} (or
 * {@code dumpcap -P -w -}) filtered on the server's port, read as pcap while it runs. Without
 * {@code --immediate-mode} libpcap would hold packets back for up to a second and lose them when stopped (LINUX.md
 * §8). The capture is started before the traffic it must see (it waits for the tool to say it is listening) and
 * stopped, by its pid, once the scenario is over.
 */
public final class PacketCapture implements AutoCloseable {
    private final Process process;
    private final Thread reader;
    private volatile List<Pcap.Packet> packets = List.of();
    private volatile IOException failure;

    private PacketCapture(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "tcpspec-capture");
        this.reader.setDaemon(true);
    }

    /**
     * Starts capturing the traffic a pcap {@code filter} selects (e.g. {@code tcp port 37000}) on {@code lo}, in the
     * namespace the command prefix enters (empty for this one).
     */
    public static PacketCapture start(Host host, List<String> prefix, String filter) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        String ready;
        if (host.tcpdump() != null) {
            cmd.addAll(List.of(host.tcpdump(), "-i", "lo", "-n", "-s", "0", "-U", "--immediate-mode", "-w", "-",
                    filter));
            ready = "listening on";
        } else {
            cmd.addAll(List.of(host.dumpcap(), "-i", "lo", "-P", "-q", "-w", "-", "-f", filter));
            ready = "Capturing on";
        }
        Process p = new ProcessBuilder(cmd).start();
        PacketCapture c = new PacketCapture(p);
        c.reader.start();
        CountDownLatch listening = new CountDownLatch(1);
        StringBuilder said = new StringBuilder();
        Thread err = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (said) {
                        said.append(line).append('\n');
                    }
                    if (line.contains(ready)) listening.countDown();
                }
            } catch (IOException ignored) {
                // the capture ended
            }
        }, "tcpspec-capture-stderr");
        err.setDaemon(true);
        err.start();
        try {
            if (!listening.await(10, TimeUnit.SECONDS)) {
                c.close();
                synchronized (said) {
                    throw new IOException("the packet capture did not start within 10 s: " + cmd + " said: " + said);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.close();
            throw new IOException("interrupted while starting the packet capture", e);
        }
        return c;
    }

    private void read() {
        try {
            packets = Pcap.read(process.getInputStream());
        } catch (IOException e) {
            failure = e;
        }
    }

    /** Stops the capture (SIGTERM to its pid, which flushes it) and returns every packet it saw. */
    public List<Pcap.Packet> stop() throws IOException {
        close();
        if (failure != null) throw failure;
        return packets;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
            }
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
