package dev.tcpspec.explore;

import dev.tcpspec.run.SpecRunner;
import dev.tcpspec.dsl.FaultSpace;
import dev.tcpspec.dsl.Timing;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.ExpectationResult;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.wire.Fault;
import dev.tcpspec.wire.FaultAction;
import dev.tcpspec.wire.FaultSchedule;
import dev.tcpspec.wire.FaultType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Shrinks a failing fault schedule to a minimal one that fails the same way, re-running the property to confirm
 * every step. First it removes faults, one at a time, until each remaining fault is needed; then it simplifies each
 * fault: the fault type towards a drop, the occurrence towards the first, a delay towards zero (by bisection, to the
 * millisecond), a hold-back towards one segment; whenever a fault gets simpler it tries removing faults again.
 * "The same way" means the same verdict and at least one of the expectations that failed at first still failing,
 * so shrinking does not slip from one bug to another.
 *
 * <p>The result is 1-minimal: removing any single fault makes the failure go away. Every step strictly simplifies
 * the schedule, so shrinking ends; it also stops after {@link #MAX_RERUNS} re-runs.
 *
 * <pre>{@code
 * Shrinker shrinker = new Shrinker(schedule -> SpecRunner.run(spec, stack, options.withExtraFaults(schedule)), space, timing);
 * Shrinker.Shrunk s = shrinker.shrink(failingSchedule, failingResult);
 * System.out.println(s.schedule());   // [drop ack-of-fin #1 from client]
 * }</pre>
 */
public final class Shrinker {
    /** Shrinking gives up (keeping the smallest failure so far) after this many re-runs. */
    public static final int MAX_RERUNS = 10_000;

    /** Runs the property once under a schedule. */
    @FunctionalInterface
    public interface Trial {
        SpecResult run(FaultSchedule schedule);
    }

    /**
     * The outcome of shrinking.
     *
     * @param schedule the shrunk schedule, faults in the order they struck
     * @param result   the run of the property under it (it fails)
     * @param reruns   how many times the property was re-run
     * @param steps    how many simplifications were kept
     * @param nanos    how long shrinking took
     */
    public record Shrunk(FaultSchedule schedule, SpecResult result, int reruns, int steps, long nanos) {
    }

    private final Trial trial;
    private final FaultSpace space;
    private final Timing timing;
    private SpecResult original;
    private int reruns;
    private int steps;
    private final java.util.Set<Fault> settledDelays = new java.util.HashSet<>();

    public Shrinker(Trial trial, FaultSpace space, Timing timing) {
        this.trial = trial;
        this.space = space;
        this.timing = timing;
    }

    /** Shrinks {@code failing}, whose run gave {@code failure} (FAIL or ERROR). */
    public Shrunk shrink(FaultSchedule failing, SpecResult failure) {
        long start = System.nanoTime();
        original = failure;
        reruns = 0;
        steps = 0;
        settledDelays.clear();
        FaultSchedule current = failing;
        SpecResult result = failure;
        boolean progress = true;
        while (progress && reruns < MAX_RERUNS) {
            progress = false;
            // 1. remove faults, as long as one can go
            for (int i = current.size() - 1; i >= 0 && reruns < MAX_RERUNS; i--) {
                FaultSchedule candidate = current.without(i);
                SpecResult r = attempt(candidate);
                if (r != null) {
                    current = candidate;
                    result = r;
                    progress = true;
                    settledDelays.clear(); // with a fault gone, a delay may shrink further
                    break;
                }
            }
            if (progress) continue;
            // 2. simplify each fault; after any success, go back to removing
            for (int i = 0; i < current.size() && !progress && reruns < MAX_RERUNS; i++) {
                for (Fault simpler : simplerThan(current.get(i))) {
                    if (otherTargets(current, i, simpler)) continue;
                    FaultSchedule candidate = current.replacing(i, simpler);
                    SpecResult r = attempt(candidate);
                    if (r != null) {
                        current = candidate;
                        result = r;
                        progress = true;
                        break;
                    }
                }
                if (!progress && current.get(i).action() instanceof FaultAction.Delay d
                        && !settledDelays.contains(current.get(i))) {
                    Bisected b = bisectDelay(current, i, d.by());
                    if (b != null) {
                        current = b.schedule;
                        result = b.result;
                        progress = true;
                    }
                    settledDelays.add(current.get(i));
                }
            }
        }
        FaultSchedule ordered = inStrikeOrder(current, result);
        return new Shrunk(ordered, result, reruns, steps, System.nanoTime() - start);
    }

    /** Runs a candidate; returns its result if it fails the same way as the original, else null. */
    private SpecResult attempt(FaultSchedule candidate) {
        reruns++;
        SpecResult r = trial.run(candidate);
        if (sameFailure(original, r)) {
            steps++;
            return r;
        }
        return null;
    }

    private record Bisected(FaultSchedule schedule, SpecResult result) {
    }

    /** The shortest delay (to the millisecond) between 0 and {@code failing} that still fails, if shorter. */
    private Bisected bisectDelay(FaultSchedule s, int i, Duration failing) {
        long hi = failing.toMillis();
        long lo = 0;
        Bisected best = null;
        while (hi - lo > 1 && reruns < MAX_RERUNS) {
            long mid = (lo + hi) >>> 1;
            FaultSchedule candidate = s.replacing(i, s.get(i).withAction(new FaultAction.Delay(Duration.ofMillis(mid))));
            SpecResult r = attempt(candidate);
            if (r != null) {
                hi = mid;
                best = new Bisected(candidate, r);
            } else {
                lo = mid;
            }
        }
        return best;
    }

    /** Simpler versions of a fault, simplest first (the delay's bisection is separate). */
    private List<Fault> simplerThan(Fault f) {
        List<Fault> out = new ArrayList<>();
        FaultType type = f.action().type();
        for (FaultType t : FaultType.values()) {
            if (t.ordinal() >= type.ordinal()) break;
            if (!space.allows(t)) continue;
            switch (t) {
                case DROP -> out.add(f.withAction(new FaultAction.Drop()));
                case DUPLICATE -> out.add(f.withAction(new FaultAction.Duplicate()));
                case DELAY -> {
                    for (Duration d : space.delayLandmarks(timing)) out.add(f.withAction(new FaultAction.Delay(d)));
                }
                default -> {
                }
            }
        }
        int n = f.occurrence();
        if (n > 1) {
            out.add(f.withOccurrence(1));
            if (n > 3) out.add(f.withOccurrence(n / 2));
            if (n > 2) out.add(f.withOccurrence(n - 1));
        }
        if (f.action() instanceof FaultAction.HoldBack h && h.behind() > 1) {
            out.add(f.withAction(new FaultAction.HoldBack(1)));
            if (h.behind() > 2) out.add(f.withAction(new FaultAction.HoldBack(h.behind() - 1)));
        }
        return out;
    }

    private static boolean otherTargets(FaultSchedule s, int index, Fault f) {
        for (int j = 0; j < s.size(); j++) {
            if (j != index && s.get(j).sameTarget(f)) return true;
        }
        return false;
    }

    /** The faults in the order they struck in {@code result}'s trace (any that did not strike go last). */
    static FaultSchedule inStrikeOrder(FaultSchedule s, SpecResult result) {
        if (s.size() < 2 || result.trace() == null) return s;
        List<FaultStrike> strikes = FaultStrike.in(result.trace());
        List<Fault> sorted = new ArrayList<>(s.faults());
        sorted.sort(Comparator.comparingInt(f -> {
            for (int k = 0; k < strikes.size(); k++) {
                if (strikes.get(k).isOf(f)) return k;
            }
            return Integer.MAX_VALUE;
        }));
        return new FaultSchedule(sorted);
    }

    /**
     * Whether {@code candidate} fails as {@code original} did: the same verdict (FAIL or ERROR) and, for FAIL, at
     * least one expectation that failed originally failing again.
     */
    public static boolean sameFailure(SpecResult original, SpecResult candidate) {
        if (candidate.verdict() != original.verdict()) return false;
        if (original.verdict() == Verdict.ERROR) return true;
        if (original.verdict() != Verdict.FAIL) return false;
        List<ExpectationResult> a = original.expectations();
        List<ExpectationResult> b = candidate.expectations();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).held() && !b.get(i).held()) return true;
        }
        return false;
    }
}
