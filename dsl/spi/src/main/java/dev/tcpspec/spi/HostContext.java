package dev.tcpspec.spi;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.TimerKind;
import dev.tcpspec.trace.TraceEvent;

/**
 * What tcpspec gives one {@linkplain SegmentHost host} of a {@linkplain SegmentStack segment-tier} stack: the virtual
 * clock, the addresses of the host and its peer, the profile and the seed; and where the host reports what it does.
 * State changes must be reported (specs judge them, and blocking calls wait on them); timers and notes are optional
 * and only make ladder diagrams easier to read.
 *
 * <pre>{@code
 * void enterTimeWait(MyConnection c) {
 *     context.stateChanged(c, TcpState.TIME_WAIT, "rcvd FIN");
 *     long length = context.profile().timeWait().toNanos();
 *     context.timer(c, TimerKind.TIME_WAIT, TraceEvent.TimerAction.ARMED, length);
 *     c.timeWaitEnds = context.nowNanos() + length;
 * }
 * }</pre>
 */
public interface HostContext {
    /** Virtual nanoseconds since the run began: the time of the current call. */
    long nowNanos();

    /** The profile the run holds the stack to: MSL, TIME_WAIT length, RTO bounds, keepalive, ephemeral ports. */
    Profile profile();

    /** The run's seed, for every random choice the stack makes (ISNs, ports): same seed, same trace. */
    long seed();

    /** This host's IPv4 address, e.g. 0x0A000001 for 10.0.0.1 (for ISN hashing; segments carry no addresses). */
    int address();

    /** The peer's IPv4 address. */
    int peerAddress();

    /**
     * {@code connection} entered {@code to}; {@code cause} says why in a few words ({@code rcvd FIN},
     * {@code close()}, {@code TIME_WAIT timer expired}). Report every change, in order, when it happens.
     */
    void stateChanged(SegmentConnection connection, TcpState to, String cause);

    /** A protocol timer of {@code connection} was armed (with its length) or fired; optional, for the ladder. */
    void timer(SegmentConnection connection, TimerKind kind, TraceEvent.TimerAction action, long durationNanos);

    /** Anything else worth showing in the trace; optional. */
    void note(String text);
}
