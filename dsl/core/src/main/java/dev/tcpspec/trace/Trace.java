package dev.tcpspec.trace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Everything observed during one run of one spec, in time order: segments with their fate on the wire, state changes
 * of each endpoint, application results, timers, scenario steps and notes. Immutable.
 *
 * <pre>{@code
 * List<StateInterval> client = trace.intervals(Side.CLIENT, 0);
 * String ladder = trace.ladder();          // a text ladder diagram, for failure messages
 * String digest = trace.digest();          // SHA-256 of the canonical text: same seed, same digest
 * }</pre>
 */
public final class Trace {
    private final TraceInfo info;
    private final List<TraceEvent> events;
    private final long endNanos;
    /** State changes by endpoint, built on first use (the trace is immutable). */
    private volatile Map<Long, List<TraceEvent.StateChange>> changesByEndpoint;

    public Trace(TraceInfo info, List<TraceEvent> events, long endNanos) {
        this.info = info;
        this.events = List.copyOf(events);
        this.endNanos = endNanos;
    }

    public TraceInfo info() {
        return info;
    }

    public List<TraceEvent> events() {
        return events;
    }

    /** When observation stopped, in nanoseconds since the start. */
    public long endNanos() {
        return endNanos;
    }

    /** All events of one type, in order. */
    public <T extends TraceEvent> List<T> eventsOf(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (TraceEvent e : events) {
            if (type.isInstance(e)) out.add(type.cast(e));
        }
        return out;
    }

    /** Every segment handed to the wire, in order. */
    public List<TraceEvent.SegmentSent> segments() {
        return eventsOf(TraceEvent.SegmentSent.class);
    }

    /** Every segment the harness injected (crafted, not sent by a stack), in order. */
    public List<TraceEvent.SegmentInjected> injected() {
        return eventsOf(TraceEvent.SegmentInjected.class);
    }

    /** Segments matching a predicate, in order. */
    public List<TraceEvent.SegmentSent> segments(Predicate<TraceEvent.SegmentSent> which) {
        List<TraceEvent.SegmentSent> out = new ArrayList<>();
        for (TraceEvent.SegmentSent s : segments()) {
            if (which.test(s)) out.add(s);
        }
        return out;
    }

    /** State changes of one endpoint of one connection, in order (an unmodifiable list). */
    public List<TraceEvent.StateChange> stateChanges(Side side, int conn) {
        Map<Long, List<TraceEvent.StateChange>> index = changesByEndpoint;
        if (index == null) {
            // expectations ask for these again and again (the property engine judges thousands of traces a second)
            Map<Long, List<TraceEvent.StateChange>> built = new HashMap<>();
            for (TraceEvent e : events) {
                if (e instanceof TraceEvent.StateChange sc) {
                    built.computeIfAbsent(endpointKey(sc.side(), sc.conn()), k -> new ArrayList<>(8)).add(sc);
                }
            }
            built.replaceAll((k, v) -> Collections.unmodifiableList(v));
            changesByEndpoint = index = built;
        }
        return index.getOrDefault(endpointKey(side, conn), List.of());
    }

    private static long endpointKey(Side side, int conn) {
        return ((long) conn << 1) | side.ordinal();
    }

