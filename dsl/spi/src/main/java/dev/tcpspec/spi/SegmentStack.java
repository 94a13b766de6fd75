package dev.tcpspec.spi;

import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.dsl.Capabilities;
import dev.tcpspec.dsl.Profile;

/**
 * The segment tier of the stack SPI (white box): a TCP implementation that tcpspec runs on its own simulated wire and
 * virtual clock, with the reference stack as its peer. Where the {@linkplain StackAdapter socket tier} drives a black
 * box in real time, here tcpspec owns time and the network: every segment the stack sends crosses tcpspec's wire
 * (where the spec's faults strike and every segment is recorded), every timer runs on the virtual clock, and timing is
 * judged with zero tolerance. A four-minute TIME_WAIT costs microseconds.
 *
 * <p>The stack is driven poll-style, like smoltcp's sockets or lwIP's {@code tcp_input}/{@code tcp_tmr}: tcpspec
 * says "here is a segment" ({@link SegmentHost#receive}) or "here is the time" ({@link SegmentHost#wake}), and after
 * every call asks "what do you send?" ({@link SegmentHost#pollOutgoing}) and "when do you next need to run?"
 * ({@link SegmentHost#nextWakeup}). The stack never blocks, never sleeps and starts no thread: socket calls are
 * non-blocking ({@link SegmentConnection}), and tcpspec makes them block on the virtual clock the way a kernel would.
 * The stack reports its connections' state changes through {@link HostContext#stateChanged}; specs judge those.
 *
 * <p><b>Roles.</b> Every spec speaks of a client (the end that connects) and a server (the end that listens). A
 * segment-tier stack runs each spec twice: once as the client with the reference stack as the server, once as the
 * server with the reference stack as the client. A rule may be about either end, and most specs judge both (TW-1: the
 * server enters TIME_WAIT and the client never does), so both placements must pass. A stack that can only take one
 * role (a client-only embedded stack, say) narrows the roles in its conformance test.
 *
 * <p><b>What the tier gives for free.</b> State and segment observation, virtual time, fault injection, several
 * handles on one socket (tcpspec counts the handles and calls {@link SegmentConnection#close()} for the last one) and
 * host crash and reboot (tcpspec discards the {@link SegmentHost} and asks for a new one). What the stack must honour
 * itself: a chosen initial sequence number ({@code SocketOptions.iss()}, capability {@code CHOSEN_ISS}) and the
 * profile's timing ({@code PROFILE_CONTROL}); a stack that cannot says so in {@link #capabilities()}, and specs that
 * need it are NOT_APPLICABLE with that reason.
 *
 * <pre>{@code
 * public final class MyStack implements SegmentStack {
 *     public String name() { return "mystack"; }
 *     public SegmentHost newHost(HostContext context) { return new MyHost(context); }
 *     public Capabilities capabilities() {
 *         return Capabilities.all().without(Capability.CHOSEN_ISS, "mystack always picks its own ISN");
 *     }
 * }
 *
 * class MyStackConformanceTest extends SegmentTierConformance {     // in specs: the whole catalog, both roles
 *     protected SegmentStack stack() { return new MyStack(); }
 * }
 * }</pre>
 *
 * <p>From the command line: {@code tcpspec run --stack-class com.example.MyStack --classpath mystack.jar}, or list the
 * class in {@code META-INF/services/dev.tcpspec.spi.SegmentStack} and use {@code --stack mystack}. A class loaded that
 * way needs a public no-argument constructor.
 */
public interface SegmentStack {
    /** Short name for reports and the command line, e.g. {@code mystack}. */
    String name();

    /**
     * A fresh host with no sockets: one per run and side, and another when a crashed host reboots. tcpspec calls a
     * host from one thread at a time; hosts of different runs may live in different threads.
     *
     * @param context the host's clock, addresses, profile and seed, and where it reports what it does
     */
    SegmentHost newHost(HostContext context);

    /**
     * What specs may ask of this stack; every capability by default. Declare what the stack cannot honour, with the
     * reason, e.g. {@code Capabilities.all().without(Capability.CHOSEN_ISS, "...")}.
     */
    default Capabilities capabilities() {
        return Capabilities.all();
    }

    /** The profile a run holds the stack to when none is given (the RFC's by default). */
    default Profile defaultProfile() {
        return Profile.rfc9293();
    }
}
