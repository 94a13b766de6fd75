package dev.tcpspec.reports;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
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

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * A trace as JSON and back, losslessly: reading what was written gives a trace with the same canonical text, hence
 * the same digest. {@code report.json} carries the traces of the results that did not pass, so that {@code tcpspec
 * merge} can draw their ladders and write their pcap files without running anything again; a trace too long to sit
 * inside {@code report.json} goes to a gzip'd side file of the same form ({@link #gzip}, {@link #readGzip}).
 *
 * <p>The trace is an object with {@code info}, {@code endNanos} and {@code events}. Each event is an object with
 * {@code t} (nanoseconds) and {@code event}: {@code segment}, {@code injected}, {@code delivery}, {@code state},
 * {@code app}, {@code timer}, {@code action} or {@code note}. Sequence and acknowledgement numbers are unsigned;
 * payloads and data read are base64.
 *
 * <pre>{@code
 * ObjectNode json = TraceJson.toJson(trace);
 * Trace same = TraceJson.fromJson(json);      // same.digest().equals(trace.digest())
 * byte[] side = TraceJson.gzip(trace);         // the same JSON, compact and compressed; same trace, same bytes
 * }</pre>
 */
public final class TraceJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /**
     * How hard side files are compressed. The fastest level: a port-exhaustion trace (850,000 events, 140 MB of JSON)
     * compresses in under a second to about a tenth, where the default level takes several times as long for a few
     * percent less.
     */
    private static final int GZIP_LEVEL = Deflater.BEST_SPEED;
    private static final int BUFFER = 1 << 16;

    private TraceJson() {
    }

    /** The trace as a JSON object: {@code info}, {@code endNanos}, {@code events}. */
    public static ObjectNode toJson(Trace trace) {
        try (TokenBuffer tokens = new TokenBuffer(MAPPER, false)) {
            write(trace, tokens);
            try (JsonParser p = tokens.asParser()) {
                return (ObjectNode) MAPPER.readTree(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a trace always converts to a JSON tree in memory", e);
        }
    }

    /**
     * Writes the trace as compact JSON to {@code out}, event by event: a trace of a million events never needs its
     * whole text in memory. Leaves {@code out} open.
     */
    public static void write(Trace trace, OutputStream out) throws IOException {
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            write(trace, g);
        }
    }

    /**
     * The side-file form of a trace: its compact JSON ({@link #write}), gzip'd. The same trace always gives the same
     * bytes (the gzip header carries no time or name, and the input reaches the compressor in the same pieces).
     */
    public static byte[] gzip(Trace trace) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + trace.events().size() * 16);
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes, BUFFER) {
            {
                def.setLevel(GZIP_LEVEL);
            }
        }) {
            write(trace, gz);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory does not fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a side file written from {@link #gzip}.
     *
     * @throws NoSuchFileException      if there is no such file
     * @throws IOException              if it cannot be read
     * @throws IllegalArgumentException if it is not a whole gzip'd trace, naming the file and what is wrong
     */
    public static Trace readGzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER), BUFFER)) {
            return read(in);
        } catch (ZipException | EOFException e) {
            throw new IllegalArgumentException(file + " is not a whole gzip file (" + e.getMessage() + ")", e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not a trace in JSON: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a trace written by {@link #write}, event by event (the text is never held whole), to the end of
     * {@code in}.
     *
     * @throws IllegalArgumentException naming what is missing or the event that is malformed
     * @throws JsonProcessingException  if it is not JSON
     */
    public static Trace read(InputStream in) throws IOException {
        try (JsonParser p = MAPPER.createParser(in)) {
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("the trace is not a JSON object");
            }
            JsonNode info = null;
            long endNanos = 0;
            List<TraceEvent> events = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "info" -> info = p.readValueAsTree();
                    case "endNanos" -> endNanos = p.getValueAsLong();
                    case "events" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw new IllegalArgumentException("the trace's 'events' is not an array");
                        }
                        events = new ArrayList<>();
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            events.add(event(p.readValueAsTree(), events.size()));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) throw new IllegalArgumentException("there is more after the trace");
            if (info == null) throw new IllegalArgumentException("the trace has no 'info'");
            if (events == null) throw new IllegalArgumentException("the trace has no 'events'");
            return new Trace(info(info), events, endNanos);
        }
    }

    private static void write(Trace trace, JsonGenerator g) throws IOException {
        g.writeStartObject();
        TraceInfo info = trace.info();
        g.writeObjectFieldStart("info");
        g.writeStringField("stack", info.stack());
        g.writeStringField("profile", info.profile());
        g.writeNumberField("seed", info.seed());
        g.writeStringField("clientAddress", info.clientAddress());
        g.writeStringField("serverAddress", info.serverAddress());
        g.writeEndObject();
        g.writeNumberField("endNanos", trace.endNanos());
        g.writeArrayFieldStart("events");
        for (TraceEvent e : trace.events()) event(e, g);
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void event(TraceEvent e, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("t", e.nanos());
        if (e instanceof TraceEvent.SegmentInjected i) {
            g.writeStringField("event", "injected");
            g.writeNumberField("id", i.id());
            g.writeStringField("asIf", i.asIf().name());
            g.writeNumberField("conn", i.conn());
            segment(i.segment(), g);
        } else if (e instanceof TraceEvent.SegmentSent s) {
            g.writeStringField("event", "segment");
            g.writeNumberField("id", s.id());
            g.writeStringField("from", s.from().name());
            g.writeNumberField("conn", s.conn());
            g.writeStringField("kind", s.kind().name());
            g.writeStringField("fate", s.fate().name());
            segment(s.segment(), g);
        } else if (e instanceof TraceEvent.Delivery d) {
            g.writeStringField("event", "delivery");
            g.writeNumberField("id", d.id());
            g.writeStringField("to", d.to().name());
        } else if (e instanceof TraceEvent.StateChange c) {
            g.writeStringField("event", "state");
            g.writeStringField("side", c.side().name());
            g.writeNumberField("conn", c.conn());
            g.writeStringField("from", c.from().name());
            g.writeStringField("to", c.to().name());
            g.writeStringField("cause", c.cause());
        } else if (e instanceof TraceEvent.AppResult r) {
            g.writeStringField("event", "app");
            g.writeStringField("side", r.side().name());
            g.writeNumberField("conn", r.conn());
            g.writeStringField("call", r.call().name());
            g.writeStringField("outcome", r.outcome().name());
            g.writeNumberField("bytes", r.bytes());
            if (r.data() != null && r.data().length > 0) {
                g.writeStringField("data", Base64.getEncoder().encodeToString(r.data()));
            }
            g.writeNumberField("blockedNanos", r.blockedNanos());
            g.writeStringField("detail", r.detail());
        } else if (e instanceof TraceEvent.Timer t) {
            g.writeStringField("event", "timer");
            g.writeStringField("side", t.side().name());
            g.writeNumberField("conn", t.conn());
            g.writeStringField("kind", t.kind().name());
            g.writeStringField("action", t.action().name());
            g.writeNumberField("durationNanos", t.durationNanos());
            if (t.resolutionNanos() != 0) g.writeNumberField("resolutionNanos", t.resolutionNanos());
        } else if (e instanceof TraceEvent.Action a) {
            g.writeStringField("event", "action");
            g.writeStringField("text", a.text());
        } else if (e instanceof TraceEvent.Note n) {
            g.writeStringField("event", "note");
            g.writeStringField("text", n.text());
        } else {
            throw new IllegalArgumentException("unknown trace event " + e.getClass().getName());
        }
        g.writeEndObject();
    }

    private static void segment(Segment seg, JsonGenerator g) throws IOException {
        g.writeNumberField("srcPort", seg.srcPort());
        g.writeNumberField("dstPort", seg.dstPort());
        g.writeNumberField("seq", Integer.toUnsignedLong(seg.seq()));
        g.writeNumberField("ack", Integer.toUnsignedLong(seg.ack()));
        g.writeNumberField("flags", seg.flags());
        g.writeNumberField("window", seg.window());
        if (seg.options().mss() > 0) g.writeNumberField("mss", seg.options().mss());
        if (seg.options().hasTimestamps()) {
            g.writeArrayFieldStart("ts");
            g.writeNumber(Integer.toUnsignedLong(seg.options().tsVal()));
            g.writeNumber(Integer.toUnsignedLong(seg.options().tsEcr()));
            g.writeEndArray();
        }
        if (seg.len() > 0) g.writeStringField("payload", Base64.getEncoder().encodeToString(seg.payload()));
    }

    /**
     * Reads a trace written by {@link #toJson}.
     *
     * @throws IllegalArgumentException naming the event that is malformed
     */
    public static Trace fromJson(JsonNode o) {
        TraceInfo info = info(required(o, "info", "trace"));
        List<TraceEvent> events = new ArrayList<>();
        for (JsonNode e : required(o, "events", "trace")) events.add(event(e, events.size()));
        return new Trace(info, events, o.path("endNanos").asLong());
    }

    private static TraceInfo info(JsonNode i) {
        return new TraceInfo(text(i, "stack"), text(i, "profile"), i.path("seed").asLong(), text(i, "clientAddress"),
                text(i, "serverAddress"));
    }

    private static TraceEvent event(JsonNode e, int n) {
        try {
            return event(e);
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("trace event #" + n + " " + e + " is malformed: " + ex.getMessage(), ex);
        }
    }

    private static TraceEvent event(JsonNode o) {
        long t = required(o, "t", "event").asLong();
        String type = text(o, "event");
        if (type == null) throw new IllegalArgumentException("it has no 'event' field");
        return switch (type) {
            case "segment" -> new TraceEvent.SegmentSent(t, o.path("id").asInt(), Side.valueOf(text(o, "from")),
                    o.path("conn").asInt(), segment(o), SegmentKind.valueOf(text(o, "kind")),
                    Fate.valueOf(text(o, "fate")));
            case "injected" -> new TraceEvent.SegmentInjected(t, o.path("id").asInt(), Side.valueOf(text(o, "asIf")),
                    o.path("conn").asInt(), segment(o));
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
                    o.path("durationNanos").asLong(), o.path("resolutionNanos").asLong());
            case "action" -> new TraceEvent.Action(t, text(o, "text", ""));
            case "note" -> new TraceEvent.Note(t, text(o, "text", ""));
            default -> throw new IllegalArgumentException("unknown event type '" + type
                    + "'; known: segment, injected, delivery, state, app, timer, action, note");
        };
    }

    private static Segment segment(JsonNode o) {
        TcpOptions opts = TcpOptions.NONE;
        if (o.has("mss")) opts = opts.withMss(o.get("mss").asInt());
        if (o.has("ts")) opts = opts.withTimestamps((int) o.get("ts").get(0).asLong(), (int) o.get("ts").get(1).asLong());
        byte[] payload = o.has("payload") ? Base64.getDecoder().decode(o.get("payload").asText()) : Segment.NO_PAYLOAD;
        return new Segment(o.path("srcPort").asInt(), o.path("dstPort").asInt(), (int) o.path("seq").asLong(),
                (int) o.path("ack").asLong(), o.path("flags").asInt(), o.path("window").asInt(), payload, opts);
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
