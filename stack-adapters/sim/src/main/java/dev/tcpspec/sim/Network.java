package dev.tcpspec.sim;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.trace.Fate;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TraceEvent;
import dev.tcpspec.trace.TraceRecorder;
import dev.tcpspec.wire.FaultAction;
import dev.tcpspec.wire.FaultInjector;
import dev.tcpspec.wire.FaultSchedule;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Two hosts joined by a simulated wire, on one virtual clock. The wire delivers each segment after a fixed latency,
 * unless the fault schedule says otherwise (drop, duplicate, delay, hold back behind later segments), and records
 * every segment with its fate. The network also numbers connections by 4-tuple, so both ends of a connection carry
 * the same number in the trace.
 */
final class Network {
    /** A held-back segment is released after this long even if fewer segments than planned overtook it. */
    static final long HOLD_LIMIT_NANOS = 3_000_000_000L;

    final EventLoop loop = new EventLoop();
    final Profile profile;
    final Set<Mutant> mutants;
    final TraceRecorder recorder;
    final IsnGenerator isn;
    final long latencyNanos;
    final Host client;
    final Host server;

    private final FaultInjector faults;
    /** Ends of the wire taken by something other than the reference host (a user's segment-tier stack), by side. */
    private final WireEnd[] attached = new WireEnd[Side.values().length];
    private final Map<Long, Integer> connectionByTuple = new HashMap<>();
    private final Map<Long, Integer> finSeqByDirection = new HashMap<>();
    private final List<List<Held>> held = List.of(new ArrayList<>(), new ArrayList<>());
    private int nextConnection;

    /** A segment waiting for {@code remaining} later segments to overtake it. */
    private static final class Held {
        final int id;
        final Segment segment;
        int remaining;
        EventLoop.Event release;

        Held(int id, Segment segment, int remaining) {
            this.id = id;
            this.segment = segment;
            this.remaining = remaining;
        }
    }

    Network(Profile profile, long seed, Set<Mutant> mutants, FaultSchedule faults, TraceRecorder recorder,
            long latencyNanos) {
        this.profile = profile;
        this.mutants = mutants.isEmpty() ? EnumSet.noneOf(Mutant.class) : EnumSet.copyOf(mutants);
        this.recorder = recorder;
        this.isn = new IsnGenerator(seed, profile.isnTickNanos());
        this.latencyNanos = latencyNanos;
        this.faults = new FaultInjector(faults);
        this.client = new Host(this, Side.CLIENT, 0x0A000001, seed);
        this.server = new Host(this, Side.SERVER, 0x0A000002, seed);
    }

    /** What can sit at one end of the wire instead of the reference host: it receives the segments sent to it. */
    interface WireEnd {
        void receive(Segment s);
    }

    /**
     * Puts {@code end} at {@code side}'s end of the wire: segments for that side go to it instead of the reference
     * host, which stays in place only to lend its address to its peer.
     */
    void attach(Side side, WireEnd end) {
        attached[side.ordinal()] = end;
    }

    Host host(Side side) {
        return side == Side.CLIENT ? client : server;
    }

    boolean has(Mutant m) {
        return mutants.contains(m);
    }

    long now() {
        return loop.now();
    }

    /** A fresh connection number for the 4-tuple (an active open). */
    int newConnection(Side opener, int localPort, int remotePort) {
        int n = nextConnection++;
        connectionByTuple.put(tuple(opener, localPort, remotePort), n);
        return n;
    }

    /** The connection number of a 4-tuple as seen from {@code side}, or a fresh one if it has none. */
    int connectionOf(Side side, int localPort, int remotePort) {
        Integer n = connectionByTuple.get(tuple(side, localPort, remotePort));
        return n != null ? n : newConnection(side, localPort, remotePort);
    }

    /** Hands a segment from {@code from} to the wire. */
    void transmit(Host from, Segment s) {
        transmit(from.side, s);
    }

    /** Hands a segment sent by whatever sits at {@code side}'s end to the wire. */
    void transmit(Side side, Segment s) {
        long tuple = tuple(side, s.srcPort(), s.dstPort());
        if (s.syn() && !s.hasAck()) {
            finSeqByDirection.remove(tuple * 2);
            finSeqByDirection.remove(tuple * 2 + 1);
        }
        Integer conn = connectionByTuple.get(tuple);
        SegmentKind kind = SegmentKind.classify(s, finSeqByDirection.get(tuple * 2 + side.peer().ordinal()));
        if (s.fin()) finSeqByDirection.put(tuple * 2 + side.ordinal(), s.seq() + s.len());
        FaultAction action = faults.actionFor(side, kind);
        int id = recorder.nextSegmentId();
        long arrival = loop.now() + latencyNanos;
        Side to = side.peer();
        Fate fate;
        if (action == null) {
            fate = Fate.DELIVERED;
        } else if (action instanceof FaultAction.Drop) {
            fate = Fate.DROPPED;
        } else if (action instanceof FaultAction.Duplicate) {
            fate = Fate.DUPLICATED;
        } else if (action instanceof FaultAction.Delay d) {
            fate = Fate.DELAYED;
            arrival += d.by().toNanos();
        } else {
            fate = Fate.REORDERED;
        }
        recorder.record(new TraceEvent.SegmentSent(loop.now(), id, side, conn == null ? -1 : conn, s, kind, fate));
        switch (fate) {
            case DROPPED -> {
            }
            case REORDERED -> hold(to, id, s, ((FaultAction.HoldBack) action).behind());
            case DUPLICATED -> {
                scheduleDelivery(to, id, s, arrival);
                scheduleDelivery(to, id, s, arrival);
            }
            default -> scheduleDelivery(to, id, s, arrival);
        }
    }

    private void hold(Side to, int id, Segment s, int behind) {
        Held h = new Held(id, s, behind);
        h.release = loop.schedule(loop.now() + HOLD_LIMIT_NANOS, () -> release(to, h));
        held.get(to.ordinal()).add(h);
    }

    private void release(Side to, Held h) {
        if (held.get(to.ordinal()).remove(h)) {
            loop.cancel(h.release);
            deliver(to, h.id, h.segment);
        }
    }

    private void scheduleDelivery(Side to, int id, Segment s, long at) {
        loop.schedule(at, () -> {
            deliver(to, id, s);
            List<Held> waiting = held.get(to.ordinal());
            for (Held h : new ArrayList<>(waiting)) {
                if (--h.remaining == 0) release(to, h);
            }
        });
    }

    private void deliver(Side to, int id, Segment s) {
        recorder.record(new TraceEvent.Delivery(loop.now(), id, to));
        WireEnd end = attached[to.ordinal()];
        if (end != null) end.receive(s);
        else host(to).receive(s);
    }

    /** Records a state change, timer or note in the trace. */
    void record(TraceEvent e) {
        recorder.record(e);
    }

    /** One key per connection: the client host's port and the server host's port. */
    private static long tuple(Side side, int localPort, int remotePort) {
        int clientPort = side == Side.CLIENT ? localPort : remotePort;
        int serverPort = side == Side.CLIENT ? remotePort : localPort;
        return ((long) clientPort << 16) | serverPort;
    }
}
