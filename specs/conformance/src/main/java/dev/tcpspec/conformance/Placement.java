package dev.tcpspec.conformance;

import dev.tcpspec.sim.HostedStack;
import dev.tcpspec.sim.Stacks;
import dev.tcpspec.spi.SegmentStack;
import dev.tcpspec.spi.StackAdapter;
import dev.tcpspec.trace.Side;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Where a run puts the stack under test: a socket-tier adapter as it is (no role), or a segment-tier stack hosted on
 * the simulated wire in one role, with the reference stack in the other.
 *
 * <pre>{@code
 * List<Placement> both = Placement.of(new MyStack(), EnumSet.allOf(Side.class));   // as client, then as server
 * }</pre>
 *
 * @param adapter the adapter the specs run against
 * @param role    CLIENT or SERVER for a hosted segment-tier stack; null on the socket tier
 */
public record Placement(StackAdapter adapter, Side role) {
    /** A socket-tier adapter, which plays both ends itself. */
    public static Placement of(StackAdapter adapter) {
        return new Placement(adapter, null);
    }

    /** A segment-tier stack in each of {@code roles}, client first. */
    public static List<Placement> of(SegmentStack stack, Collection<Side> roles) {
        if (roles.isEmpty()) throw new IllegalArgumentException("a segment-tier stack needs at least one role");
        List<Placement> out = new ArrayList<>();
        for (Side role : Side.values()) {
            if (!roles.contains(role)) continue;
            HostedStack hosted = Stacks.hosted(stack, role);
            out.add(new Placement(hosted, role));
        }
        return out;
    }
}
