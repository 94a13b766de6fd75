package dev.tcpspec.explore;

import dev.tcpspec.dsl.FaultSpace;
import dev.tcpspec.dsl.Timing;
import dev.tcpspec.wire.Fault;
import dev.tcpspec.wire.FaultAction;
import dev.tcpspec.wire.FaultSchedule;
import dev.tcpspec.wire.FaultType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random fault schedules over the segments a scenario actually sends. Each schedule has between 1 and the
 * space's maximum of faults, on distinct segments. A segment is picked by first choosing a (sender, kind) pair seen in
 * the census, then an occurrence: rare segments (the one FIN, the final ACK) are aimed at as often as the many data
 * segments, which is where teardown bugs live. Most faults aim at segments of the fault-free run, some at those
 * only faulty runs sent (a retransmission that another fault of the schedule may cause). Delays favour the landmarks of {@link FaultSpace}; the rest are
 * log-uniform between 1 ms and the maximum, in whole milliseconds.
 *
 * <p>The same seed, space and sequence of censuses give the same schedules.
 */
final class ScheduleGenerator {
    /** How often a fault aims at a segment that only faulty runs have sent. */
    static final double BEYOND = 0.2;

    private final SplittableRandom random;
    private final FaultSpace space;
    private final List<FaultType> types;
    private final List<Duration> landmarks;
    private final long maxDelayMillis;
    // what the census offers, recomputed only when it learns something
    private SegmentCensus cachedFor;
    private int cachedVersion;
    private List<SegmentCensus.Target> kinds;
    private int available;

    ScheduleGenerator(long seed, FaultSpace space, Timing timing) {
        this.random = new SplittableRandom(seed);
        this.space = space;
        this.types = new ArrayList<>(space.types());
        this.landmarks = space.delayLandmarks(timing);
        this.maxDelayMillis = Math.max(1, space.maxDelay(timing).toMillis());
    }

    /** A random schedule aimed at segments of {@code census}, or {@link FaultSchedule#NONE} if there are none. */
    FaultSchedule next(SegmentCensus census) {
        if (census != cachedFor || census.version() != cachedVersion) {
            kinds = census.kinds(space);
            available = census.targets(space).size();
            cachedFor = census;
            cachedVersion = census.version();
        }
        if (kinds.isEmpty() || space.maxFaults() == 0 || types.isEmpty()) return FaultSchedule.NONE;
        int size = 1 + random.nextInt(Math.min(space.maxFaults(), available));
        List<Fault> faults = new ArrayList<>(size);
        while (faults.size() < size) {
            SegmentCensus.Target k = kinds.get(random.nextInt(kinds.size()));
            int occurrence = occurrence(census.firstCount(k.from(), k.kind()), k.occurrence());
            Fault f = new Fault(k.from(), k.kind(), occurrence, action());
            boolean taken = false;
            for (Fault g : faults) taken |= g.sameTarget(f);
            if (!taken) faults.add(f);
        }
        return canonical(new FaultSchedule(faults));
    }

    /**
     * Mostly a segment the fault-free run sent; with probability {@link #BEYOND}, one that only faults bring about
     * (a retransmission, a duplicate ACK), which another fault of the same schedule may well cause.
     */
    private int occurrence(int firstCount, int maxCount) {
        if (firstCount == 0 || (maxCount > firstCount && random.nextDouble() < BEYOND)) {
            return firstCount + 1 + random.nextInt(maxCount - firstCount);
        }
        return 1 + random.nextInt(firstCount);
    }

    private FaultAction action() {
        FaultType type = types.get(random.nextInt(types.size()));
        return switch (type) {
            case DROP -> new FaultAction.Drop();
            case DUPLICATE -> new FaultAction.Duplicate();
            case DELAY -> new FaultAction.Delay(delay());
            case HOLD_BACK -> new FaultAction.HoldBack(1 + random.nextInt(space.maxHoldBack()));
        };
    }

    private Duration delay() {
        if (!landmarks.isEmpty() && random.nextBoolean()) return landmarks.get(random.nextInt(landmarks.size()));
        double logMax = Math.log(maxDelayMillis);
        long ms = Math.round(Math.exp(random.nextDouble() * logMax));
        return Duration.ofMillis(Math.max(1, Math.min(maxDelayMillis, ms)));
    }

    /** The schedule with its faults in a fixed order (sender, kind, occurrence), so equal schedules are equal. */
    static FaultSchedule canonical(FaultSchedule s) {
        if (s.size() < 2) return s;
        List<Fault> sorted = new ArrayList<>(s.faults());
        sorted.sort(Comparator.comparing(Fault::from).thenComparing(Fault::kind).thenComparingInt(Fault::occurrence));
        return new FaultSchedule(sorted);
    }
}
