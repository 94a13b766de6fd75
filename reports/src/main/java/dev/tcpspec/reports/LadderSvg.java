package dev.tcpspec.reports;

import dev.tcpspec.trace.Fate;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A trace as an SVG ladder (sequence) diagram: time flows down, the client's lane on the left and the server's on the
 * right, each coloured by the state its main connection is in. Segments are arrows labelled with their flags,
 * relative sequence and acknowledgement numbers and length, slanted from the time they were sent to the time they
 * arrived ({@link TraceEvent.Delivery}); a dropped segment ends in a cross half way, a duplicated one arrives twice
 * (the copy dashed), a delayed or reordered one says so, and a retransmission is marked. State changes, application
 * results, timers and scenario steps are written beside the lane of the host they happened on; long quiet periods
 * (a TIME_WAIT running out) are drawn as a break with their length, so a 240 s trace stays readable.
 *
 * <p>Vertical space is given per event, not per unit of time (a trace spans microseconds to hours); the gap before an
 * event grows with the logarithm of the time that passed. Traces of more than {@value #MAX_EVENTS} drawable events
 * show their beginning and end, with the number of events left out in between and where they all are: the trace's
 * JSON (inline in report.json, or a side file in traces/) and, for segments, the pcap; the text ladder elides too.
 *
 * <pre>{@code
 * String svg = LadderSvg.render(result.trace());
 * }</pre>
 */
public final class LadderSvg {
    static final int MAX_EVENTS = 600;
    private static final int WIDTH = 1040;
    private static final int TIME_X = 66;
    private static final int CLIENT_X = 400;
    private static final int SERVER_X = 720;
    private static final int TOP = 58;
    private static final int ROW = 19;
    private static final double CHAR = 6.4;
    /** Width of a character of an arrow label (monospace, 10.5 px). */
    private static final double LABEL_CHAR = 6.35;
    /** Quiet periods at least this long are drawn as a break with their length. */
    private static final long BREAK_NANOS = 100_000_000L;

    private final Trace trace;
    private final StringBuilder svg = new StringBuilder(16_384);
    /** Arrow labels, drawn after every arrow so that no line crosses a label. */
    private final StringBuilder labels = new StringBuilder(4096);
    private final Map<Integer, Double> sendY = new HashMap<>();
    private final Map<Integer, List<Double>> arrivalY = new HashMap<>();
    private final Map<Side, List<Map.Entry<TcpState, Double>>> stateMarks = new java.util.EnumMap<>(Side.class);
    private final Map<String, Integer> isn = new HashMap<>();

    private LadderSvg(Trace trace) {
        this.trace = trace;
    }

    /** The ladder diagram of a trace, as an {@code <svg>} element to inline in HTML. */
    public static String render(Trace trace) {
        return new LadderSvg(trace).draw();
    }

    private String draw() {
        for (TraceEvent.SegmentSent s : trace.segments()) {
            if (s.segment().syn()) isn.putIfAbsent(s.from() + "#" + s.conn(), s.segment().seq());
        }
        List<TraceEvent> events = new ArrayList<>(trace.events());
        List<TraceEvent> head = events;
        List<TraceEvent> tail = List.of();
        if (events.size() > MAX_EVENTS) {
            head = events.subList(0, MAX_EVENTS / 2);
            tail = events.subList(events.size() - MAX_EVENTS / 2, events.size());
        }

        StringBuilder rows = new StringBuilder(8192);
        double y = TOP;
        long lastTime = Long.MIN_VALUE;
        long labelledTime = Long.MIN_VALUE;
        List<TraceEvent> drawn = new ArrayList<>(head);
        drawn.addAll(tail);
        int elidedAfter = tail.isEmpty() ? -1 : head.size();
        for (int i = 0; i < drawn.size(); i++) {
            TraceEvent e = drawn.get(i);
            if (i == elidedAfter) {
                y += ROW;
                int left = events.size() - head.size() - tail.size();
                rows.append("<rect class=\"elided\" x=\"8\" y=\"").append(f(y - 12)).append("\" width=\"")
                        .append(WIDTH - 16).append("\" height=\"22\" rx=\"4\"/>");
                // the text ladder elides too: the files that hold every event are the trace's JSON and the pcap
                text(rows, WIDTH / 2.0, y + 3, "middle", "note", "⋯ " + left + " events not drawn: report.json "
                        + "(or its side file in traces/) holds every event, the pcap every segment ⋯", WIDTH);
                y += ROW;
                lastTime = Long.MIN_VALUE;
            }
            long t = e.nanos();
            if (lastTime != Long.MIN_VALUE && t > lastTime) {
                long dt = t - lastTime;
                y += gap(dt);
                if (dt >= BREAK_NANOS) {
                    y += 6;
                    rows.append("<line class=\"break\" x1=\"8\" x2=\"").append(WIDTH - 8).append("\" y1=\"")
                            .append(f(y - 8)).append("\" y2=\"").append(f(y - 8)).append("\"/>");
                    text(rows, TIME_X, y - 11, "end", "gap", "+" + Trace.human(dt), TIME_X);
                    y += 8;
                }
            }
            y += ROW;
            lastTime = t;
            if (t != labelledTime) {
                text(rows, TIME_X, y + 4, "end", "time", seconds(t), TIME_X);
                labelledTime = t;
            }
            row(rows, e, y);
        }
        double bottom = y + ROW + 8;
        drawTail(rows, bottom);
        double height = bottom + 22;

        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ladder\" viewBox=\"0 0 ").append(WIDTH)
                .append(' ').append(f(height)).append("\" width=\"").append(WIDTH).append("\" height=\"")
                .append(f(height)).append("\" role=\"img\" aria-label=\"ladder diagram: ")
                .append(Escape.html(trace.segments().size() + " segments, " + trace.events().size() + " events"))
                .append("\">");
        lanes(bottom);
        header();
        svg.append(rows);
        arrows();
        svg.append(labels).append("</svg>");
        return svg.toString();
    }

    /** Extra space before an event that comes {@code dt} ns after the previous one. */
    private static double gap(long dt) {
        if (dt <= 0) return 0;
        return Math.min(34, 4 * Math.log10(dt / 1000.0 + 1));
    }

    private void header() {
        text(svg, TIME_X, 20, "end", "head", "time (s)", TIME_X);
        endpoint(CLIENT_X, "client", trace.info().clientAddress());
        endpoint(SERVER_X, "server", trace.info().serverAddress());
        List<String> isns = new ArrayList<>();
        isn.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> isns.add(
                e.getKey().toLowerCase(Locale.ROOT).replace("#0", "") + " " + Integer.toUnsignedString(e.getValue())));
        if (!isns.isEmpty()) {
            text(svg, (CLIENT_X + SERVER_X) / 2.0, 48, "middle", "isn", "seq/ack relative to ISN: "
                    + String.join(", ", isns), SERVER_X - CLIENT_X + 200);
        }
    }

    private void endpoint(int x, String name, String address) {
        String label = name + (address == null || address.isEmpty() ? "" : " " + address);
        double w = Math.max(90, label.length() * 7.2 + 20);
        svg.append("<rect class=\"host\" x=\"").append(f(x - w / 2)).append("\" y=\"6\" width=\"").append(f(w))
                .append("\" height=\"24\" rx=\"5\"/>");
        text(svg, x, 22, "middle", "hostname", label, w);
    }

    private void lanes(double bottom) {
        for (Side side : Side.values()) {
            int x = laneX(side);
            svg.append("<line class=\"lane\" x1=\"").append(x).append("\" x2=\"").append(x).append("\" y1=\"30\" y2=\"")
                    .append(f(bottom)).append("\"/>");
            List<Map.Entry<TcpState, Double>> marks = stateMarks.getOrDefault(side, List.of());
            for (int i = 0; i < marks.size(); i++) {
                double from = marks.get(i).getValue();
                double to = i + 1 < marks.size() ? marks.get(i + 1).getValue() : bottom;
                TcpState state = marks.get(i).getKey();
                svg.append("<rect class=\"st st-").append(stateClass(state)).append("\" x=\"").append(x - 4)
                        .append("\" y=\"").append(f(from)).append("\" width=\"8\" height=\"")
                        .append(f(Math.max(1, to - from))).append("\"><title>")
                        .append(Escape.html(side.label() + " " + state)).append("</title></rect>");
            }
        }
    }

    private void row(StringBuilder out, TraceEvent e, double y) {
        if (e instanceof TraceEvent.SegmentSent s) {
            sendY.put(s.id(), y);
        } else if (e instanceof TraceEvent.Delivery d) {
            arrivalY.computeIfAbsent(d.id(), k -> new ArrayList<>()).add(y);
        } else if (e instanceof TraceEvent.StateChange c) {
            if (c.conn() == 0) stateMarks.computeIfAbsent(c.side(), k -> new ArrayList<>()).add(Map.entry(c.to(), y));
            String arrow = conn(c.conn()) + c.from() + " → " + c.to();
            String cause = c.cause().isEmpty() ? "" : "  " + c.cause();
            laneText(out, c.side(), y, new String[]{arrow, cause}, new String[]{"state st-t-" + stateClass(c.to()),
                    "cause"}, arrow + cause);
        } else if (e instanceof TraceEvent.AppResult r) {
            String what = conn(r.conn()) + "app " + r.call().label() + " → " + r.outcome().text()
                    + (r.bytes() > 0 ? " (" + r.bytes() + " bytes)" : "")
                    + (r.blockedNanos() > 0 ? " after " + Trace.human(r.blockedNanos()) : "")
                    + (r.detail().isEmpty() ? "" : " " + r.detail());
            laneText(out, r.side(), y, new String[]{what}, new String[]{r.outcome().isError() ? "app err" : "app"},
                    what);
        } else if (e instanceof TraceEvent.Timer t) {
            String what = conn(t.conn()) + t.kind().label() + " timer " + switch (t.action()) {
                case FIRED -> "fired";
                case ARMED -> "armed " + Trace.human(t.durationNanos());
                case OBSERVED -> "observed, " + Trace.human(t.durationNanos()) + " left";
            };
            laneText(out, t.side(), y, new String[]{what}, new String[]{"timer"}, what);
        } else if (e instanceof TraceEvent.Action a) {
            Side side = a.text().startsWith("client") ? Side.CLIENT : a.text().startsWith("server") ? Side.SERVER
                    : null;
            if (side == null) {
                note(out, y, "▶ " + a.text(), "step");
            } else {
                String what = "▶ " + a.text().substring(side.label().length()).replaceFirst("^[:\\s]+", "");
                laneText(out, side, y, new String[]{what}, new String[]{"step"}, a.text());
            }
        } else if (e instanceof TraceEvent.Note n) {
            note(out, y, n.text(), "note");
        } else if (e instanceof TraceEvent.SegmentInjected i) {
            note(out, y, "injected as if from " + i.asIf().label() + ": " + i.segment(), "note");
        }
    }

    private void note(StringBuilder out, double y, String text, String cls) {
        double w = Math.min(SERVER_X - CLIENT_X + 300, text.length() * CHAR + 16);
        double cx = (CLIENT_X + SERVER_X) / 2.0;
        out.append("<rect class=\"notebox\" x=\"").append(f(cx - w / 2)).append("\" y=\"").append(f(y - 9))
                .append("\" width=\"").append(f(w)).append("\" height=\"16\" rx=\"3\"/>");
        text(out, cx, y + 4, "middle", cls, text, w);
    }

    private void laneText(StringBuilder out, Side side, double y, String[] parts, String[] classes, String full) {
        boolean client = side == Side.CLIENT;
        double x = client ? CLIENT_X - 12 : SERVER_X + 12;
        double room = client ? CLIENT_X - 12 - TIME_X - 14 : WIDTH - SERVER_X - 20;
        int maxChars = (int) (room / CHAR);
        out.append("<text x=\"").append(f(x)).append("\" y=\"").append(f(y + 4)).append("\" text-anchor=\"")
                .append(client ? "end" : "start").append("\">");
        int used = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty()) continue;
            int left = maxChars - used;
            if (left <= 1) break;
            String shown = Escape.shorten(p, left);
            used += shown.length();
            out.append("<tspan class=\"").append(classes[i]).append("\">").append(Escape.html(shown))
                    .append("</tspan>");
        }
        out.append("<title>").append(Escape.html(full)).append("</title></text>");
    }

    private void arrows() {
        Map<String, Set<String>> seen = new HashMap<>();
        for (TraceEvent.SegmentSent s : trace.segments()) {
            Double y1 = sendY.get(s.id());
            if (y1 == null) continue;
            Segment seg = s.segment();
            boolean retransmission = false;
            if (seg.seqLength() > 0) {
                String key = seg.seq() + "/" + (seg.flags() & (Segment.SYN | Segment.FIN | Segment.RST)) + "/"
                        + seg.len();
                retransmission = !seen.computeIfAbsent(s.from() + "#" + s.conn(), k -> new HashSet<>()).add(key);
            }
            double x1 = laneX(s.from());
            double x2 = laneX(s.from().peer());
            double dir = Math.signum(x2 - x1);
            x1 += dir * 5;
            x2 -= dir * 5;
            String cls = "seg " + segClass(seg) + (retransmission ? " retx" : "");
            List<Double> arrivals = arrivalY.getOrDefault(s.id(), List.of());
            String label = label(s, retransmission);
            String tip = Escape.html(s.from().label() + " → " + s.from().peer().label() + ": " + seg + " ("
                    + s.kind().label() + ", " + s.fate().name().toLowerCase(Locale.ROOT) + ")");
            svg.append("<g class=\"").append(cls).append("\"><title>").append(tip).append("</title>");
            labels.append("<g class=\"").append(cls).append("\"><title>").append(tip).append("</title>");
            if (s.fate() == Fate.DROPPED || (arrivals.isEmpty() && anyDeliveries() && s.fate() != Fate.DELIVERED)) {
                double xe = x1 + (x2 - x1) * 0.55;
                double ye = y1 + 14;
                line(x1, y1, xe, ye, "dropped");
                svg.append("<path class=\"cross\" d=\"M").append(f(xe - 5)).append(' ').append(f(ye - 5)).append(" L")
                        .append(f(xe + 5)).append(' ').append(f(ye + 5)).append(" M").append(f(xe - 5)).append(' ')
                        .append(f(ye + 5)).append(" L").append(f(xe + 5)).append(' ').append(f(ye - 5))
                        .append("\"/>");
                arrowLabel(x1, y1, x2, y1 + 14, label); // over the whole gap: the short line leaves no room
            } else if (arrivals.isEmpty()) {
                if (!anyDeliveries() || s.fate() == Fate.DELIVERED) {
                    double y2 = anyDeliveries() ? y1 + 12 : y1; // a capture without arrival times: drawn level
                    line(x1, y1, x2, y2, null);
                    head(x1, y1, x2, y2);
                    arrowLabel(x1, y1, x2, y2, label);
                }
            } else {
                for (int i = 0; i < arrivals.size(); i++) {
                    double y2 = arrivals.get(i);
                    line(x1, y1, x2, y2, i > 0 ? "copy" : null);
                    head(x1, y1, x2, y2);
                    if (i == 0) arrowLabel(x1, y1, x2, y2, label);
                }
            }
            svg.append("</g>");
            labels.append("</g>");
        }
    }

    private boolean anyDeliveriesCache;
    private boolean anyDeliveriesKnown;

    private boolean anyDeliveries() {
        if (!anyDeliveriesKnown) {
            anyDeliveriesCache = !trace.eventsOf(TraceEvent.Delivery.class).isEmpty();
            anyDeliveriesKnown = true;
        }
        return anyDeliveriesCache;
    }

    private String label(TraceEvent.SegmentSent s, boolean retransmission) {
        Segment seg = s.segment();
        Integer mine = isn.get(s.from() + "#" + s.conn());
        Integer theirs = isn.get(s.from().peer() + "#" + s.conn());
        StringBuilder l = new StringBuilder(conn(s.conn())).append(seg.flagNames()).append(" seq=")
                .append(mine == null ? Integer.toUnsignedString(seg.seq())
                        : Integer.toUnsignedString(seg.seq() - mine));
        if (seg.hasAck()) {
            l.append(" ack=").append(theirs == null ? Integer.toUnsignedString(seg.ack())
                    : Integer.toUnsignedString(seg.ack() - theirs));
        }
        l.append(" len=").append(seg.len());
        if (seg.window() == 0 && !seg.rst()) l.append(" win=0");
        if (retransmission) l.append(" ↻");
        switch (s.fate()) {
            case DROPPED -> l.append(" ✗ dropped");
            case DUPLICATED -> l.append(" (duplicated)");
            case DELAYED -> l.append(" (delayed)");
            case REORDERED -> l.append(" (reordered)");
            default -> { }
        }
        return l.toString();
    }

    private void line(double x1, double y1, double x2, double y2, String extraClass) {
        svg.append("<line").append(extraClass == null ? "" : " class=\"" + extraClass + "\"").append(" x1=\"")
                .append(f(x1)).append("\" y1=\"").append(f(y1)).append("\" x2=\"").append(f(x2)).append("\" y2=\"")
                .append(f(y2)).append("\"/>");
    }

    private void head(double x1, double y1, double x2, double y2) {
        double a = Math.atan2(y2 - y1, x2 - x1);
        double l = 9;
        double w = 4;
        double bx = x2 - l * Math.cos(a);
        double by = y2 - l * Math.sin(a);
        svg.append("<path class=\"head\" d=\"M").append(f(x2)).append(' ').append(f(y2)).append(" L")
                .append(f(bx - w * Math.sin(a))).append(' ').append(f(by + w * Math.cos(a))).append(" L")
                .append(f(bx + w * Math.sin(a))).append(' ').append(f(by - w * Math.cos(a))).append(" Z\"/>");
    }

    private void arrowLabel(double x1, double y1, double x2, double y2, String label) {
        double mx = (x1 + x2) / 2;
        double my = (y1 + y2) / 2;
        double room = Math.abs(x2 - x1) + 60;
        String shown = Escape.shorten(label, (int) (room / LABEL_CHAR));
        double w = shown.codePointCount(0, shown.length()) * LABEL_CHAR + 6;
        labels.append("<rect class=\"lblbg\" x=\"").append(f(mx - w / 2)).append("\" y=\"").append(f(my - 14))
                .append("\" width=\"").append(f(w)).append("\" height=\"13\" rx=\"2\"/>");
        text(labels, mx, my - 4, "middle", "lbl", label, room);
    }

    private void drawTail(StringBuilder out, double bottom) {
        text(out, TIME_X, bottom + 14, "end", "time", seconds(trace.endNanos()), TIME_X);
        note(out, bottom + 10, "end of observation", "note");
    }

    private static void text(StringBuilder out, double x, double y, String anchor, String cls, String text,
                             double room) {
        String shown = Escape.shorten(text, Math.max(4, (int) (room / CHAR)));
        out.append("<text class=\"").append(cls).append("\" x=\"").append(f(x)).append("\" y=\"").append(f(y))
                .append("\" text-anchor=\"").append(anchor).append("\">").append(Escape.html(shown));
        if (!shown.equals(text)) out.append("<title>").append(Escape.html(text)).append("</title>");
        out.append("</text>");
    }

    private static int laneX(Side side) {
        return side == Side.CLIENT ? CLIENT_X : SERVER_X;
    }

    private static String conn(int conn) {
        return conn <= 0 ? "" : "#" + conn + " ";
    }

    private static String segClass(Segment s) {
        if (s.rst()) return "rst";
        if (s.syn()) return "syn";
        if (s.fin()) return "fin";
        if (s.len() > 0) return "data";
        return "ack";
    }

    /** The CSS class suffix of a state's colour. */
    static String stateClass(TcpState s) {
        return switch (s) {
            case CLOSED, LISTEN -> "closed";
            case SYN_SENT, SYN_RECEIVED -> "syn";
            case ESTABLISHED -> "est";
            case FIN_WAIT_1, FIN_WAIT_2, CLOSING -> "finwait";
            case CLOSE_WAIT, LAST_ACK -> "closewait";
            case TIME_WAIT -> "timewait";
        };
    }

    /** Seconds with at least three decimals and at most nine, e.g. {@code 0.003}, {@code 240.005}. */
    static String seconds(long nanos) {
        String s = Trace.time(nanos);
        int dot = s.indexOf('.');
        int end = s.length();
        while (end > dot + 4 && s.charAt(end - 1) == '0') end--;
        return s.substring(0, end);
    }

    private static String f(double v) {
        if (v == Math.rint(v)) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
