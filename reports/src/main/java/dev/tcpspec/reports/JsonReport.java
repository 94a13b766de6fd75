package dev.tcpspec.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpspec.dsl.Strength;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.ExpectationResult;
import dev.tcpspec.run.RunResult;
import dev.tcpspec.dsl.Shard;
import dev.tcpspec.trace.Trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The JSON result contract of DESIGN.md ("Command line and result contract"): tool, version, stack, profile,
 * mutant, seed, one object per spec (id, title, strength, verdict, message, virtualMillis, wallMillis, traceDigest)
 * and a summary of counts. Fields are only ever added:
 * <ul>
 *   <li>per result: {@code index} (position in the whole suite), {@code family}, {@code description}, {@code sources},
 *   {@code scenario}, {@code expectations}, the run it belongs to ({@code stack}, {@code profile}, {@code mutant},
 *   {@code seed}), and for results that did not pass {@code explanation} and {@code trace} (see {@link TraceJson});
 *   {@code baseline} when a known-deviations baseline was applied;</li>
 *   <li>a trace of more than {@link #INLINE_TRACE_EVENTS} events (TW-10's port exhaustion has 850,000) does not sit
 *   inside the report: in a report directory it goes to a gzip'd side file, named by {@code traceFile} (relative to
 *   the report's directory, {@code "traces/TW-10.json.gz"}) with {@code traceEvents}; in a lone report file
 *   ({@code --json}) it is left out and {@code traceOmitted} says why;</li>
 *   <li>{@code runs}: each run (column) with its {@code shard} ({@code "2/4"} or null), {@code suiteSize},
 *   {@code summary} and {@code warnings};</li>
 *   <li>{@code summary.total}.</li>
 * </ul>
 * When a report holds several runs (a merge of runs on several profiles, say), the top-level {@code stack},
 * {@code profile} and {@code mutant} list their distinct values joined by commas ({@code "rfc9293,linux"}), and
 * {@code seed} is null unless every run used the same one; {@code runs} has each run's own values.
 *
 * <pre>{@code
 * JsonReport.write(run, Path.of("r.json"));
 * Report back = JsonReport.read(Path.of("r.json"));
 * }</pre>
 */
public final class JsonReport {
    /**
     * The most events a trace may have to be written inside the report. Ten thousand events are about 2 MB of JSON,
     * more than any catalog spec but the port-exhaustion ones needs; TW-10's 850,000 would make the report 200 MB.
     */
    public static final int INLINE_TRACE_EVENTS = 10_000;
    /** Whether a trace is written inside the report, rather than to a side file or not at all. */
    static boolean fitsInside(Trace trace) {
        return trace.events().size() <= INLINE_TRACE_EVENTS;
    }

    /** Where no side files are written: large traces are left out. */
    private static final BiFunction<ReportRun, ReportResult, String> NO_SIDE_FILES = (run, r) -> null;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    /** The report of one run as a JSON tree. */
    public static ObjectNode toJson(RunResult run) {
        return toJson(Report.of(run));
    }

    /** The report as a JSON tree, for a lone file: traces over {@link #INLINE_TRACE_EVENTS} are left out. */
    public static ObjectNode toJson(Report report) {
        return toJson(report, NO_SIDE_FILES);
    }

    /**
     * The report as a JSON tree, in a directory where large traces have side files.
     *
     * @param sideFiles where a result's trace over {@link #INLINE_TRACE_EVENTS} events was written, relative to the
     *                  report's directory, or null when it was not (it is then left out)
     */
    public static ObjectNode toJson(Report report, BiFunction<ReportRun, ReportResult, String> sideFiles) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("tool", RunResult.TOOL);
        root.put("version", RunResult.VERSION);
        if (report.runs().isEmpty()) {
            root.putNull("stack");
            root.putNull("profile");
            root.putNull("mutant");
            root.putNull("seed");
        } else {
            root.put("stack", report.common(ReportRun::stack));
            root.put("profile", report.common(ReportRun::profile));
            String mutant = report.common(ReportRun::mutant);
            if (mutant == null) root.putNull("mutant");
            else root.put("mutant", mutant);
            if (report.runs().stream().map(ReportRun::seed).distinct().count() == 1) {
                root.put("seed", report.runs().get(0).seed());
            } else {
                root.putNull("seed");
            }
        }
        ArrayNode results = root.putArray("results");
        for (ReportRun run : report.runs()) {
            for (ReportResult r : run.results()) results.add(toJson(r, run, sideFiles));
        }
        summary(root.putObject("summary"), report.results().size(), report.count(Verdict.PASS),
                report.count(Verdict.FAIL), report.count(Verdict.NOT_APPLICABLE), report.count(Verdict.ERROR),
                report.partialCount());
        ArrayNode runs = root.putArray("runs");
        for (ReportRun run : report.runs()) {
            ObjectNode o = runs.addObject();
            o.put("stack", run.stack());
            o.put("profile", run.profile());
            if (run.mutant() == null) o.putNull("mutant");
            else o.put("mutant", run.mutant());
            o.put("seed", run.seed());
            if (run.shard() == null) o.putNull("shard");
            else o.put("shard", run.shard().toString());
            o.put("suiteSize", run.suiteSize());
            summary(o.putObject("summary"), run.results().size(), run.count(Verdict.PASS), run.count(Verdict.FAIL),
                    run.count(Verdict.NOT_APPLICABLE), run.count(Verdict.ERROR), run.partialCount());
            ArrayNode warnings = o.putArray("warnings");
            run.warnings().forEach(warnings::add);
        }
        return root;
    }

    private static void summary(ObjectNode s, long total, long pass, long fail, long na, long error, long partial) {
        s.put("pass", pass);
        s.put("fail", fail);
        s.put("notApplicable", na);
        s.put("error", error);
        s.put("total", total);
        s.put("partial", partial);
    }

    private static ObjectNode toJson(ReportResult r, ReportRun run,
                                     BiFunction<ReportRun, ReportResult, String> sideFiles) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", r.id());
        o.put("title", r.title());
        o.put("strength", r.strength().name());
        o.put("verdict", r.verdict().name());
        o.put("message", r.message());
        o.put("virtualMillis", r.virtualMillis());
        o.put("wallMillis", r.wallMillis());
        if (r.traceDigest() == null) o.putNull("traceDigest");
        else o.put("traceDigest", r.traceDigest());
        o.put("family", r.family());
        o.put("description", r.description());
        ArrayNode sources = o.putArray("sources");
        r.sources().forEach(sources::add);
        ArrayNode expectations = o.putArray("expectations");
        for (ExpectationResult e : r.expectations()) {
            ObjectNode x = expectations.addObject();
            x.put("expectation", e.expectation());
            x.put("held", e.held());
            x.put("observation", e.observation());
            x.put("judged", e.judged());
            x.put("outcome", e.outcome().name());
        }
        o.put("partial", r.partial());
        o.put("expectationsJudged", r.judgedCount());
        o.put("expectationsNotJudged", r.expectations().size() - r.judgedCount());
        o.put("index", r.index());
        o.put("stack", run.stack());
        o.put("profile", run.profile());
        if (run.mutant() == null) o.putNull("mutant");
        else o.put("mutant", run.mutant());
        o.put("seed", run.seed());
        ArrayNode scenario = o.putArray("scenario");
        r.scenario().forEach(scenario::add);
        if (r.baseline() != null) o.put("baseline", r.baseline());
        if (r.explanation() != null) o.put("explanation", r.explanation());
        if (r.trace() != null) trace(o, r, run, sideFiles);
        return o;
    }

    private static void trace(ObjectNode o, ReportResult r, ReportRun run,
                              BiFunction<ReportRun, ReportResult, String> sideFiles) {
        if (fitsInside(r.trace())) {
            o.set("trace", TraceJson.toJson(r.trace()));
            return;
        }
        String file = sideFiles.apply(run, r);
        if (file != null) {
            o.put("traceFile", file);
            o.put("traceEvents", r.trace().events().size());
        } else {
            o.put("traceOmitted", String.format(Locale.ROOT, "the trace has %,d events, more than the %,d a report "
                    + "file holds; a report directory (--out DIR) keeps it in a side file", r.trace().events().size(),
                    INLINE_TRACE_EVENTS));
        }
    }

    /** The report of one run as indented JSON text. */
    public static String toText(RunResult run) {
        return toText(Report.of(run));
    }

    /** The report as indented JSON text, for a lone file (see {@link #toJson(Report)}). */
    public static String toText(Report report) {
        return toText(report, NO_SIDE_FILES);
    }

    /** The report as indented JSON text, in a directory with side files (see {@link #toJson(Report, BiFunction)}). */
    public static String toText(Report report, BiFunction<ReportRun, ReportResult, String> sideFiles) {
        try {
            return MAPPER.writeValueAsString(toJson(report, sideFiles)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** Writes the report of one run to {@code file}, atomically. */
    public static void write(RunResult run, Path file) throws IOException {
        write(Report.of(run), file);
    }

    /** Writes the report to {@code file}, atomically. */
    public static void write(Report report, Path file) throws IOException {
        AtomicFiles.write(file, toText(report).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a report written by {@link #write} or into a report directory, traces included: side files named by
     * {@code traceFile} are read from the report's directory.
     *
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if it is not a tcpspec report, naming the file and what is wrong
     */
    public static Report read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + " does not exist");
        }
        try {
            return fromJson(parse(text), file.toAbsolutePath().getParent());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + (e.getMessage().startsWith("is not JSON") ? " " : ": ")
                    + e.getMessage(), e);
        }
    }

    /** Reads a report from its JSON text; it cannot refer to side files. */
    public static Report fromText(String text) {
        return fromJson(parse(text));
    }

    private static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads a report from its JSON tree; it cannot refer to side files. */
    public static Report fromJson(JsonNode root) {
        return fromJson(root, null);
    }

    /**
     * Reads a report from its JSON tree.
     *
     * @param dir the report's directory, where side files named by {@code traceFile} are; null if there is none
     */
    public static Report fromJson(JsonNode root, Path dir) {
        if (root == null || !RunResult.TOOL.equals(root.path("tool").asText(null))) {
            throw new IllegalArgumentException("not a tcpspec report (no \"tool\": \"tcpspec\")");
        }
        JsonNode results = root.get("results");
        if (results == null || !results.isArray()) throw new IllegalArgumentException("the report has no results");
        Map<String, RunHeader> headers = new LinkedHashMap<>();
        JsonNode runs = root.get("runs");
        if (runs != null && runs.isArray()) {
            for (JsonNode r : runs) {
                RunHeader h = new RunHeader(r.path("stack").asText(), r.path("profile").asText(),
                        nullableText(r, "mutant"), r.path("seed").asLong(),
                        r.hasNonNull("shard") ? Shard.parse(r.get("shard").asText()) : null,
                        r.path("suiteSize").asInt(-1), strings(r.get("warnings")));
                headers.put(h.key(), h);
            }
        }
        Map<String, List<ReportResult>> byRun = new LinkedHashMap<>();
        for (String k : headers.keySet()) byRun.put(k, new ArrayList<>());
        int n = 0;
        for (JsonNode r : results) {
            String stack = r.hasNonNull("stack") ? r.get("stack").asText() : root.path("stack").asText();
            String profile = r.hasNonNull("profile") ? r.get("profile").asText() : root.path("profile").asText();
            String mutant = r.has("mutant") ? nullableText(r, "mutant") : nullableText(root, "mutant");
            long seed = r.has("seed") ? r.get("seed").asLong() : root.path("seed").asLong();
            RunHeader h = new RunHeader(stack, profile, mutant, seed, null, -1, List.of());
            headers.putIfAbsent(h.key(), h);
            try {
                byRun.computeIfAbsent(h.key(), k -> new ArrayList<>()).add(result(r, n, dir));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("result #" + n + " (" + r.path("id").asText("no id") + "): "
                        + e.getMessage(), e);
            }
            n++;
        }
        List<ReportRun> out = new ArrayList<>();
        for (Map.Entry<String, List<ReportResult>> e : byRun.entrySet()) {
            RunHeader h = headers.get(e.getKey());
            List<ReportResult> rs = e.getValue();
            out.add(new ReportRun(h.stack, h.profile, h.mutant, h.seed, h.shard,
                    h.suiteSize >= 0 ? h.suiteSize : rs.size(), rs, h.warnings));
        }
        return new Report(out);
    }

    private record RunHeader(String stack, String profile, String mutant, long seed, Shard shard, int suiteSize,
                             List<String> warnings) {
        String key() {
            return stack + "|" + profile + "|" + (mutant == null ? "" : mutant) + "|" + seed;
        }
    }

    private static ReportResult result(JsonNode r, int position, Path dir) {
        String id = r.path("id").asText(null);
        if (id == null) throw new IllegalArgumentException("it has no id");
        Verdict verdict;
        try {
            verdict = Verdict.valueOf(r.path("verdict").asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown verdict '" + r.path("verdict").asText()
                    + "'; valid verdicts: PASS, FAIL, NOT_APPLICABLE, ERROR");
        }
        List<ExpectationResult> expectations = new ArrayList<>();
        JsonNode ex = r.get("expectations");
        if (ex != null) {
            for (JsonNode x : ex) {
                expectations.add(x.hasNonNull("outcome")
                        ? new ExpectationResult(x.path("expectation").asText(), outcome(x.get("outcome").asText()),
                        x.path("observation").asText())
                        : new ExpectationResult(x.path("expectation").asText(), x.path("held").asBoolean(),
                        x.path("observation").asText()));
            }
        }
        Strength strength = r.hasNonNull("strength") ? Strength.valueOf(r.get("strength").asText()) : null;
        return new ReportResult(r.path("index").asInt(position), id, r.path("title").asText(""),
                r.path("description").asText(""), nullableText(r, "family"), strength, strings(r.get("sources")),
                strings(r.get("scenario")), verdict, r.path("message").asText(""), expectations,
                r.path("virtualMillis").asLong(), r.path("wallMillis").asLong(), nullableText(r, "traceDigest"),
                trace(r, dir), nullableText(r, "explanation"),
                nullableText(r, "baseline"));
    }

    private static dev.tcpspec.dsl.Judgement.Outcome outcome(String name) {
        try {
            return dev.tcpspec.dsl.Judgement.Outcome.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown expectation outcome '" + name
                    + "'; valid outcomes: HOLDS, FAILS, NOT_OBSERVED");
        }
    }

    private static Trace trace(JsonNode r, Path dir) {
        if (r.hasNonNull("trace")) return TraceJson.fromJson(r.get("trace"));
        String file = nullableText(r, "traceFile");
        if (file == null) return null;
        if (dir == null) {
            throw new IllegalArgumentException("its trace is in the side file " + file
                    + ", which only a report read from its directory can find");
        }
        Path side = dir.resolve(file).normalize();
        if (!side.startsWith(dir.normalize())) {
            throw new IllegalArgumentException("its traceFile " + file + " is outside the report's directory");
        }
        try {
            return TraceJson.readGzip(side);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("its trace's side file " + side + " is missing");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the side file " + side, e);
        }
    }

    private static String nullableText(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) array.forEach(s -> out.add(s.asText()));
        return out;
    }
}
