package dev.tcpspec.wire;

import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The faults planned for one run. At most one fault applies to a segment: the first in the list that matches it.
 * The text form ({@link #describe()}) reads back with {@link #parse}, so a schedule printed by a failing exploration
 * can be replayed.
 *
 * <pre>{@code
 * FaultSchedule s = FaultSchedule.NONE.plus(new Fault(Side.SERVER, SegmentKind.FIN, 1, new FaultAction.Drop()));
 * FaultSchedule t = FaultSchedule.parse("[drop ack-of-fin #1 from client, delay data #1 from client by 2 s]");
 * }</pre>
 */
public record FaultSchedule(List<Fault> faults) {
    /** No faults: every segment arrives once, in order. */
    public static final FaultSchedule NONE = new FaultSchedule(List.of());

    public FaultSchedule {
        faults = List.copyOf(faults);
    }

    public static FaultSchedule of(Fault... faults) {
        return new FaultSchedule(List.of(faults));
    }

    public FaultSchedule plus(Fault fault) {
        List<Fault> all = new ArrayList<>(faults);
        all.add(fault);
        return new FaultSchedule(all);
    }

    public FaultSchedule plus(FaultSchedule other) {
        List<Fault> all = new ArrayList<>(faults);
        all.addAll(other.faults);
        return new FaultSchedule(all);
    }

    /** This schedule without the fault at {@code index}. */
    public FaultSchedule without(int index) {
        List<Fault> all = new ArrayList<>(faults);
        all.remove(index);
        return new FaultSchedule(all);
    }

    /** This schedule with the fault at {@code index} replaced by {@code fault}. */
    public FaultSchedule replacing(int index, Fault fault) {
        List<Fault> all = new ArrayList<>(faults);
        all.set(index, fault);
        return new FaultSchedule(all);
    }

    /** The fault at {@code index}. */
    public Fault get(int index) {
        return faults.get(index);
    }

    /** Whether some fault already aims at the segment {@code fault} aims at. */
    public boolean targets(Fault fault) {
        for (Fault f : faults) {
            if (f.sameTarget(fault)) return true;
        }
        return false;
    }

    public boolean isEmpty() {
        return faults.isEmpty();
    }

    public int size() {
        return faults.size();
    }

    /** E.g. {@code [drop fin #1 from server, duplicate data #2 from client]}, or {@code [no faults]}. */
    public String describe() {
        if (faults.isEmpty()) return "[no faults]";
        StringBuilder sb = new StringBuilder("[");
        for (Fault f : faults) sb.append(sb.length() > 1 ? ", " : "").append(f.describe());
        return sb.append(']').toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    // ---- reading the text form -----------------------------------------------------------------------------------

    /**
     * Reads a schedule written as {@link #describe()} writes it: faults separated by commas or semicolons, brackets
     * optional, {@code [no faults]} or an empty text for none. The error names the fault that could not be read and
     * what was expected.
     */
    public static FaultSchedule parse(String text) {
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) t = t.substring(1, t.length() - 1).strip();
        if (t.isEmpty() || t.equals("no faults")) return NONE;
        List<Fault> all = new ArrayList<>();
        for (String part : t.split("[,;]")) {
            if (!part.isBlank()) all.add(parseFault(part));
        }
        return new FaultSchedule(all);
    }

    static Fault parseFault(String text) {
        String[] w = text.strip().toLowerCase(Locale.ROOT).split("\\s+");
        int i = 0;
        FaultType type;
        if (w.length > 1 && w[0].equals("hold") && w[1].equals("back")) {
            type = FaultType.HOLD_BACK;
            i = 2;
        } else {
            type = switch (w[0]) {
                case "drop" -> FaultType.DROP;
                case "duplicate" -> FaultType.DUPLICATE;
                case "delay" -> FaultType.DELAY;
                default -> throw bad(text, "it should start with drop, duplicate, delay or hold back");
            };
            i = 1;
        }
        if (w.length < i + 4 || !w[i + 1].startsWith("#") || !w[i + 2].equals("from")) {
            throw bad(text, "expected '<action> <segment kind> #<n> from <client|server>', e.g. 'drop fin #1 from server'");
        }
        SegmentKind kind = kind(text, w[i]);
        int occurrence = number(text, w[i + 1].substring(1), "occurrence");
        Side from = switch (w[i + 3]) {
            case "client" -> Side.CLIENT;
            case "server" -> Side.SERVER;
            default -> throw bad(text, "'" + w[i + 3] + "' is not a sender; valid senders: client, server");
        };
        int rest = i + 4;
        FaultAction action = switch (type) {
            case DROP -> new FaultAction.Drop();
            case DUPLICATE -> new FaultAction.Duplicate();
            case DELAY -> {
                if (w.length != rest + 3 || !w[rest].equals("by")) {
                    throw bad(text, "a delay says how long: 'delay data #1 from client by 300 ms'");
                }
                yield new FaultAction.Delay(duration(text, w[rest + 1], w[rest + 2]));
            }
            case HOLD_BACK -> {
                if (w.length != rest + 2 || !w[rest].equals("behind")) {
                    throw bad(text, "a hold-back says behind how many segments: 'hold back fin #1 from server behind 2'");
                }
                yield new FaultAction.HoldBack(number(text, w[rest + 1], "hold-back count"));
            }
        };
        if (type != FaultType.DELAY && type != FaultType.HOLD_BACK && w.length != rest) {
            throw bad(text, "unexpected words after the sender");
        }
        return new Fault(from, kind, occurrence, action);
    }

    private static SegmentKind kind(String text, String label) {
        for (SegmentKind k : SegmentKind.values()) {
            if (k.label().equals(label)) return k;
        }
        throw bad(text, "'" + label + "' is not a segment kind; valid kinds: "
                + Arrays.stream(SegmentKind.values()).map(SegmentKind::label).collect(Collectors.joining(", ")));
    }

    private static int number(String text, String n, String what) {
        try {
            int v = Integer.parseInt(n);
            if (v < 1) throw bad(text, "the " + what + " must be at least 1, not " + v);
            return v;
        } catch (NumberFormatException e) {
            throw bad(text, "the " + what + " '" + n + "' is not a whole number");
        }
    }

    private static Duration duration(String text, String amount, String unit) {
        double v;
        try {
            v = Double.parseDouble(amount);
        } catch (NumberFormatException e) {
            throw bad(text, "the delay '" + amount + "' is not a number");
        }
        long factor = switch (unit) {
            case "s" -> 1_000_000_000L;
            case "ms" -> 1_000_000L;
            case "µs", "us" -> 1_000L;
            case "ns" -> 1L;
            default -> throw bad(text, "'" + unit + "' is not a time unit; valid units: s, ms, µs, ns");
        };
        if (v < 0) throw bad(text, "a delay cannot be negative");
        return Duration.ofNanos(Math.round(v * factor));
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("cannot read the fault '" + text.strip() + "': " + why);
    }
}
