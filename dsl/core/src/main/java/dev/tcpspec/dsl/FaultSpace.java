package dev.tcpspec.dsl;

import dev.tcpspec.dsl.ProfileDuration;
import dev.tcpspec.dsl.Tcp;
import dev.tcpspec.dsl.Timing;
import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;
import dev.tcpspec.wire.FaultAction;
import dev.tcpspec.wire.FaultType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which fault schedules an exploration may try: how many faults at most, of which types, on which segments, and how
 * far a delay or a hold-back may go. Immutable; start from {@link Explore#faults()}.
 *
 * <p>Delays are bounded by the profile's MSL by default: the network TCP is built for may hold a segment up to MSL
 * and no longer, so a property that fails only beyond MSL blames the network, not the stack. Besides random delays,
 * the engine favours four that matter on a TCP timeline: half the initial RTO (later segments overtake), one and a
 * half initial RTOs (a retransmission overtakes, the original arrives as a late duplicate), four initial RTOs (past
 * the second retransmission with exponential backoff, when a short connection has usually ended) and the maximum (a
 * segment that outlives the connection and meets TIME_WAIT or the next incarnation).
 *
 * <pre>{@code
 * FaultSpace lossOnly = Explore.faults().maxFaults(2).only(FaultType.DROP);
 * FaultSpace closing = Explore.faults().targeting(SegmentKind.FIN, SegmentKind.ACK_OF_FIN);
 * }</pre>
 */
public final class FaultSpace {
    /** The default number of faults a schedule may hold. */
    public static final int DEFAULT_MAX_FAULTS = 3;
    /** How many segments a held-back segment may wait behind, by default. */
    public static final int DEFAULT_MAX_HOLD_BACK = 3;

    private final int maxFaults;
    private final Set<FaultType> types;
    private final ProfileDuration maxDelay;
    private final int maxHoldBack;
    private final Set<Side> senders;
    private final Set<SegmentKind> kinds;

    private FaultSpace(int maxFaults, Set<FaultType> types, ProfileDuration maxDelay, int maxHoldBack,
                       Set<Side> senders, Set<SegmentKind> kinds) {
        this.maxFaults = maxFaults;
        this.types = types;
        this.maxDelay = maxDelay;
        this.maxHoldBack = maxHoldBack;
        this.senders = senders;
        this.kinds = kinds;
    }

    /** Up to 3 faults of every type on any segment; delays up to MSL, hold-backs behind up to 3 segments. */
    public static FaultSpace defaults() {
        return new FaultSpace(DEFAULT_MAX_FAULTS, EnumSet.allOf(FaultType.class), Tcp.msl(), DEFAULT_MAX_HOLD_BACK,
                EnumSet.allOf(Side.class), EnumSet.allOf(SegmentKind.class));
    }

    /** At most {@code k} faults per schedule (0 explores the fault-free run alone). */
    public FaultSpace maxFaults(int k) {
        if (k < 0) throw new IllegalArgumentException("the maximum number of faults must be 0 or more, not " + k);
        return new FaultSpace(k, types, maxDelay, maxHoldBack, senders, kinds);
    }

    /** Only these fault types. */
    public FaultSpace only(FaultType... allowed) {
        if (allowed.length == 0) throw new IllegalArgumentException("name at least one fault type");
        return new FaultSpace(maxFaults, EnumSet.copyOf(Arrays.asList(allowed)), maxDelay, maxHoldBack, senders,
                kinds);
    }

    /** Delays up to {@code d} (MSL by default). */
    public FaultSpace maxDelay(ProfileDuration d) {
        return new FaultSpace(maxFaults, types, d, maxHoldBack, senders, kinds);
    }

    /** Hold-backs behind at most {@code n} segments (3 by default). */
    public FaultSpace maxHoldBack(int n) {
        if (n < 1) throw new IllegalArgumentException("a hold-back waits behind at least 1 segment, not " + n);
        return new FaultSpace(maxFaults, types, maxDelay, n, senders, kinds);
    }

    /** Only segments sent by these sides. */
    public FaultSpace from(Side... sides) {
        if (sides.length == 0) throw new IllegalArgumentException("name at least one sender");
        return new FaultSpace(maxFaults, types, maxDelay, maxHoldBack, EnumSet.copyOf(Arrays.asList(sides)), kinds);
    }

    /** Only segments of these kinds. */
    public FaultSpace targeting(SegmentKind... segmentKinds) {
        if (segmentKinds.length == 0) throw new IllegalArgumentException("name at least one segment kind");
        return new FaultSpace(maxFaults, types, maxDelay, maxHoldBack, senders,
                EnumSet.copyOf(Arrays.asList(segmentKinds)));
    }

    public int maxFaults() {
        return maxFaults;
    }

    public Set<FaultType> types() {
        return EnumSet.copyOf(types);
    }

    public boolean allows(FaultType type) {
        return types.contains(type);
    }

    public int maxHoldBack() {
        return maxHoldBack;
    }

    public ProfileDuration maxDelay() {
        return maxDelay;
    }

    /** Whether the engine may aim a fault at segments of {@code kind} from {@code sender}. */
    public boolean targets(Side sender, SegmentKind kind) {
        return senders.contains(sender) && kinds.contains(kind);
    }

    /** The longest delay under a profile. */
    public Duration maxDelay(Timing timing) {
        return maxDelay.resolve(timing);
    }

    /**
     * The delays that matter on a TCP timeline, shortest first, none above the maximum: half the initial RTO, one
     * and a half initial RTOs, four initial RTOs, and the maximum itself.
     */
    public List<Duration> delayLandmarks(Timing timing) {
        Duration max = maxDelay(timing);
        Duration rto = timing.profile().rtoInitial();
        TreeSet<Duration> set = new TreeSet<>();
        for (Duration d : List.of(rto.dividedBy(2), rto.multipliedBy(3).dividedBy(2), rto.multipliedBy(4), max)) {
            if (!d.isZero() && d.compareTo(max) <= 0) set.add(d);
        }
        return new ArrayList<>(set);
    }

    /**
     * The finite alphabet of exhaustive enumeration, simplest first: drop, duplicate, each landmark delay, and
     * hold-backs behind 1 and 2 segments (as far as the space allows).
     */
    public List<FaultAction> enumeratedActions(Timing timing) {
        List<FaultAction> out = new ArrayList<>();
        if (allows(FaultType.DROP)) out.add(new FaultAction.Drop());
        if (allows(FaultType.DUPLICATE)) out.add(new FaultAction.Duplicate());
        if (allows(FaultType.DELAY)) {
            for (Duration d : delayLandmarks(timing)) out.add(new FaultAction.Delay(d));
        }
        if (allows(FaultType.HOLD_BACK)) {
            for (int n = 1; n <= Math.min(2, maxHoldBack); n++) out.add(new FaultAction.HoldBack(n));
        }
        return out;
    }

    /** E.g. {@code up to 3 faults (drop, duplicate, delay up to MSL, hold-back behind up to 3) on any segment}. */
    public String describe() {
        List<String> t = new ArrayList<>();
        for (FaultType type : types) {
            t.add(switch (type) {
                case DELAY -> "delay up to " + maxDelay.describe();
                case HOLD_BACK -> "hold-back behind up to " + maxHoldBack;
                default -> type.label();
            });
        }
        String which = kinds.size() == SegmentKind.values().length ? "any segment"
                : joined(kinds.stream().map(SegmentKind::label).toList()) + " segments";
        String where = which + (senders.size() == 1 ? " from the " + senders.iterator().next().label() : "");
        return "up to " + maxFaults + (maxFaults == 1 ? " fault" : " faults") + " (" + String.join(", ", t)
                + ") on " + where;
    }

    private static String joined(List<String> words) {
        if (words.size() < 2) return String.join("", words);
        return String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.get(words.size() - 1);
    }

    @Override
    public String toString() {
        return describe();
    }
}
