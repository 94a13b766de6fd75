package dev.tcpspec.sim;

import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.spi.StackSession;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TraceEvent;

import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The reference stack as the peer of a stack outside tcpspec, on the wall clock: one end of the simulated wire is a
 * reference host, the other end is whatever {@link Outside} connects to (a kernel behind a TUN device, a user-space
 * stack behind a socket pair). Segments cross the same wire as in a simulation, so faults strike them (drop,
 * duplicate, delay, hold back) and every one is recorded with its fate; crafted segments are injected into it.
 *
 * <p>Time is real: the reference host's timers fire when their time comes on the {@link Clock}, and while none is
 * due, the loop waits for what the outside sends. The session ({@link #session()}) drives the reference host with
 * the same calls as a simulated run; the outside end is driven by its owner, which keeps the wire running while it
 * waits ({@link #runUntil}).
 *
 * <pre>{@code
 * ReferencePeer peer = ReferencePeer.open(settings, Side.SERVER, 0xC0000202, 0xC0000201, clock, kernelEnd);
 * peer.session().listen(Side.CLIENT, 0, SocketOptions.DEFAULTS);   // the reference host listens
 * peer.fromOutside(segmentReadFromTun);                            // what the kernel sent, onto the wire
 * peer.runUntil(() -> call.isDone(), deadline);                    // the wire runs while the kernel's call blocks
 * }</pre>
 */
public final class ReferencePeer {
    /** Where the loop's time comes from: nanoseconds, never going back; may jump forward (a skipped wait). */
    public interface Clock {
        long nowNanos();
    }

    /** The stack at the outside end of the wire. */
    public interface Outside {
        /** A segment the wire delivers to the outside stack. */
        void receive(Segment segment);

        /**
         * Waits at most {@code nanos} (zero: not at all) for the outside stack to send, handing each segment it sent
         * to {@link ReferencePeer#fromOutside}; returns early, true, once something arrived.
         */
        boolean await(long nanos);
    }

    private final Network net;
    private final Side outsideSide;
    private final SimSession session;

    private ReferencePeer(Network net, Side outsideSide) {
        this.net = net;
        this.outsideSide = outsideSide;
        this.session = new SimSession(net);
    }

    /**
     * A wire with the reference host on {@code outsideSide.peer()} and {@code outside} on {@code outsideSide}. The
     * wire itself adds no latency: what one end sends reaches the other as soon as the loop runs, unless a fault of
     * {@code settings.faults()} delays it.
     *
     * @param clientAddress the client host's IPv4 address (or a 32-bit digest of an IPv6 one), for ISNs and ports
     * @param serverAddress the server host's
     */
    public static ReferencePeer open(SessionSettings settings, Side outsideSide, int clientAddress, int serverAddress,
                                     Clock clock, Outside outside) {
        Network net = new Network(settings.profile(), settings.seed(), Set.of(), settings.faults(),
                settings.recorder(), 0, clientAddress, serverAddress);
        net.loop.runInRealTime(new EventLoop.RealTime() {
            @Override
            public long now() {
                return clock.nowNanos();
            }

            @Override
            public boolean await(long nanos) {
                return outside.await(nanos);
            }

            private long lastNote = Long.MIN_VALUE;

            @Override
            public void late(long nanos) {
                long now = clock.nowNanos();
                if (now - lastNote < 1_000_000_000L) return;   // one note a second says enough
                lastNote = now;
                net.note("the reference stack ran " + dev.tcpspec.trace.Trace.human(nanos) + " late here: this process "
                        + "did not get to run (a garbage collection, a busy machine); its segments and timers around "
                        + "this moment are late, not the other stack's");
            }
        });
        net.attach(outsideSide, outside::receive);
        return new ReferencePeer(net, outsideSide);
    }

    /**
     * The reference host's calls (listen, connect, inject, crash, reboot of its side) as a session; its
     * {@code elapse} and {@code finish} wait in real time.
     */
    public StackSession session() {
        return session;
    }

    /** The side the outside stack takes. */
    public Side outsideSide() {
        return outsideSide;
    }

    /** Puts a segment the outside stack sent on the wire, at the present time. */
    public void fromOutside(Segment segment) {
        net.transmit(outsideSide, segment);
    }

    /**
     * Puts a segment on the wire that the outside stack sent at {@code sentAtNanos} (on the loop's clock, not after
     * now): read late, after a stall of this process, it still arrives before the reference host's timers that fell
     * due later.
     */
    public void fromOutside(Segment segment, long sentAtNanos) {
        net.transmit(outsideSide, segment, Math.min(sentAtNanos, net.now()));
    }

    /** Numbers a connection the outside stack opens actively (its SYN has not reached the wire yet). */
    public int newConnection(int localPort, int remotePort) {
        return net.newConnection(outsideSide, localPort, remotePort);
    }

    /** The number of the outside stack's connection on these ports, or -1 if none has crossed the wire. */
    public int knownConnection(int localPort, int remotePort) {
        return net.knownConnection(outsideSide, localPort, remotePort);
    }

    /** Records an observation of the outside stack (a state change, a timer reading, a note). */
    public void record(TraceEvent e) {
        net.record(e);
    }

    /** The loop's present time. */
    public long nowNanos() {
        return net.now();
    }

    /**
     * Runs the wire until {@code done} holds or the clock reaches {@code deadline}: the reference host's events as
     * their time comes, and between them what the outside sends. Returns whether {@code done} held.
     */
    public boolean runUntil(BooleanSupplier done, long deadline) {
        return net.loop.runUntil(done, deadline);
    }

    /**
     * Runs every event already due and takes in what the outside has sent by now, until neither is left, without
     * waiting: after a call that made the outside stack send (synchronously, as a kernel does), everything it caused
     * has then crossed the wire.
     */
    public void settle() {
        net.loop.settle();
    }

    /** When the reference host's next event is due, or {@link Long#MAX_VALUE} if none is pending. */
    public long nextEventAt() {
        return net.loop.nextEventAt();
    }
}
