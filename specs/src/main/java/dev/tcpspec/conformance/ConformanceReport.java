package dev.tcpspec.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpspec.dsl.Strength;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.reports.AtomicFiles;
import dev.tcpspec.reports.JsonReport;
import dev.tcpspec.run.Assessment;
import dev.tcpspec.run.KnownDeviations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a conformance run reports beyond the plain JSON contract: for each result the placement it ran in
 * ({@code stack}, {@code role}) and how it stands against the baseline; a {@code baseline} object with the counts and
 * the entries to remove; and a text summary that keeps MUST rules apart from SHOULD and MAY.
 *
 * <pre>{@code
 * ConformanceReport.writeJson(run, Path.of("target/tcpspec/toytcp.json"));
 * System.out.println(ConformanceReport.summary(run));
 * }</pre>
 */
public final class ConformanceReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ConformanceReport() {
    }

    /** The JSON contract of DESIGN.md, with placements and baseline status added (fields are only ever added). */
    public static ObjectNode toJson(ConformanceRun run) {
        ObjectNode root = JsonReport.toJson(run.result());
        ArrayNode results = (ArrayNode) root.get("results");
        for (int i = 0; i < results.size(); i++) {
            Assessment.Assessed a = run.assessment().results().get(i);
            ObjectNode o = (ObjectNode) results.get(i);
            o.put("stack", a.result().stack());
            if (a.role() != null) o.put("role", a.role().label());
            o.put("baseline", a.status().name());
            if (a.entry() != null) {
                o.put("baselineReason", a.entry().reason());
                o.put("baselineLine", a.entry().where());
            }
        }
        Assessment as = run.assessment();
        ObjectNode baseline = root.putObject("baseline");
        baseline.put("source", as.baseline().source());
        baseline.put("accepted", as.with(Assessment.Status.ACCEPTED).size());
        baseline.put("new", as.with(Assessment.Status.NEW_DEVIATION).size());
        baseline.put("fixed", as.fixed().size());
        ArrayNode remove = baseline.putArray("remove");
        for (KnownDeviations.Entry e : as.fixed()) remove.add(e.key() + " (" + e.where() + ")");
        ArrayNode notJudged = baseline.putArray("notJudged");
        for (KnownDeviations.Entry e : as.notJudged()) notJudged.add(e.key() + " (" + e.where() + ")");
        return root;
    }

    /** Writes {@link #toJson} to {@code file}, atomically. */
    public static void writeJson(ConformanceRun run, Path file) throws IOException {
        AtomicFiles.write(file, (MAPPER.writeValueAsString(toJson(run)) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Several lines: one per strength that has specs (MUST first, then SHOULD, MAY and PLATFORM), then the baseline.
     * E.g. {@code MUST      14 pass, 4 accepted, 0 new, 0 fixed, 0 not applicable}.
     */
    public static String summary(ConformanceRun run) {
        StringBuilder sb = new StringBuilder();
        Assessment as = run.assessment();
        for (Strength s : Strength.values()) {
            Set<Strength> one = EnumSet.of(s);
            long total = as.results().stream().filter(a -> one.contains(a.result().spec().strength())).count();
            if (total == 0) continue;
            sb.append(String.format(Locale.ROOT, "%-9s %s%n", s, counts(as, one)));
        }
        sb.append(as.summaryLine());
        for (KnownDeviations.Entry e : as.fixed()) {
            sb.append(String.format("%n  remove %s (%s): it passes now", e.key(), e.where()));
        }
        for (KnownDeviations.Entry e : as.notJudged()) {
            sb.append(String.format("%n  not judged: %s (%s): this run did not run it, or it did not apply",
                    e.key(), e.where()));
        }
        return sb.toString();
    }

    private static String counts(Assessment as, Set<Strength> strengths) {
        int[] n = new int[Assessment.Status.values().length];
        int errors = 0;
        for (Assessment.Assessed a : as.results()) {
            if (!strengths.contains(a.result().spec().strength())) continue;
            n[a.status().ordinal()]++;
            if (a.status() == Assessment.Status.NEW_DEVIATION && a.result().verdict() == Verdict.ERROR) errors++;
        }
        return n[Assessment.Status.PASS.ordinal()] + " pass, " + n[Assessment.Status.ACCEPTED.ordinal()]
                + " accepted, " + n[Assessment.Status.NEW_DEVIATION.ordinal()] + " new"
                + (errors == 0 ? "" : " (" + errors + " errors)") + ", " + n[Assessment.Status.FIXED.ordinal()]
                + " fixed, " + n[Assessment.Status.NOT_APPLICABLE.ordinal()] + " not applicable";
    }
}
