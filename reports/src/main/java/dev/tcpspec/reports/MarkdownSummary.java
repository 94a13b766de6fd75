package dev.tcpspec.reports;

import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.RunResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The report as a Markdown summary fit for a CI step summary ({@code cat summary.md >> $GITHUB_STEP_SUMMARY}, a
 * GitLab merge-request note): a headline, the counts per run, then each failure and error with a one-line reason;
 * specs that do not apply are listed, folded, with theirs. Every piece of text is escaped: a spec title cannot inject
 * Markdown or HTML.
 *
 * <pre>{@code
 * MarkdownSummary.write(report, Path.of("out/summary.md"));
 * }</pre>
 */
public final class MarkdownSummary {
    /** At most this many rows per table, so the summary stays within CI limits (GitHub: 1 MiB). */
    static final int MAX_ROWS = 200;
    private static final int REASON_LIMIT = 300;

    private MarkdownSummary() {
    }

    /** The summary as Markdown text. */
    public static String toMarkdown(Report report) {
        StringBuilder md = new StringBuilder(2048);
        long failed = report.count(Verdict.FAIL);
        long errors = report.count(Verdict.ERROR);
        md.append("## ").append(failed + errors == 0 ? "✅" : "❌").append(" tcpspec: ").append(report.headline());
        md.append("\n\n");
        if (report.runs().size() == 1) {
            md.append(Escape.markdown(report.runs().get(0).description())).append(" · ");
        }
        md.append(RunResult.TOOL).append(' ').append(Escape.markdown(RunResult.VERSION)).append("\n\n");
        for (String w : report.warnings()) md.append("> ⚠️ ").append(Escape.markdown(w)).append("\n\n");

        md.append("| run | ✅ pass | ◐ of which partial | ❌ fail | ⚪ n/a | ⚠️ error | total |\n"
                + "|---|---:|---:|---:|---:|---:|---:|\n");
        for (ReportRun run : report.runs()) {
            md.append("| ").append(Escape.markdown(run.label())).append(" | ").append(run.count(Verdict.PASS))
                    .append(" | ").append(run.partialCount())
                    .append(" | ").append(run.count(Verdict.FAIL)).append(" | ")
                    .append(run.count(Verdict.NOT_APPLICABLE)).append(" | ").append(run.count(Verdict.ERROR))
                    .append(" | ").append(run.results().size()).append(" |\n");
        }
        md.append('\n');
        for (ReportRun run : report.runs()) {
            if (run.mutant() == null) continue;
            List<String> killers = run.failedIds();
            md.append(killers.isEmpty() ? "- 🧟 mutant **" + Escape.markdown(run.mutant())
                    + "** SURVIVED: no spec failed\n"
                    : "- 🎯 mutant **" + Escape.markdown(run.mutant()) + "** killed by "
                    + Escape.markdown(String.join(", ", killers)) + "\n");
        }
        if (report.runs().stream().anyMatch(r -> r.mutant() != null)) md.append('\n');

        table(md, report, "Failures", Verdict.FAIL, false);
        table(md, report, "Errors", Verdict.ERROR, false);
        partialTable(md, report);
        table(md, report, "Not applicable", Verdict.NOT_APPLICABLE, true);
        md.append("Full report: `report.html` (matrix, explanations, ladder diagrams), `junit.xml`, `report.json`")
                .append(failed + errors > 0 ? "; a pcap of each failure in `pcap/`" : "").append(".\n");
        return md.toString();
    }

    private static void table(StringBuilder md, Report report, String heading, Verdict verdict, boolean folded) {
        List<String[]> rows = new ArrayList<>();
        boolean severalRuns = report.runs().size() > 1;
        for (ReportRun run : report.runs()) {
            for (ReportResult r : run.results()) {
                if (r.verdict() != verdict) continue;
                String reason = Escape.shorten(r.reason(), REASON_LIMIT);
                if (r.baseline() != null) reason = "(baseline: " + r.baseline() + ") " + reason;
                rows.add(new String[]{"**" + Escape.markdown(r.id()) + "** " + Escape.markdown(r.title()),
                        Escape.markdown(report.columnLabel(run)), Escape.markdown(reason)});
            }
        }
        if (rows.isEmpty()) return;
        if (folded) {
            md.append("<details><summary>").append(rows.size()).append(' ').append(heading.toLowerCase())
                    .append("</summary>\n\n");
        } else {
            md.append("### ").append(heading).append(" (").append(rows.size()).append(")\n\n");
        }
        md.append(severalRuns ? "| spec | run | reason |\n|---|---|---|\n" : "| spec | reason |\n|---|---|\n");
        int shown = 0;
        for (String[] row : rows) {
            if (shown++ == MAX_ROWS) {
                md.append("| … and ").append(rows.size() - MAX_ROWS).append(" more (see report.html) |")
                        .append(severalRuns ? " | |\n" : " |\n");
                break;
            }
            md.append("| ").append(row[0]).append(" | ");
            if (severalRuns) md.append(row[1]).append(" | ");
            md.append(row[2]).append(" |\n");
        }
        md.append(folded ? "\n</details>\n\n" : "\n");
    }

    /** The partial passes, folded: each spec with what could not be judged and why. */
    private static void partialTable(StringBuilder md, Report report) {
        List<String[]> rows = new ArrayList<>();
        for (ReportRun run : report.runs()) {
            for (ReportResult r : run.results()) {
                if (!r.partial()) continue;
                StringBuilder why = new StringBuilder();
                for (var e : r.notJudged()) {
                    why.append(why.length() == 0 ? "" : "; ").append(e.expectation()).append(" (")
                            .append(e.observation()).append(')');
                }
                rows.add(new String[]{"**" + Escape.markdown(r.id()) + "** " + Escape.markdown(r.title()),
                        Escape.markdown(report.columnLabel(run)), r.judgedCount() + " of " + r.expectations().size(),
                        Escape.markdown(Escape.shorten(why.toString(), REASON_LIMIT))});
            }
        }
        if (rows.isEmpty()) return;
        boolean severalRuns = report.runs().size() > 1;
        md.append("<details><summary>").append(rows.size()).append(" partially judged (passed where judged; the rest "
                + "could not be)</summary>\n\n");
        md.append(severalRuns ? "| spec | run | judged | not judged |\n|---|---|---|---|\n"
                : "| spec | judged | not judged |\n|---|---|---|\n");
        int shown = 0;
        for (String[] row : rows) {
            if (shown++ == MAX_ROWS) {
                md.append("| … and ").append(rows.size() - MAX_ROWS).append(" more (see report.html) |")
                        .append(severalRuns ? " | | |\n" : " | |\n");
                break;
            }
            md.append("| ").append(row[0]).append(" | ");
            if (severalRuns) md.append(row[1]).append(" | ");
            md.append(row[2]).append(" | ").append(row[3]).append(" |\n");
        }
        md.append("\n</details>\n\n");
    }

    /** Writes the summary to {@code file}, atomically. */
    public static void write(Report report, Path file) throws IOException {
        AtomicFiles.write(file, toMarkdown(report).getBytes(StandardCharsets.UTF_8));
    }
}
