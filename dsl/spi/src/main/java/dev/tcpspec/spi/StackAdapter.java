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

    /**
     * The least time one spec may take on this stack before the runner calls the adapter hung: zero (no minimum) for
     * a stack on virtual time; a real kernel waits out real timers (a 60 s TIME_WAIT), so its specs need longer than
     * the default per-spec timeout. The runner waits for the longer of this and {@code RunOptions.timeout()}.
     */
    default Duration minimumSpecTimeout() {
        return Duration.ZERO;
    }

    /**
     * Why this stack cannot inject {@code faults}, or empty if it can. A stack with {@code FAULT_INJECTION} may still
     * lack some kinds of fault (a kernel without netem can drop chosen segments but not delay or duplicate them); a
     * spec planning such a fault is then NOT_APPLICABLE with this reason.
     *
     * <pre>{@code
     * public Optional<String> whyCannotInject(FaultSchedule faults) {
     *     return faults.faults().stream().anyMatch(f -> !(f.action() instanceof FaultAction.Drop))
     *             ? Optional.of("only drops: this kernel has no netem") : Optional.empty();
     * }
     * }</pre>
     */
    default java.util.Optional<String> whyCannotInject(dev.tcpspec.wire.FaultSchedule faults) {
        return java.util.Optional.empty();
    }

    /** A fresh session: two hosts with no connections. */
    StackSession open(SessionSettings settings) throws Exception;
}
