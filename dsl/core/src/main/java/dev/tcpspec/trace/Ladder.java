package dev.tcpspec.trace;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a trace as a text ladder diagram: time flows down, the client's lane is on the left, the server's on the
 * right, segments are arrows between them. Sequence numbers are shown relative to each side's initial sequence
 * number on that connection, as tcpdump and Wireshark do; the header gives the absolute ISNs.
 *
 * <pre>
 *        time  client                                                          server
 *    0.000000  CLOSED -> SYN_SENT
 *    0.000000  --[SYN] seq=0 win=65535 mss=1460-------------------------------------->
 *    0.001000                                                      LISTEN -> SYN_RECEIVED
 * </pre>
 */
public final class Ladder {
    private static final int WIDTH = 92;
    /** Traces longer than this many lines show their beginning and end, with the middle elided. */
    static final int MAX_LINES = 400;
    private static final int MAX_ISNS_SHOWN = 8;

    private Ladder() {
    }

    /** The ladder diagram of a trace. */
    public static String render(Trace trace) {
        Map<String, Integer> isn = new HashMap<>();
        for (TraceEvent.SegmentSent s : trace.segments()) {
            if (s.segment().syn()) isn.putIfAbsent(s.from() + "#" + s.conn(), s.segment().seq());
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%12s  %-" + (WIDTH / 2) + "s%" + (WIDTH / 2) + "s%n", "time (s)",
                "client " + trace.info().clientAddress(), "server " + trace.info().serverAddress()));
        if (!isn.isEmpty()) {
            StringBuilder h = new StringBuilder("seq/ack relative to ISN:");
            isn.entrySet().stream().sorted(Map.Entry.comparingByKey()).limit(MAX_ISNS_SHOWN).forEach(e -> h.append(' ')
                    .append(e.getKey().toLowerCase(Locale.ROOT)).append('=').append(Seq.str(e.getValue())));
            if (isn.size() > MAX_ISNS_SHOWN) h.append(String.format(Locale.ROOT, " ... (%,d in all)", isn.size()));
            out.append(String.format(Locale.ROOT, "%12s  %s%n", "", h));
        }
        java.util.List<TraceEvent> shown = new java.util.ArrayList<>();
        for (TraceEvent e : trace.events()) {
            if (!(e instanceof TraceEvent.Delivery)) shown.add(e);
        }
        int head = shown.size() <= MAX_LINES ? shown.size() : MAX_LINES * 3 / 4;
        int tail = shown.size() <= MAX_LINES ? 0 : MAX_LINES / 4;
        for (int i = 0; i < shown.size(); i++) {
            if (i == head && tail > 0) {
                out.append(String.format(Locale.ROOT, "%12s  ... %,d events elided: the trace itself (and a "
                        + "report's trace JSON) holds every one, a report's pcap every segment ...%n", "",
                        shown.size() - head - tail));
                i = shown.size() - tail;
            }
            TraceEvent e = shown.get(i);
            String line = line(e, isn);
            if (line != null) {
                out.append(String.format(Locale.ROOT, "%12.6f  ", e.nanos() / 1e9)).append(line).append('\n');
            }
        }
        out.append(String.format(Locale.ROOT, "%12.6f  (end of observation)%n", trace.endNanos() / 1e9));
        return out.toString();
    }

    private static String line(TraceEvent e, Map<String, Integer> isn) {
        if (e instanceof TraceEvent.SegmentSent s) return arrow(s, isn);
        if (e instanceof TraceEvent.SegmentInjected s) {
            return arrow(s.asSent(), isn).replace('-', '~') + " (injected)";
        }
        if (e instanceof TraceEvent.StateChange c) {
            return lane(c.side(), connTag(c.conn()) + c.from() + " -> " + c.to() + " (" + c.cause() + ")");
        }
        if (e instanceof TraceEvent.AppResult r) {
            String what = r.call().label() + " -> " + r.outcome().text()
                    + (r.bytes() > 0 ? " (" + r.bytes() + " bytes)" : "")
                    + (r.blockedNanos() > 0 ? " after " + Trace.human(r.blockedNanos()) : "")
                    + (r.detail().isEmpty() ? "" : " " + r.detail());
            return lane(r.side(), connTag(r.conn()) + "app " + what);
        }
        if (e instanceof TraceEvent.Timer t) {
            if (t.action() == TraceEvent.TimerAction.FIRED) {
                return lane(t.side(), connTag(t.conn()) + t.kind().label() + " timer fired");
            }
            return lane(t.side(), connTag(t.conn()) + t.kind().label() + " timer "
                    + (t.action() == TraceEvent.TimerAction.ARMED ? "armed " : "observed, left ")
                    + Trace.human(t.durationNanos())
                    + (t.resolutionNanos() == 0 ? "" : " (±" + Trace.human(t.resolutionNanos()) + ")"));
        }
        if (e instanceof TraceEvent.Action a) return "== " + a.text();
        if (e instanceof TraceEvent.Note n) return ".. " + n.text();
        return null; // deliveries are implied by the arrows
    }

    private static String connTag(int conn) {
        return conn <= 0 ? "" : "#" + conn + " ";
    }

    private static String lane(Side side, String text) {
        return side == Side.CLIENT ? text : String.format(Locale.ROOT, "%" + WIDTH + "s", text);
    }

    private static String arrow(TraceEvent.SegmentSent s, Map<String, Integer> isn) {
        Segment seg = s.segment();
        Integer mine = isn.get(s.from() + "#" + s.conn());
        Integer theirs = isn.get(s.from().peer() + "#" + s.conn());
        StringBuilder label = new StringBuilder(connTag(s.conn())).append('[').append(seg.flagNames()).append("] seq=")
                .append(mine == null ? Seq.str(seg.seq()) : Integer.toUnsignedString(seg.seq() - mine));
        if (seg.hasAck()) {
            label.append(" ack=").append(theirs == null ? Seq.str(seg.ack())
                    : Integer.toUnsignedString(seg.ack() - theirs));
        }
        label.append(" win=").append(seg.window());
        if (seg.len() > 0) label.append(" len=").append(seg.len());
        if (seg.options().mss() > 0) label.append(" mss=").append(seg.options().mss());
        if (s.fate() != Fate.DELIVERED) label.append(' ').append(s.fate());
        String text = label.toString();
        int dashes = Math.max(2, WIDTH - text.length() - 5);
        boolean lost = s.fate() == Fate.DROPPED;
        if (s.from() == Side.CLIENT) {
            String tail = lost ? "-".repeat(dashes / 2) + "X" : "-".repeat(dashes) + ">";
            return "--" + text + tail;
        }
        String head = lost ? " ".repeat(dashes / 2) + "X" + "-".repeat(dashes - dashes / 2) : "<" + "-".repeat(dashes);
        return head + text + "--";
    }
}
