package dev.tcpspec.explore;

import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.ExpectationResult;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.wire.FaultSchedule;
import dev.tcpspec.wire.FaultType;

import dev.tcpspec.trace.Fate;
import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpState;

import java.util.BitSet;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an exploration covered, read from the traces of its tries: how many tries and failures, the sizes of the
 * schedules tried, which faults actually struck (a fault aimed at the 3rd FIN of a run with two strikes nothing),
 * their types, the segments they struck, and the states both ends were in when they struck.
 *
 * <pre>{@code
 * ExplorationStats s = Explore.spec(p).against(Stacks.simulated()).run().stats();
 * System.out.println(s.describe());
 * s.byType().get(FaultType.DROP);   // how many drops struck
 * }</pre>
 */
public final class ExplorationStats {
    private int tries;
    private int failures;
    private int errors;
    private long wallNanos;
    private int knownSegments;
    private final Map<Integer, Integer> plannedSizes = new TreeMap<>();
    private final Map<Integer, Integer> struckSizes = new TreeMap<>();
    // counted by index while exploring (thousands of tries a second), named when asked
    private static final int SIDES = Side.values().length;
    private static final int KINDS = SegmentKind.values().length;
    private static final int STATES = TcpState.values().length + 1; // + "no connection"
    private final int[] byType = new int[FaultType.values().length];
    private final int[] bySegment = new int[SIDES * KINDS];
    private final int[] byStates = new int[SIDES * STATES * STATES];
    private final Map<String, Integer> failedExpectations = new HashMap<>();
    /** Per expectation, the passing tries whose traces held no evidence either way (it was not put to the test). */
    private final Map<String, Integer> notJudged = new HashMap<>();
    private int partialTries;
    private final BitSet segmentsStruck = new BitSet();

    ExplorationStats() {
    }

    /** Takes in one try: its schedule and the property's result under it. */
    void record(FaultSchedule schedule, SpecResult result) {
        tries++;
        if (result.verdict() == Verdict.FAIL || result.verdict() == Verdict.ERROR) failures++;
        if (result.verdict() == Verdict.ERROR) errors++;
        plannedSizes.merge(schedule.size(), 1, Integer::sum);
        if (result.verdict() == Verdict.FAIL) {
            for (ExpectationResult e : result.expectations()) {
                if (!e.held()) failedExpectations.merge(e.expectation(), 1, Integer::sum);
            }
        }
        if (result.verdict() == Verdict.PASS && result.partial()) {
            partialTries++;
            for (ExpectationResult e : result.expectations()) {
                if (!e.judged()) notJudged.merge(e.expectation(), 1, Integer::sum);
            }
        }
        if (result.trace() == null) return;
        List<FaultStrike> strikes = FaultStrike.in(result.trace());
        struckSizes.merge(strikes.size(), 1, Integer::sum);
        for (FaultStrike s : strikes) {
            byType[typeOf(s).ordinal()]++;
            int segment = s.from().ordinal() * KINDS + s.kind().ordinal();
            bySegment[segment]++;
            byStates[(s.from().ordinal() * STATES + index(s.senderState())) * STATES + index(s.receiverState())]++;
            segmentsStruck.set(s.occurrence() * SIDES * KINDS + segment);
        }
    }

    void finish(long nanos, SegmentCensus census) {
        wallNanos = nanos;
        knownSegments = census.size();
    }

    private static int index(TcpState state) {
        return state == null ? STATES - 1 : state.ordinal();
    }

    private static FaultType typeOf(FaultStrike s) {
        return switch (s.fate()) {
            case DROPPED -> FaultType.DROP;
            case DUPLICATED -> FaultType.DUPLICATE;
            case DELAYED -> FaultType.DELAY;
            default -> FaultType.HOLD_BACK;
        };
    }

    /** Runs of the property, the fault-free one included. */
    /** How many tries passed with some expectation not put to the test (their traces held no evidence). */
    public int partialTries() {
        return partialTries;
    }

    /**
     * The expectations that no try put to the test: nothing the exploration saw could have failed them, so a PASS
     * says nothing about them (e.g. "every FIN reaching TIME_WAIT is re-ACKed" when the stack never entered
     * TIME_WAIT). Empty when some try failed or each expectation was judged at least once.
     */
    public List<String> neverPutToTheTest() {
        if (tries == 0 || failures > 0) return List.of();
        return notJudged.entrySet().stream().filter(e -> e.getValue() == tries).map(Map.Entry::getKey).sorted()
                .toList();
    }

    public int tries() {
        return tries;
    }

    /** Tries whose verdict was FAIL or ERROR. */
    public int failures() {
        return failures;
    }

    /** Tries whose verdict was ERROR (the adapter threw or the scenario could not be carried out). */
    public int errors() {
        return errors;
    }

    /** Wall-clock time of the exploration, shrinking included. */
    public long wallNanos() {
        return wallNanos;
    }

    /** Tries per second of wall-clock time. */
    public double triesPerSecond() {
        return wallNanos == 0 ? 0 : tries * 1e9 / wallNanos;
    }

    /** How many tries planned 0, 1, 2, ... faults. */
    public Map<Integer, Integer> plannedSizes() {
        return Collections.unmodifiableMap(plannedSizes);
    }

    /** How many tries saw 0, 1, 2, ... faults actually strike. */
    public Map<Integer, Integer> struckSizes() {
        return Collections.unmodifiableMap(struckSizes);
    }

