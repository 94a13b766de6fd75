package dev.tcpspec.spi;

import dev.tcpspec.dsl.Capabilities;
import dev.tcpspec.dsl.Profile;

import java.time.Duration;

/**
 * The socket tier of the stack SPI: a TCP stack that tcpspec can drive through socket calls. The simulated reference
 * stack, the real kernel and a user's own stack all come in through this interface.
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
