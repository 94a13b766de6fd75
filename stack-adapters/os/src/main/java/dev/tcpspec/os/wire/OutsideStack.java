package dev.tcpspec.os.wire;

import dev.tcpspec.os.linux.KernelSockets;
import dev.tcpspec.os.linux.SockDiag;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.dsl.SocketOptions;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * The TCP stack at the outside end of the packet wire, as the wire's session core sees it: how its packets cross
 * ({@link PacketLink}), how its application calls are made ({@link Sockets}), how its connections' states are looked
 * up ({@link StateLookup}) and, for a stack whose clock tcpspec can move, how time is skipped ({@link ClockControl}).
 * The session core ({@link PacketWire}) does the rest the same way for every stack: lock-step settling, the
 * reference stack as the peer, faults, crafted segments, observation, the wait policy, placements as client and
 * server.
 *
 * <p>Two kinds exist: this machine's kernel (sockets in a network namespace, a TUN device, sock_diag; its clock
 * cannot be moved) and an external process that runs a user-space stack and speaks tcpspec's driver protocol
 * (module {@code tcpspec-external}: lwIP, gVisor's netstack).
 *
 * <pre>{@code
 * OutsideStack lwip = ...;   // a driver process and its packet socket
 * try (StackSession s = PacketWire.open(lwip, Side.CLIENT, WireStack.Addresses.of(IpFamily.IPV4), settings, true)) {
 *     ...
 * }
 * }</pre>
 */
public interface OutsideStack extends AutoCloseable {
    /** What the trace calls it: {@code the kernel}, {@code lwIP 2.1.3}. */
    String describe();

    PacketLink link();

    Sockets sockets();

    StateLookup states();

    /** How to move the stack's clock, or null when it cannot be moved (a kernel's). */
    ClockControl clock();

    /** Releases the stack's resources: its sockets, process, device, namespace. */
    @Override
    void close();

    /** Where the stack's IP packets cross: one packet per call, both ways. */
    interface PacketLink {
        /**
         * Hands the stack one packet and returns once it has handled it (and everything it sent in reply can be
         * {@linkplain #read read}): the wire's lock step.
         */
        void write(byte[] packet) throws IOException;

        /** Waits at most {@code nanos} for a packet from the stack; whether one is there. */
        boolean await(long nanos) throws IOException;

        /** The next packet the stack sent, or null when none is waiting. */
        byte[] read() throws IOException;

        /** When the stack sent {@code packet}, in {@link System#nanoTime()} terms, or -1 when unknown. */
        default long sentAt(byte[] packet) {
            return -1;
        }
    }

    /**
     * The stack's application calls, non-blocking: each returns at once, with {@link AppOutcome#STILL_BLOCKED}
     * where a blocking call would wait, and the wire waits (running meanwhile) until {@link #readable},
     * {@link #writable} or {@link #connectDone} says it can complete. A socket is named by a handle ({@code fd}).
     */
    interface Sockets extends AutoCloseable {
        /** bind() to the stack's address and {@code port}, then listen(). */
        KernelSockets.Opened listen(int port, SocketOptions options) throws IOException;

        /** Starts connect() to the peer's {@code remotePort}: OK, STILL_BLOCKED while under way, or the error. */
        KernelSockets.Opened connect(byte[] remote, int remotePort, SocketOptions options) throws IOException;

        boolean connectDone(int fd) throws IOException;

        /** The outcome of a connect() that is done: OK or its error. */
        AppOutcome connectResult(int fd);

        /** accept(): a connection, STILL_BLOCKED, or the error. */
        KernelSockets.Opened accept(int listener) throws IOException;

        /** One read of at most {@code max} bytes: DATA, EOF, STILL_BLOCKED or the error. */
        KernelSockets.Read read(int fd, int max) throws IOException;

        /** One write of what fits: the bytes taken (0 when full), or -1 with {@link #lastWriteError()}. */
        long write(int fd, byte[] data, int offset) throws IOException;

        /** The error of the last {@link #write} that returned -1 on this thread. */
        AppOutcome lastWriteError();

        boolean readable(int fd) throws IOException;

        boolean writable(int fd) throws IOException;

        /** shutdown(SHUT_RD = 0) or shutdown(SHUT_WR = 1). */
        AppOutcome shutdown(int fd, int how);

        /** close(); with SO_LINGER above zero it may block: use {@link #closeLingering}. */
        AppOutcome close(int fd);

        /** close() of a socket whose SO_LINGER time is above zero, which completes when the stack returns it. */
        CompletableFuture<AppOutcome> closeLingering(int fd);

        /** close() with SO_LINGER <1,0>: reset and forget (a crashed host's sockets). */
        void abort(int fd);

        /** dup(2); {@link UnsupportedOperationException} where the stack has no such call. */
        int dup(int fd) throws IOException;

        /** Aborts every socket still open. */
        @Override
        void close();
    }

    /** The state of the stack's end of one connection, as sock_diag reports a kernel's. */
    interface StateLookup {
        /** The connection on these ports: its state and pending timer, or null when the stack has none. */
        SockDiag.Info lookup(byte[] local, int localPort, byte[] remote, int remotePort) throws IOException;
    }

    /** A stack whose clock tcpspec can move forward, with the wire's, so waits are skipped instead of waited. */
    interface ClockControl {
        /**
         * Moves the stack's clock forward by at most {@code nanos}; it may stop short, at a timer of the stack's
         * that is due (whose effect must be seen on real time, or at its moment). Returns the nanoseconds moved.
         */
        long skip(long nanos);

        /** Whether no timer of the stack can change anything any more (the end of a run may stop waiting). */
        boolean idle();

        /**
         * Whether a connection's state may change on a timer without a segment (TIME_WAIT ending) while the wire
         * waits for real, so states must be sampled as it waits.
         */
        boolean silentTimersOnRealTime();
    }
}