    /** Faults that struck, by type. */
    public Map<FaultType, Integer> byType() {
        Map<FaultType, Integer> m = new EnumMap<>(FaultType.class);
        for (FaultType t : FaultType.values()) {
            if (byType[t.ordinal()] > 0) m.put(t, byType[t.ordinal()]);
        }
        return m;
    }

    /** Faults that struck, by segment kind and sender, e.g. {@code fin from server}. */
    public Map<String, Integer> bySegment() {
        Map<String, Integer> m = new HashMap<>();
        for (Side side : Side.values()) {
            for (SegmentKind kind : SegmentKind.values()) {
                int n = bySegment[side.ordinal() * KINDS + kind.ordinal()];
                if (n > 0) m.put(kind.label() + " from " + side.label(), n);
            }
        }
        return m;
    }

    /**
     * Faults that struck, by the states of sender and receiver at that moment, e.g.
     * {@code client TIME_WAIT -> server LAST_ACK} (as {@link FaultStrike#states()} names them).
     */
    public Map<String, Integer> byStates() {
        Map<String, Integer> m = new HashMap<>();
        TcpState[] states = TcpState.values();
        for (Side side : Side.values()) {
            for (int a = 0; a < STATES; a++) {
                for (int b = 0; b < STATES; b++) {
                    int n = byStates[(side.ordinal() * STATES + a) * STATES + b];
                    if (n == 0) continue;
                    FaultStrike s = new FaultStrike(0, side, SegmentKind.ACK, 1, Fate.DROPPED,
                            a == STATES - 1 ? null : states[a], b == STATES - 1 ? null : states[b]);
                    m.put(s.states(), n);
                }
            }
        }
        return m;
    }

    /** How often each expectation failed. */
    public Map<String, Integer> failedExpectations() {
        return Collections.unmodifiableMap(failedExpectations);
    }

    /** Distinct segments (sender, kind, occurrence) that some fault struck. */
    public int distinctSegmentsStruck() {
        return segmentsStruck.cardinality();
    }

    /** Segments the engine learnt it could aim at (from the fault-free run and every later one). */
    public int knownSegments() {
        return knownSegments;
    }

    /** A few lines for people: tries, failures, time, then the histograms, largest first. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%,d tries, %,d failed%s, %.2f s (%,.0f tries/s)%n", tries, failures,
                errors == 0 ? "" : " (" + errors + " errors)", wallNanos / 1e9, triesPerSecond()));
        sb.append("  schedule sizes (faults planned): ").append(histogram(plannedSizes)).append('\n');
        sb.append("  faults that struck per try:      ").append(histogram(struckSizes)).append('\n');
        int struck = 0;
        for (int n : byType) struck += n;
        Map<String, Integer> types = new LinkedHashMap<>();
        for (Map.Entry<FaultType, Integer> e : byType().entrySet()) types.put(e.getKey().label(), e.getValue());
        sb.append("  fault types (struck):            ").append(top(types, struck, 10, " ")).append('\n');
        sb.append("  segments struck:                 ").append(top(bySegment(), struck, 8, " ")).append('\n');
        sb.append(String.format(Locale.ROOT, "  coverage:                        %d distinct segments struck of %d the"
                + " runs sent%n", distinctSegmentsStruck(), knownSegments));
        sb.append("  states when struck (sender -> receiver):\n");
        Map<String, Integer> states = byStates();
        for (Map.Entry<String, Integer> e : sorted(states, 12)) {
            sb.append(String.format(Locale.ROOT, "    %-56s %,7d  %s%n", e.getKey(), e.getValue(),
                    percent(e.getValue(), struck)));
        }
        if (states.size() > 12) sb.append("    ... ").append(states.size() - 12).append(" more\n");
        if (partialTries > 0) {
            sb.append(String.format(Locale.ROOT, "  not put to the test in %,d of %,d tries (no evidence either way):%n",
                    partialTries, tries));
            for (Map.Entry<String, Integer> e : sorted(notJudged, 10)) {
                sb.append(String.format(Locale.ROOT, "    %,7d  %s%n", e.getValue(), e.getKey()));
            }
        }
        if (!failedExpectations.isEmpty()) {
            sb.append("  failed expectations:\n");
            for (Map.Entry<String, Integer> e : sorted(failedExpectations, 10)) {
                sb.append(String.format(Locale.ROOT, "    %,7d  %s%n", e.getValue(), e.getKey()));
            }
        }
        return sb.toString();
    }

    private static String histogram(Map<Integer, Integer> h) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Integer, Integer> e : h.entrySet()) {
            sb.append(sb.length() == 0 ? "" : "  ").append(e.getKey()).append(": ")
                    .append(String.format(Locale.ROOT, "%,d", e.getValue()));
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    private static String top(Map<String, Integer> m, int total, int n, String sep) {
        if (m.isEmpty()) return "none";
        StringBuilder sb = new StringBuilder();
        List<Map.Entry<String, Integer>> entries = sorted(m, n);
        for (Map.Entry<String, Integer> e : entries) {
            sb.append(sb.length() == 0 ? "" : "," + sep).append(e.getKey()).append(' ')
                    .append(String.format(Locale.ROOT, "%,d", e.getValue())).append(" (")
                    .append(percent(e.getValue(), total)).append(')');
        }
        if (m.size() > n) sb.append(", ... ").append(m.size() - n).append(" more");
        return sb.toString();
    }

    private static List<Map.Entry<String, Integer>> sorted(Map<String, Integer> m, int n) {
        return m.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n).toList();
    }

    private static String percent(int part, int total) {
        return total == 0 ? "0%" : String.format(Locale.ROOT, "%.0f%%", 100.0 * part / total);
    }

    @Override
    public String toString() {
        return describe();
    }
}
