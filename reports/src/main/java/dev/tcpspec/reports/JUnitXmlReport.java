package dev.tcpspec.reports;

import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.RunResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The report as JUnit XML, the format CI servers read test results in (Jenkins' JUnit plugin, GitLab's
 * {@code artifacts:reports:junit}, GitHub test-reporter actions, Azure DevOps): a {@code <testsuite>} per run and a
 * {@code <testcase>} per spec. A failing spec carries a {@code <failure>} whose message is the one-line reason and
 * whose body is the full explanation with the ladder diagram; an ERROR carries an {@code <error>}; a spec that does
 * not apply is {@code <skipped>} with its reason, never a pass.
 *
 * <p>Test cases are named {@code "TW-2 the active closer holds TIME_WAIT ..."} and classed by run and rule family,
 * {@code tcpspec.sim.rfc9293.TW}, so tools that group by package show stack, profile and family as a tree.
 *
 * <pre>{@code
 * JUnitXmlReport.write(report, Path.of("out/junit.xml"));
 * }</pre>
 */
public final class JUnitXmlReport {
    private static final int MESSAGE_LIMIT = 1_000;

    private JUnitXmlReport() {
    }

    /** The report as a JUnit XML document. */
    public static String toXml(Report report) {
        StringBuilder x = new StringBuilder(4096);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuites name=\"").append(RunResult.TOOL).append('"');
        counts(x, report.results().size(), report.count(Verdict.FAIL), report.count(Verdict.ERROR),
                report.count(Verdict.NOT_APPLICABLE) + report.partialCount(),
                report.results().stream().mapToLong(ReportResult::wallMillis).sum());
        x.append(">\n");
        for (ReportRun run : report.runs()) suite(x, report, run);
        x.append("</testsuites>\n");
        return x.toString();
    }

    private static void suite(StringBuilder x, Report report, ReportRun run) {
        x.append("  <testsuite name=\"").append(attr(RunResult.TOOL + " " + report.columnLabel(run))).append('"');
        counts(x, run.results().size(), run.count(Verdict.FAIL), run.count(Verdict.ERROR),
                run.count(Verdict.NOT_APPLICABLE) + run.partialCount(),
                run.results().stream().mapToLong(ReportResult::wallMillis).sum());
        x.append(">\n    <properties>\n");
        property(x, "tool", RunResult.TOOL + " " + RunResult.VERSION);
        property(x, "stack", run.stack());
        property(x, "profile", run.profile());
        property(x, "mutant", run.mutant() == null ? "none" : run.mutant());
        property(x, "seed", Long.toString(run.seed()));
        if (run.shard() != null) property(x, "shard", run.shard().toString());
        for (String w : run.warnings()) property(x, "warning", w);
        x.append("    </properties>\n");
        String classPrefix = "tcpspec." + name(run.stack()) + "." + name(run.profile())
                + (run.mutant() == null ? "" : "." + name("mutant-" + run.mutant())) + ".";
        for (ReportResult r : run.results()) {
            x.append("    <testcase name=\"").append(attr(r.id() + " " + r.title())).append("\" classname=\"")
                    .append(attr(classPrefix + name(r.family()))).append("\" time=\"").append(seconds(r.wallMillis()))
                    .append('"');
            String baseline = r.baseline() == null ? "" : "(baseline: " + r.baseline() + ") ";
            switch (r.verdict()) {
                case PASS -> {
                    if (!r.partial()) {
                        x.append("/>\n");
                        break;
                    }
                    // a partial pass is not a plain pass: skipped, saying what held and what could not be judged
                    x.append(">\n      <properties>\n  ");
                    property(x, "tcpspec.verdict", "PASS");
                    x.append("  ");
                    property(x, "tcpspec.judged", r.judgedCount() + " of " + r.expectations().size());
                    x.append("      </properties>\n      <skipped message=\"")
                            .append(attr(Escape.shorten("partially judged: " + r.message(), MESSAGE_LIMIT)))
                            .append("\"/>\n      <system-out>").append(Escape.xml(partialText(r), false))
                            .append("</system-out>\n    </testcase>\n");
                }
                case NOT_APPLICABLE -> x.append(">\n      <skipped message=\"")
                        .append(attr(Escape.shorten("not applicable: " + r.message(), MESSAGE_LIMIT)))
                        .append("\"/>\n    </testcase>\n");
                case FAIL, ERROR -> {
                    String tag = r.verdict() == Verdict.FAIL ? "failure" : "error";
                    x.append(">\n      <").append(tag).append(" message=\"")
                            .append(attr(Escape.shorten(baseline + r.reason(), MESSAGE_LIMIT))).append("\" type=\"")
                            .append(RunResult.TOOL).append('.').append(r.verdict().name()).append("\">")
                            .append(Escape.xml(r.details(), false)).append("</").append(tag)
                            .append(">\n    </testcase>\n");
                }
            }
        }
        x.append("  </testsuite>\n");
    }

    /** Each expectation of a partial pass: held, or not judged with the reason. */
    private static String partialText(ReportResult r) {
        StringBuilder sb = new StringBuilder("passed where judged (" + r.judgedCount() + " of "
                + r.expectations().size() + " expectations); the others could not be judged\n");
        for (var e : r.expectations()) {
            sb.append(e.held() ? "[ ok ] " : "[ -- ] ").append(e.expectation()).append('\n')
                    .append(e.held() ? "       " : "       not judged: ").append(e.observation()).append('\n');
        }
        return sb.toString();
    }

    private static void counts(StringBuilder x, long tests, long failures, long errors, long skipped, long millis) {
        x.append(" tests=\"").append(tests).append("\" failures=\"").append(failures).append("\" errors=\"")
                .append(errors).append("\" skipped=\"").append(skipped).append("\" time=\"").append(seconds(millis))
                .append('"');
    }

    private static void property(StringBuilder x, String name, String value) {
        x.append("      <property name=\"").append(attr(name)).append("\" value=\"").append(attr(value))
                .append("\"/>\n");
    }

    private static String attr(String s) {
        return Escape.xml(s, true);
    }

    /** A dot-free name for a class-name component. */
    private static String name(String s) {
        return s == null ? "" : s.replace('.', '_').replace(' ', '_');
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    /** Writes the report to {@code file}, atomically. */
    public static void write(Report report, Path file) throws IOException {
        AtomicFiles.write(file, toXml(report).getBytes(StandardCharsets.UTF_8));
    }
}
