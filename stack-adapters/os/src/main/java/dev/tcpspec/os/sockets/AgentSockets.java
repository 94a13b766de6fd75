package dev.tcpspec.os.sockets;

import dev.tcpspec.os.host.IpFamily;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.SocketOptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The socket calls of a namespaced session, made by an {@link Agent} JVM started inside the namespace. Calls are
 * synchronous, one line out and one line back, as the scenario makes them one at a time.
 */
public final class AgentSockets implements SocketDriver {
    private final Process process;
    private final java.util.concurrent.locks.ReentrantLock calls = new java.util.concurrent.locks.ReentrantLock();
    private final PrintStream to;
    private final BufferedReader from;

    private AgentSockets(Process process) {
        this.process = process;
        this.to = new PrintStream(process.getOutputStream(), false, StandardCharsets.US_ASCII);
        this.from = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    }

    /** Starts an agent in namespace {@code ns}, with the profile's keepalive defaults. */
    public static AgentSockets start(String ip, String ns, IpFamily family, Profile profile) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ip, "netns", "exec", ns, javaCommand(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx48m", "-Xss512k",
                "-XX:-UsePerfData", "-Xlog:disable", "-Xlog:all=error:stderr",
                "-cp", classPath(), Agent.class.getName(), family.label(),
                Long.toString(profile.keepAliveIdle().toSeconds()), Long.toString(profile.keepAliveInterval().toSeconds()),
                Integer.toString(profile.keepAliveProbes())));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        AgentSockets a = new AgentSockets(p);
        StringBuilder said = new StringBuilder();
        for (String line = a.from.readLine(); line != null; line = a.from.readLine()) {
            if (line.equals("READY")) return a;
            if (said.length() < 2000) said.append(line).append('\n');   // a JVM warning on stdout: not ours
        }
        a.close();
        throw new IOException("the namespace agent did not start: " + cmd + " said " + said);
    }

    /** The agent's pid: its /proc/PID/net shows the namespace's tables. */
    long pid() {
        return process.pid();
    }

    public Path netDir() {
        return Path.of("/proc", Long.toString(process.pid()), "net");
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Where this module's and the DSL's classes come from: the tcpspec jar, or the build's class directories. */
    private static String classPath() {
        Set<String> parts = new LinkedHashSet<>();
        for (Class<?> c : List.of(Agent.class, SocketOptions.class)) {
            try {
                parts.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (Exception e) {
                throw new IllegalStateException("cannot tell where " + c.getName() + " was loaded from", e);
            }
        }
        return String.join(java.io.File.pathSeparator, parts);
    }

    private Reply call(String request) {
        calls.lock();
        try {
            to.println(request);
            to.flush();
            String line = from.readLine();
            if (line == null) throw new IllegalStateException("the namespace agent (pid " + pid() + ") has gone");
            return Agent.decode(line);
        } catch (IOException e) {
            throw new UncheckedIOException("lost the namespace agent (pid " + pid() + ")", e);
        } finally {
            calls.unlock();
        }
    }

    @Override
    public Reply listen(int port, SocketOptions options) {
        return call("listen " + port + " " + Agent.options(options));
    }

    @Override
    public Reply connect(int remotePort, SocketOptions options, long timeoutNanos) {
        return call("connect " + remotePort + " " + timeoutNanos + " " + Agent.options(options));
    }

    @Override
    public Reply finishConnect(int handle, long timeoutNanos) {
        return call("finish " + handle + " " + timeoutNanos);
    }

    @Override
    public Reply accept(int handle, long timeoutNanos) {
        return call("accept " + handle + " " + timeoutNanos);
    }

    @Override
    public Reply read(int handle, int maxBytes, long timeoutNanos) {
        return call("read " + handle + " " + maxBytes + " " + timeoutNanos);
    }

    @Override
    public Reply write(int handle, byte[] data) {
        return call("write " + handle + " " + Base64.getEncoder().encodeToString(data));
    }

    @Override
    public Reply close(int handle) {
        return call("close " + handle);
    }

    @Override
    public Reply abort(int handle) {
        return call("abort " + handle);
    }

    @Override
    public Reply shutdownOutput(int handle) {
        return call("shutout " + handle);
    }

    @Override
    public Reply shutdownInput(int handle) {
        return call("shutin " + handle);
    }

    /**
     * Asks the agent to quit (it aborts its sockets), and ends it by its pid if it does not, or at once if a call is
     * still blocked in it (a spec abandoned as hung).
     */
    @Override
    public void close() {
        if (calls.tryLock()) {
            try {
                to.println("quit");
                to.flush();
            } catch (RuntimeException ignored) {
                // the agent may be gone already
            } finally {
                calls.unlock();
            }
        } else {
            process.destroyForcibly();
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
