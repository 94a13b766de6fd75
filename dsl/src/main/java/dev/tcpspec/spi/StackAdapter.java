package dev.tcpspec.spi;

import dev.tcpspec.dsl.Capabilities;
import dev.tcpspec.dsl.Profile;

import java.time.Duration;

/**
 * The socket tier of the stack SPI (black box): a TCP stack that tcpspec drives through socket calls, in whatever
 * time the stack keeps. The real kernel lives here, and any stack that cannot be clocked from outside: the adapter opens
 * listeners and clients, performs socket operations and reports their outcomes, and records what it can observe
 * (states, segments) into the session's recorder. Timing is judged with the adapter's {@link #tolerance()}.
 *
 * <p>A stack that can run on tcpspec's virtual clock should use the {@linkplain SegmentStack segment tier} instead:
 * it gets the whole catalog with fault injection and exact timing, with the reference stack as its peer. Inside
 * tcpspec, both the reference stack and a hosted segment-tier stack are adapters of this interface too.
 *
 * <pre>{@code
 * public final class MyStack implements StackAdapter {
 *     public String name() { return "mystack"; }
 *     public Capabilities capabilities() {
 *         return Capabilities.only(Set.of(Capability.STATE_OBSERVATION), "mystack exposes states only");
 *     }
 *     public Duration tolerance() { return Duration.ofMillis(50); }
 *     public StackSession open(SessionSettings settings) { return new MySession(settings); }
 * }
 * }</pre>
 */
public interface StackAdapter {
    /** Short name for reports and the command line, e.g. {@code sim} or {@code os}. */
    String name();

    /** What this adapter can do and see, with the reason for each thing it cannot. */
    Capabilities capabilities();

    /** How far observed timing may stray from the profile's (zero on virtual time). */
    Duration tolerance();

    /** The profile a run uses when none is given. */
    default Profile defaultProfile() {
        return Profile.rfc9293();
    }

    /**
     * How many specs may run at once on this stack: 1 for a stack that runs on virtual time (it is CPU-bound and
     * deterministic anyway); more for real sockets whose specs mostly wait on kernel timers.
     */
    default int preferredParallelism() {
        return 1;
    }

    /** A fresh session: two hosts with no connections. */
    StackSession open(SessionSettings settings) throws Exception;
}
