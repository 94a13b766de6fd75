package dev.tcpspec.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpspec.trace.AppCall;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Fate;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpOptions;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.TimerKind;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;
import dev.tcpspec.trace.TraceInfo;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A trace as JSON and back, losslessly: reading what was written gives a trace with the same canonical text, hence
 * the same digest. {@code report.json} carries the traces of the results that did not pass, so that {@code tcpspec
 * merge} can draw their ladders and write their pcap files without running anything again.
 *
 * <p>Each event is an object with {@code t} (nanoseconds) and {@code event}: {@code segment}, {@code delivery},
 * {@code state}, {@code app}, {@code timer}, {@code action} or {@code note}. Sequence and acknowledgement numbers are
 * unsigned; payloads and data read are base64.
 *
 * <pre>{@code
 * ObjectNode json = TraceJson.toJson(trace);
 * Trace same = TraceJson.fromJson(json);      // same.digest().equals(trace.digest())
 * }</pre>
 */
public final class TraceJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TraceJson() {
    }

    /** The trace as a JSON object: {@code info}, {@code endNanos}, {@code events}. */
    public static ObjectNode toJson(Trace trace) {
        ObjectNode o = MAPPER.createObjectNode();
        TraceInfo info = trace.info();
        ObjectNode i = o.putObject("info");
        i.put("stack", info.stack());
        i.put("profile", info.profile());
        i.put("seed", info.seed());
        i.put("clientAddress", info.clientAddress());
        i.put("serverAddress", info.serverAddress());
        o.put("endNanos", trace.endNanos());
        ArrayNode events = o.putArray("events");
        for (TraceEvent e : trace.events()) events.add(event(e));
        return o;
    }

    private static ObjectNode event(TraceEvent e) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("t", e.nanos());
        if (e instanceof TraceEvent.SegmentSent s) {
            o.put("event", "segment");
            o.put("id", s.id());
            o.put("from", s.from().name());
            o.put("conn", s.conn());
            o.put("kind", s.kind().name());
            o.put("fate", s.fate().name());
            Segment seg = s.segment();
            o.put("srcPort", seg.srcPort());
            o.put("dstPort", seg.dstPort());
            o.put("seq", Integer.toUnsignedLong(seg.seq()));
            o.put("ack", Integer.toUnsignedLong(seg.ack()));
            o.put("flags", seg.flags());
            o.put("window", seg.window());
            if (seg.options().mss() > 0) o.put("mss", seg.options().mss());
            if (seg.options().hasTimestamps()) {
                o.putArray("ts").add(Integer.toUnsignedLong(seg.options().tsVal()))
                        .add(Integer.toUnsignedLong(seg.options().tsEcr()));
            }
            if (seg.len() > 0) o.put("payload", Base64.getEncoder().encodeToString(seg.payload()));
        } else if (e instanceof TraceEvent.Delivery d) {
            o.put("event", "delivery");
            o.put("id", d.id());
            o.put("to", d.to().name());
        } else if (e instanceof TraceEvent.StateChange c) {
            o.put("event", "state");
            o.put("side", c.side().name());
            o.put("conn", c.conn());
            o.put("from", c.from().name());
            o.put("to", c.to().name());
            o.put("cause", c.cause());
        } else if (e instanceof TraceEvent.AppResult r) {
            o.put("event", "app");
            o.put("side", r.side().name());
            o.put("conn", r.conn());
            o.put("call", r.call().name());
            o.put("outcome", r.outcome().name());
            o.put("bytes", r.bytes());
            if (r.data() != null && r.data().length > 0) o.put("data", Base64.getEncoder().encodeToString(r.data()));
            o.put("blockedNanos", r.blockedNanos());
            o.put("detail", r.detail());
        } else if (e instanceof TraceEvent.Timer t) {
            o.put("event", "timer");
            o.put("side", t.side().name());
            o.put("conn", t.conn());
            o.put("kind", t.kind().name());
            o.put("action", t.action().name());
            o.put("durationNanos", t.durationNanos());
        } else if (e instanceof TraceEvent.Action a) {
            o.put("event", "action");
            o.put("text", a.text());
        } else if (e instanceof TraceEvent.Note n) {
            o.put("event", "note");
            o.put("text", n.text());
        } else {
            throw new IllegalArgumentException("unknown trace event " + e.getClass().getName());
        }
        return o;
    }

    /**
     * Reads a trace written by {@link #toJson}.
     *
     * @throws IllegalArgumentException naming the event that is malformed
     */
    public static Trace fromJson(JsonNode o) {
        JsonNode i = required(o, "info", "trace");
        TraceInfo info = new TraceInfo(text(i, "stack"), text(i, "profile"), i.path("seed").asLong(),
                text(i, "clientAddress"), text(i, "serverAddress"));
        List<TraceEvent> events = new ArrayList<>();
        int n = 0;
        for (JsonNode e : required(o, "events", "trace")) {
            try {
                events.add(event(e));
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException("trace event #" + n + " " + e + " is malformed: " + ex.getMessage(),
                        ex);
            }
            n++;
        }
        return new Trace(info, events, o.path("endNanos").asLong());
    }

    private static TraceEvent event(JsonNode o) {
        long t = required(o, "t", "event").asLong();
        String type = text(o, "event");
        if (type == null) throw new IllegalArgumentException("it has no 'event' field");
        return switch (type) {
            case "segment" -> {
                TcpOptions opts = TcpOptions.NONE;
                if (o.has("mss")) opts = opts.withMss(o.get("mss").asInt());
                if (o.has("ts")) opts = opts.withTimestamps((int) o.get("ts").get(0).asLong(),
                        (int) o.get("ts").get(1).asLong());
                byte[] payload = o.has("payload") ? Base64.getDecoder().decode(o.get("payload").asText())
                        : Segment.NO_PAYLOAD;
                Segment seg = new Segment(o.path("srcPort").asInt(), o.path("dstPort").asInt(),
                        (int) o.path("seq").asLong(), (int) o.path("ack").asLong(), o.path("flags").asInt(),
                        o.path("window").asInt(), payload, opts);
                yield new TraceEvent.SegmentSent(t, o.path("id").asInt(), Side.valueOf(text(o, "from")),
                        o.path("conn").asInt(), seg, SegmentKind.valueOf(text(o, "kind")),
                        Fate.valueOf(text(o, "fate")));
            }
            case "delivery" -> new TraceEvent.Delivery(t, o.path("id").asInt(), Side.valueOf(text(o, "to")));
            case "state" -> new TraceEvent.StateChange(t, Side.valueOf(text(o, "side")), o.path("conn").asInt(),
                    TcpState.valueOf(text(o, "from")), TcpState.valueOf(text(o, "to")), text(o, "cause", ""));
            case "app" -> new TraceEvent.AppResult(t, Side.valueOf(text(o, "side")), o.path("conn").asInt(),
                    AppCall.valueOf(text(o, "call")), AppOutcome.valueOf(text(o, "outcome")),
                    o.path("bytes").asInt(),
                    o.has("data") ? Base64.getDecoder().decode(o.get("data").asText()) : new byte[0],
                    o.path("blockedNanos").asLong(), text(o, "detail", ""));
            case "timer" -> new TraceEvent.Timer(t, Side.valueOf(text(o, "side")), o.path("conn").asInt(),
                    TimerKind.valueOf(text(o, "kind")), TraceEvent.TimerAction.valueOf(text(o, "action")),
                    o.path("durationNanos").asLong());
            case "action" -> new TraceEvent.Action(t, text(o, "text", ""));
            case "note" -> new TraceEvent.Note(t, text(o, "text", ""));
            default -> throw new IllegalArgumentException("unknown event type '" + type
                    + "'; known: segment, delivery, state, app, timer, action, note");
        };
    }

    private static JsonNode required(JsonNode o, String field, String what) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) throw new IllegalArgumentException("the " + what + " has no '" + field + "'");
        return v;
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String text(JsonNode o, String field, String otherwise) {
        String s = text(o, field);
        return s == null ? otherwise : s;
    }
}
