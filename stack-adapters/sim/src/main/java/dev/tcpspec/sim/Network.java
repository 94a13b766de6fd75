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
import java.util.List;
import java.util.Set;

/**
 * Two hosts joined by a simulated wire, on one virtual clock. The wire delivers each segment after a fixed latency,
 * unless the fault schedule says otherwise (drop, duplicate, delay, hold back behind later segments), and records
 * every segment with its fate. Crafted segments can be injected as if a host had sent them. The network also numbers
 * connections by 4-tuple, so both ends of a connection carry the same number in the trace.
 */
final class Network {
    /** A held-back segment is released after this long even if fewer segments than planned overtook it. */
    static final long HOLD_LIMIT_NANOS = 3_000_000_000L;

    final EventLoop loop = new EventLoop();
    final Profile profile;
    final Set<Mutant> mutants;
    final TraceRecorder recorder;
    /** False when the recorder keeps nothing: the stack then builds no trace events at all. */
    final boolean recording;
    final IsnGenerator isn;
    final long latencyNanos;
    final Host client;
    final Host server;

    private final FaultInjector faults;
    private final boolean faultless;
    /** Ends of the wire taken by something other than the reference host (a user's segment-tier stack), by side. */
    private final WireEnd[] attached = new WireEnd[Side.values().length];
    /** Per 4-tuple: its connection number and the FIN sequence number each direction sent last. */
    private final LongMap<Tuple> tuples = new LongMap<>();
    private final List<List<Held>> held = List.of(new ArrayList<>(), new ArrayList<>());
    private int nextConnection;

    /** What the wire knows about one 4-tuple. */
    private static final class Tuple {
        int conn;
        final boolean[] finSent = new boolean[2];
        final int[] finSeq = new int[2];

        Tuple(int conn) {
            this.conn = conn;
        }
    }

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
        this(profile, seed, mutants, faults, recorder, latencyNanos, 0x0A000001, 0x0A000002);
    }

    /** A network whose hosts have the given IPv4 addresses (10.0.0.1 and 10.0.0.2 by default). */
    Network(Profile profile, long seed, Set<Mutant> mutants, FaultSchedule faults, TraceRecorder recorder,
            long latencyNanos, int clientAddress, int serverAddress) {
        this.profile = profile;
        this.mutants = mutants.isEmpty() ? EnumSet.noneOf(Mutant.class) : EnumSet.copyOf(mutants);
        this.recorder = recorder;
        this.recording = recorder.isRecording();
        this.isn = new IsnGenerator(seed, profile.isnTickNanos(), this.mutants.contains(Mutant.ISN_CLOCK_ONLY));
        this.latencyNanos = latencyNanos;
        this.faults = new FaultInjector(faults);
        this.faultless = faults.isEmpty();
        this.client = new Host(this, Side.CLIENT, clientAddress, seed);
        this.server = new Host(this, Side.SERVER, serverAddress, seed);
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
        long t = tuple(opener, localPort, remotePort);
        Tuple info = tuples.get(t);
        if (info == null) {
            tuples.put(t, new Tuple(n));
        } else {
            info.conn = n;
            info.finSent[0] = info.finSent[1] = false;
        }
        return n;
    }

    /** The connection number of a 4-tuple as seen from {@code side}, or a fresh one if it has none. */
    int connectionOf(Side side, int localPort, int remotePort) {
        Tuple info = tuples.get(tuple(side, localPort, remotePort));
        return info != null ? info.conn : newConnection(side, localPort, remotePort);
    }

    /** The connection number of a 4-tuple as seen from {@code side}, or -1 if the wire has not numbered it. */
    int knownConnection(Side side, int localPort, int remotePort) {
        Tuple info = tuples.get(tuple(side, localPort, remotePort));
        return info == null ? -1 : info.conn;
    }

    /** Hands a segment from {@code from} to the wire. */
    void transmit(Host from, Segment s) {
        transmit(from.side, s);
    }

    /** Hands a segment sent by whatever sits at {@code side}'s end to the wire. */
    void transmit(Side side, Segment s) {
        transmit(side, s, loop.now());
    }

    /**
     * Hands a segment to the wire that {@code side} sent at {@code sentAt}, not after now: on real time, a segment
     * the outside sent a while ago and read only now (the kernel's timestamp says when it left).
     */
    void transmit(Side side, Segment s, long sentAt) {
        Tuple info = tuples.get(tuple(side, s.srcPort(), s.dstPort()));
        if (info != null && s.syn() && !s.hasAck()) info.finSent[0] = info.finSent[1] = false; // a new incarnation
        int peer = side.peer().ordinal();
        SegmentKind kind = SegmentKind.classify(s, info != null && info.finSent[peer] ? info.finSeq[peer] : null);
        if (s.fin() && info != null) {
            info.finSent[side.ordinal()] = true;
            info.finSeq[side.ordinal()] = s.seq() + s.len();
        }
        FaultAction action = faultless ? null : faults.actionFor(side, kind);
        int id = recorder.nextSegmentId();
        long arrival = sentAt + latencyNanos;
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
        if (recording) {
            recorder.record(new TraceEvent.SegmentSent(sentAt, id, side, info == null ? -1 : info.conn, s, kind, fate));
        }
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

    /**
     * Puts a crafted segment on the wire as if {@code asIf} had sent it: it arrives at the other host after the
     * wire's latency, untouched by faults, and is recorded as injected.
     */
    void inject(Side asIf, Segment s) {
        Tuple info = tuples.get(tuple(asIf, s.srcPort(), s.dstPort()));
        int id = recorder.nextSegmentId();
        recorder.record(new TraceEvent.SegmentInjected(loop.now(), id, asIf, info == null ? -1 : info.conn, s));
        scheduleDelivery(asIf.peer(), id, s, loop.now() + latencyNanos);
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
        loop.schedule(at, new Arrival(to, id, s));
    }

    /** A segment arriving at a host: the commonest event, so it is its own event object. */
    private final class Arrival extends EventLoop.Event {
        private final Side to;
        private final int id;
        private final Segment segment;

        Arrival(Side to, int id, Segment segment) {
            super(null);
            this.to = to;
            this.id = id;
            this.segment = segment;
        }

        @Override
        void run() {
            deliver(to, id, segment);
            List<Held> waiting = held.get(to.ordinal());
            if (waiting.isEmpty()) return;
            for (Held h : new ArrayList<>(waiting)) {
                if (--h.remaining == 0) release(to, h);
            }
        }
    }

    private void deliver(Side to, int id, Segment s) {
        if (recording) recorder.record(new TraceEvent.Delivery(loop.now(), id, to));
        WireEnd end = attached[to.ordinal()];
        if (end != null) {
            end.receive(s);
        } else {
            host(to).receive(s);
        }
    }

    /** Records a state change, timer or note in the trace. */
    void record(TraceEvent e) {
        recorder.record(e);
    }

    /** Records a note in the trace. */
    void note(String text) {
        if (recording) recorder.record(new TraceEvent.Note(loop.now(), text));
    }

    /** One key per connection: the client host's port and the server host's port. */
    private static long tuple(Side side, int localPort, int remotePort) {
        int clientPort = side == Side.CLIENT ? localPort : remotePort;
        int serverPort = side == Side.CLIENT ? remotePort : localPort;
        return ((long) clientPort << 16) | serverPort;
    }
}
