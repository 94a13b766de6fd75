package dev.tcpspec.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpspec.dsl.Source;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.ExpectationResult;
import dev.tcpspec.run.RunResult;
import dev.tcpspec.run.SpecResult;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The JSON result contract of DESIGN.md ("Command line and result contract"): tool, version, stack, profile,
 * mutant, seed, one object per spec (id, title, strength, verdict, message, virtualMillis, wallMillis, traceDigest)
 * and a summary of counts. Fields are only ever added: family, sources, description and the judged expectations
 * come beside the contract's own.
 *
 * <pre>{@code
 * JsonReport.write(run, Path.of("r.json"));
 * }</pre>
 */
public final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    /** The report as a JSON tree. */
    public static ObjectNode toJson(RunResult run) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("tool", RunResult.TOOL);
        root.put("version", RunResult.VERSION);
        root.put("stack", run.stack());
        root.put("profile", run.profile());
        if (run.mutant() == null) root.putNull("mutant");
        else root.put("mutant", run.mutant());
        root.put("seed", run.seed());
        ArrayNode results = root.putArray("results");
        for (SpecResult r : run.results()) results.add(toJson(r));
        ObjectNode summary = root.putObject("summary");
        summary.put("pass", run.count(Verdict.PASS));
        summary.put("fail", run.count(Verdict.FAIL));
        summary.put("notApplicable", run.count(Verdict.NOT_APPLICABLE));
        summary.put("error", run.count(Verdict.ERROR));
        return root;
    }

    private static ObjectNode toJson(SpecResult r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", r.id());
        o.put("title", r.spec().title());
        o.put("strength", r.spec().strength().name());
        o.put("verdict", r.verdict().name());
        o.put("message", r.message());
        o.put("virtualMillis", r.virtualMillis());
        o.put("wallMillis", r.wallMillis());
        if (r.traceDigest() == null) o.putNull("traceDigest");
        else o.put("traceDigest", r.traceDigest());
        o.put("family", r.spec().family());
        o.put("description", r.spec().description());
        ArrayNode sources = o.putArray("sources");
        for (Source s : r.spec().sources()) sources.add(s.text());
        ArrayNode expectations = o.putArray("expectations");
        for (ExpectationResult e : r.expectations()) {
            ObjectNode x = expectations.addObject();
            x.put("expectation", e.expectation());
            x.put("held", e.held());
            x.put("observation", e.observation());
        }
        return o;
    }

    /** The report as indented JSON text. */
    public static String toText(RunResult run) {
        try {
            return MAPPER.writeValueAsString(toJson(run)) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** Writes the report to {@code file}, atomically. */
    public static void write(RunResult run, Path file) throws IOException {
        AtomicFiles.write(file, toText(run).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
