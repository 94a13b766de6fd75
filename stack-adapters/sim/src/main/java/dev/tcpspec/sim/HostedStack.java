package dev.tcpspec.sim;

import dev.tcpspec.dsl.Capabilities;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.spi.SegmentStack;
import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.spi.StackAdapter;
import dev.tcpspec.spi.StackSession;
import dev.tcpspec.trace.Side;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A user's {@linkplain SegmentStack segment-tier} stack hosted on the simulated wire in one role, with the reference
 * stack at the other end: the user's stack is the client (the end that connects) or the server (the end that
 * listens). As a {@link StackAdapter} it runs any spec: segments cross the simulated wire (faults strike, everything is
 * recorded), time is virtual and the timing tolerance is zero. Its name says the role, e.g. {@code mystack as client}.
 *
 * <pre>{@code
 * for (HostedStack placement : Stacks.hostedInEveryRole(new MyStack())) {
 *     RunResult run = SuiteRun.of(Catalog.all(), placement).run();
 * }
 * }</pre>
 */
public final class HostedStack implements StackAdapter {
    private final SegmentStack stack;
    private final Side role;
    private final Duration latency;

    HostedStack(SegmentStack stack, Side role, Duration latency) {
        this.stack = Objects.requireNonNull(stack, "stack");
        this.role = Objects.requireNonNull(role, "role");
        this.latency = latency;
    }

    /** The user's stack. */
    public SegmentStack stack() {
        return stack;
    }

    /** The end the user's stack takes: CLIENT or SERVER. The reference stack takes the other. */
    public Side role() {
        return role;
    }

    /** E.g. {@code mystack as client}. */
    @Override
    public String name() {
        return stack.name() + " as " + role.label();
    }

    @Override
    public Capabilities capabilities() {
        return stack.capabilities();
    }

    @Override
    public Duration tolerance() {
        return Duration.ZERO;
    }

    @Override
    public Profile defaultProfile() {
        return stack.defaultProfile();
    }

    @Override
    public StackSession open(SessionSettings settings) {
        return new HostedSession(stack, role, settings, latency.toNanos());
    }

    /** Both placements of {@code stack}: as client, then as server. */
    static List<HostedStack> inEveryRole(SegmentStack stack, Duration latency) {
        return List.of(new HostedStack(stack, Side.CLIENT, latency), new HostedStack(stack, Side.SERVER, latency));
    }

    @Override
    public String toString() {
        return name();
    }
}