    /** Application results of one side (any connection), in order. */
    public List<TraceEvent.AppResult> appResults(Side side) {
        List<TraceEvent.AppResult> out = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e instanceof TraceEvent.AppResult r && r.side() == side) out.add(r);
        }
        return out;
    }

    /**
     * The states one endpoint went through, as intervals. An endpoint that was never seen yields an empty list;
     * one seen starts in whatever state its first change left.
     */
    public List<StateInterval> intervals(Side side, int conn) {
        List<StateInterval> out = new ArrayList<>();
        List<TraceEvent.StateChange> changes = stateChanges(side, conn);
        for (int i = 0; i < changes.size(); i++) {
            TraceEvent.StateChange c = changes.get(i);
            if (i + 1 < changes.size()) {
                TraceEvent.StateChange next = changes.get(i + 1);
                out.add(new StateInterval(c.to(), c.nanos(), next.nanos(), false, next.to(), next.cause()));
            } else {
                out.add(new StateInterval(c.to(), c.nanos(), Math.max(endNanos, c.nanos()), true, null, ""));
            }
        }
        return out;
    }

    /** The state of an endpoint at the end of the trace, if it was ever seen. */
    public Optional<TcpState> finalState(Side side, int conn) {
        List<TraceEvent.StateChange> changes = stateChanges(side, conn);
        return changes.isEmpty() ? Optional.empty() : Optional.of(changes.get(changes.size() - 1).to());
    }

    /** The canonical text: one line per event, preceded by a header; independent of wall-clock time. */
    public String canonicalText() {
        StringBuilder sb = new StringBuilder(events.size() * 80 + 100);
        sb.append("trace stack=").append(info.stack()).append(" profile=").append(info.profile()).append(" seed=")
                .append(info.seed()).append(" client=").append(info.clientAddress()).append(" server=")
                .append(info.serverAddress()).append('\n');
        for (TraceEvent e : events) sb.append(e.canonical()).append('\n');
        sb.append(time(endNanos)).append(" end\n");
        return sb.toString();
    }

    /**
     * SHA-256 of {@link #canonicalText()}, as lower-case hex. Computed line by line, so a trace of a million events
     * (a port-exhaustion run) never needs its whole text in memory.
     */
    public String digest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            StringBuilder line = new StringBuilder(160);
            line.append("trace stack=").append(info.stack()).append(" profile=").append(info.profile()).append(" seed=")
                    .append(info.seed()).append(" client=").append(info.clientAddress()).append(" server=")
                    .append(info.serverAddress()).append('\n');
            md.update(line.toString().getBytes(StandardCharsets.UTF_8));
            for (TraceEvent e : events) {
                md.update((e.canonical() + '\n').getBytes(StandardCharsets.UTF_8));
            }
            md.update((time(endNanos) + " end\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** A text ladder diagram of the whole trace. */
    public String ladder() {
        return Ladder.render(this);
    }

    /** A time in the canonical form {@code seconds.nanoseconds}, e.g. {@code 240.001000000}. */
    public static String time(long nanos) {
        long s = nanos / 1_000_000_000L;
        long ns = Math.abs(nanos % 1_000_000_000L);
        String frac = Long.toString(ns);
        return (nanos < 0 && s == 0 ? "-" : "") + s + '.' + "000000000".substring(frac.length()) + frac;
    }

    /** A duration for people: {@code 240 s}, {@code 1.5 s}, {@code 200 ms}, {@code 40 µs}. */
    public static String human(long nanos) {
        long abs = Math.abs(nanos);
        if (abs == 0) return "0 s";
        if (abs % 1_000_000_000L == 0) return nanos / 1_000_000_000L + " s";
        if (abs >= 1_000_000_000L) {
            // whole microseconds print exactly without a Formatter (the common case, and ten times faster)
            if (abs % 1_000L == 0) return decimal(nanos, 1_000_000_000L, 1_000L, 6) + " s";
            return trimZeros(String.format(java.util.Locale.ROOT, "%.6f", nanos / 1e9)) + " s";
        }
        if (abs % 1_000_000L == 0) return nanos / 1_000_000L + " ms";
        if (abs >= 1_000_000L) {
            if (abs % 1_000L == 0) return decimal(nanos, 1_000_000L, 1_000L, 3) + " ms";
            return trimZeros(String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e6)) + " ms";
        }
        if (abs % 1_000L == 0) return nanos / 1_000L + " µs";
        return nanos + " ns";
    }

    /** {@code nanos / unit} with {@code digits} decimals of {@code step}, trailing zeros dropped: exact. */
    private static String decimal(long nanos, long unit, long step, int digits) {
        long abs = Math.abs(nanos);
        String frac = Long.toString((abs % unit) / step);
        StringBuilder sb = new StringBuilder(24);
        if (nanos < 0) sb.append('-');
        sb.append(abs / unit).append('.');
        for (int i = frac.length(); i < digits; i++) sb.append('0');
        return trimZeros(sb.append(frac).toString());
    }

    private static String trimZeros(String s) {
        if (s.indexOf('.') < 0) return s;
        int end = s.length();
        while (s.charAt(end - 1) == '0') end--;
        if (s.charAt(end - 1) == '.') end--;
        return s.substring(0, end);
    }

    @Override
    public String toString() {
        return canonicalText();
    }
}
