package dev.tcpspec.reports;

import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.ExpectationResult;
import dev.tcpspec.run.RunResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The report as one self-contained HTML page: the headline and counts, the failures with their one-line reasons, the
 * conformance matrix of specs × runs (stacks, profiles, mutants) in verdict colours, and each spec with its
 * description, sources, scenario and, per run, the judged expectations; each result that did not pass shows its
 * trace as an SVG ladder diagram ({@link LadderSvg}) and as text. Filters by verdict, rule family and text work in
 * the page; without script everything is simply shown.
 *
 * <p>The page loads nothing: styles and script are inline, and a Content-Security-Policy admits only those two, by
 * hash, so that even text that escaped escaping could not run. Every piece of text is escaped. The page marks
 * itself for automated checks: {@code data-ready="true"} on {@code <html>} once its script has run, and
 * {@code data-js-error} if any script failed.
 *
 * <pre>{@code
 * HtmlReport.write(report, Path.of("out/report.html"), (run, result) -> null);   // no pcap links
 * }</pre>
 */
public final class HtmlReport {
    private static final String CSS = resource("report.css");
    private static final String JS = resource("report.js");
    private static final String ERROR_HOOK = "window.addEventListener('error',function(e){"
            + "var m=String((e&&e.message)||'script error');"
            + "document.documentElement.setAttribute('data-js-error',m);"
            + "var b=document.getElementById('js-error');if(b){b.hidden=false;b.textContent='This page hit a script "
            + "error: '+m;}});";
    private static final Map<String, String> FAMILIES = families();

    private final Report report;
    private final BiFunction<ReportRun, ReportResult, String> pcapHref;
    private final StringBuilder h = new StringBuilder(64 * 1024);

    private HtmlReport(Report report, BiFunction<ReportRun, ReportResult, String> pcapHref) {
        this.report = report;
        this.pcapHref = pcapHref;
    }

    /** The page, without links to pcap files. */
    public static String toHtml(Report report) {
        return toHtml(report, (run, r) -> null);
    }

    /**
     * The page.
     *
     * @param pcapHref the relative link to a result's pcap file, or null when it has none
     */
    public static String toHtml(Report report, BiFunction<ReportRun, ReportResult, String> pcapHref) {
        return new HtmlReport(report, pcapHref).render();
    }

    /** Writes the page to {@code file}, atomically. */
    public static void write(Report report, Path file, BiFunction<ReportRun, ReportResult, String> pcapHref)
            throws IOException {
        AtomicFiles.write(file, toHtml(report, pcapHref).getBytes(StandardCharsets.UTF_8));
    }

    private String render() {
        List<String> ids = report.specIds();
        Map<String, ReportResult> specs = report.specs();
        long failed = report.count(Verdict.FAIL);
        long errors = report.count(Verdict.ERROR);
        String headline = (failed + errors == 0 ? "✓ " : "✗ ") + report.headline();
        String runInfo = report.runs().size() == 1 ? report.runs().get(0).description()
                : report.runs().size() + " runs: " + String.join("; ", report.runs().stream().map(ReportRun::label).toList());

        h.append("<!DOCTYPE html>\n<html lang=\"en\" data-report=\"tcpspec\" data-specs=\"").append(ids.size())
                .append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '")
                .append(sha256(CSS)).append("'; script-src '").append(sha256(ERROR_HOOK)).append("' '")
                .append(sha256(JS)).append("'; img-src data:; base-uri 'none'; form-action 'none'\">\n")
                .append("<meta name=\"generator\" content=\"").append(esc(RunResult.TOOL + " " + RunResult.VERSION))
                .append("\">\n<title>").append(esc("tcpspec: " + headline.substring(2) + " — " + runInfo))
                .append("</title>\n<script>").append(ERROR_HOOK).append("</script>\n<style>").append(CSS)
                .append("</style>\n</head>\n<body>\n");

        header(headline, failed + errors == 0, runInfo);
        filters(ids, specs);
        h.append("<main class=\"wrap\">\n");
        failures();
        matrix(ids, specs);
        details(ids, specs);
        h.append("</main>\n<footer class=\"wrap\">Written by ").append(esc(RunResult.TOOL + " " + RunResult.VERSION))
                .append(". Same seed, same traces: each result's digest is the SHA-256 of its canonical trace.")
                .append("</footer>\n<script>").append(JS).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private void header(String headline, boolean ok, String runInfo) {
        h.append("<header class=\"top\"><div class=\"wrap\">\n<div class=\"brand\">tcpspec <span class=\"ver\">")
                .append(esc(RunResult.VERSION)).append("</span></div>\n<h1>TCP conformance report</h1>\n")
                .append("<p class=\"runinfo\">").append(esc(runInfo)).append("</p>\n")
                .append("<div class=\"headline\"><div class=\"status ").append(ok ? "ok" : "bad").append("\">")
                .append(esc(headline)).append("</div>\n<div class=\"counts\">");
        count(Verdict.PASS, "pass");
        if (report.partialCount() > 0) {
            h.append("<span class=\"count partial\" title=\"passed where judged; some expectations could not be "
                    + "judged\"><b>").append(report.partialCount()).append("</b> of them partially judged</span>");
        }
        count(Verdict.FAIL, "fail");
        count(Verdict.NOT_APPLICABLE, "not applicable");
        count(Verdict.ERROR, "error");
        h.append("</div></div>\n");
        List<String> warnings = report.warnings();
        if (!warnings.isEmpty()) {
            h.append("<ul class=\"warnings\">");
            for (String w : warnings) h.append("<li>⚠ ").append(esc(w)).append("</li>");
            h.append("</ul>\n");
        }
        if (report.runs().stream().anyMatch(r -> r.mutant() != null)) {
            h.append("<ul class=\"mutants\">");
            for (ReportRun run : report.runs()) {
                if (run.mutant() == null) continue;
                List<String> killers = run.failedIds();
                h.append("<li>mutant <b>").append(esc(run.mutant())).append("</b> ");
                if (killers.isEmpty()) h.append("<span class=\"badge v-FAIL\">SURVIVED</span>: no spec failed");
                else h.append("killed by ").append(esc(String.join(", ", killers)));
                h.append("</li>");
            }
            h.append("</ul>\n");
        }
        h.append("<div id=\"js-error\" class=\"js-error\" hidden></div>\n</div></header>\n");
    }

    private void count(Verdict v, String name) {
        h.append("<span class=\"count v-").append(v.name()).append("\"><b>").append(report.count(v)).append("</b> ")
                .append(name).append("</span>");
    }

    private void filters(List<String> ids, Map<String, ReportResult> specs) {
        h.append("<nav class=\"filters\" id=\"filters\" hidden><div class=\"wrap\">\n<div class=\"group\">")
                .append("<span class=\"glabel\">Verdict</span>");
        for (Verdict v : Verdict.values()) {
            h.append("<button type=\"button\" class=\"chip v-").append(v.name()).append("\" data-verdict=\"")
                    .append(v.name()).append("\" aria-pressed=\"true\">").append(verdictWord(v)).append(" ")
                    .append(report.count(v)).append("</button>");
        }
        if (report.partialCount() > 0) {
            h.append("<button type=\"button\" class=\"chip v-PARTIAL partial\" data-verdict=\"PARTIAL\" "
                    + "aria-pressed=\"true\">partial ").append(report.partialCount()).append("</button>");
        }
        h.append("</div>\n<div class=\"group\"><span class=\"glabel\">Family</span>")
                .append("<button type=\"button\" class=\"chip fam\" id=\"all-families\" aria-pressed=\"true\">all")
                .append("</button>");
        Set<String> families = new LinkedHashSet<>();
        for (String id : ids) families.add(specs.get(id).family());
        for (String f : families) {
            h.append("<button type=\"button\" class=\"chip fam\" data-family=\"").append(esc(f))
                    .append("\" aria-pressed=\"false\" title=\"").append(esc(familyName(f))).append("\">")
                    .append(esc(f)).append("</button>");
        }
        h.append("</div>\n<input id=\"q\" type=\"search\" placeholder=\"Filter by id or words\" ")
                .append("aria-label=\"filter specs by id or words\">\n<span id=\"shown\"></span>\n</div></nav>\n");
    }

    private void failures() {
        List<String> items = new ArrayList<>();
        for (ReportRun run : report.runs()) {
            for (ReportResult r : run.results()) {
                if (r.verdict() != Verdict.FAIL && r.verdict() != Verdict.ERROR) continue;
                items.add("<li class=\"" + r.verdict().name() + "\"><a href=\"#" + anchor(run, r) + "\"><b>"
                        + esc(r.id()) + "</b> " + esc(r.title()) + "</a>"
                        + (report.runs().size() > 1 ? " <span class=\"meta\">on " + esc(report.columnLabel(run))
                        + "</span>" : "") + (r.baseline() != null ? " <span class=\"baseline\">baseline: "
                        + esc(r.baseline()) + "</span>" : "") + "<span class=\"why\">"
                        + esc(Escape.shorten(r.reason(), 400)) + "</span></li>");
            }
        }
        if (items.isEmpty()) return;
        h.append("<section id=\"failures\"><h2>Failures and errors (").append(items.size()).append(")</h2>\n")
                .append("<ul class=\"failures\">");
        items.forEach(h::append);
        h.append("</ul></section>\n");
    }

    private void matrix(List<String> ids, Map<String, ReportResult> specs) {
        List<ReportRun> runs = report.runs();
        h.append("<section id=\"matrix\"><h2>Conformance matrix</h2>\n<div class=\"scroll\"><table class=\"matrix")
                .append(runs.size() > 5 ? " many" : "").append("\">\n<thead><tr><th>spec</th><th>rule</th>");
        for (ReportRun run : runs) {
            h.append("<th class=\"col\" title=\"").append(esc(run.label())).append("\">")
                    .append(esc(report.columnLabel(run)));
            if (run.mutant() != null) {
                h.append(run.failedIds().isEmpty() ? "<span class=\"survived\">survived</span>"
                        : "<span class=\"killed\">killed</span>");
            }
            h.append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        String family = null;
        for (String id : ids) {
            ReportResult spec = specs.get(id);
            if (!spec.family().equals(family)) {
                family = spec.family();
                h.append("<tr class=\"fam\" data-group=\"").append(esc(family)).append("\"><th colspan=\"")
                        .append(2 + runs.size()).append("\">").append(esc(family)).append(" · ")
                        .append(esc(familyName(family))).append("</th></tr>\n");
            }
            h.append("<tr ").append(filterAttributes(id, spec)).append(">")
                    .append("<th class=\"id\"><a href=\"#spec-").append(esc(slug(id))).append("\">").append(esc(id))
                    .append("</a></th><td class=\"title\">").append(esc(spec.title())).append(" <span class=\"strength\">")
                    .append(esc(spec.strength().name())).append("</span></td>");
            for (ReportRun run : runs) {
                ReportResult r = run.result(id);
                if (r == null) {
                    h.append("<td class=\"cell none\" title=\"not run\">—</td>");
                    continue;
                }
                h.append("<td class=\"cell\"><a class=\"v-").append(r.verdict().name())
                        .append(r.partial() ? " partial" : "").append("\" href=\"#")
                        .append(anchor(run, r)).append("\" title=\"").append(esc((r.partial()
                                ? "pass, partially judged (" + r.judgedCount() + " of " + r.expectations().size()
                                + " expectations)" : verdictWord(r.verdict())) + ": "
                                + Escape.shorten(r.reason(), 300))).append("\">")
                        .append(r.partial() ? "◐ PASS (partial)" : verdictCell(r.verdict()))
                        .append(r.baseline() != null ? " <span class=\"baseline\">" + esc(r.baseline()) + "</span>"
                                : "").append("</a></td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table></div></section>\n");
    }

    private String filterAttributes(String id, ReportResult spec) {
        Set<String> verdicts = new LinkedHashSet<>();
        for (ReportRun run : report.runs()) {
            ReportResult r = run.result(id);
            if (r != null) verdicts.add(r.verdict().name());
            if (r != null && r.partial()) verdicts.add("PARTIAL");
        }
        String text = (id + " " + spec.title() + " " + spec.description() + " " + spec.strength())
                .toLowerCase(Locale.ROOT);
        return "data-spec=\"" + esc(id) + "\" data-family=\"" + esc(spec.family()) + "\" data-verdicts=\""
                + String.join(" ", verdicts) + "\" data-text=\"" + esc(text) + "\"";
    }

    private void details(List<String> ids, Map<String, ReportResult> specs) {
        h.append("<section id=\"specs\"><h2>Specs</h2>\n");
        for (String id : ids) {
            ReportResult spec = specs.get(id);
            boolean attention = false;
            for (ReportRun run : report.runs()) {
                ReportResult r = run.result(id);
                if (r != null && (r.verdict() == Verdict.FAIL || r.verdict() == Verdict.ERROR)) attention = true;
            }
            h.append("<article class=\"spec").append(attention ? " attention" : "").append("\" id=\"spec-")
                    .append(esc(slug(id))).append("\" ").append(filterAttributes(id, spec)).append(">\n<header><h3>")
                    .append("<span class=\"id\">").append(esc(id)).append("</span>").append(esc(spec.title()))
                    .append("</h3> <span class=\"strength\">").append(esc(spec.strength().name()))
                    .append("</span> <span class=\"meta\">").append(esc(spec.family() + " · "
                            + familyName(spec.family()))).append("</span></header>\n<div class=\"specbody\">");
            if (!spec.description().isEmpty()) h.append("<p class=\"desc\">").append(esc(spec.description())).append("</p>");
            if (!spec.sources().isEmpty()) {
                h.append("<p class=\"sources\">Sources: ");
                for (String s : spec.sources()) h.append("<span>").append(esc(s)).append("</span>");
                h.append("</p>");
            }
            if (!spec.scenario().isEmpty()) {
                h.append("<ul class=\"scenario\">");
                for (String s : spec.scenario()) h.append("<li>").append(esc(s)).append("</li>");
                h.append("</ul>");
            }
            for (ReportRun run : report.runs()) {
                ReportResult r = run.result(id);
                if (r != null) result(run, r);
            }
            h.append("</div></article>\n");
        }
        h.append("</section>\n");
    }

    private void result(ReportRun run, ReportResult r) {
        boolean passed = r.verdict() == Verdict.PASS;
        h.append("<div class=\"result\" id=\"").append(anchor(run, r)).append("\"><h4><span class=\"badge v-")
                .append(r.verdict().name()).append(r.partial() ? " partial" : "").append("\">")
                .append(r.partial() ? "PASS · PARTIALLY JUDGED " + r.judgedCount() + " OF " + r.expectations().size()
                        : verdictWord(r.verdict()).toUpperCase(Locale.ROOT))
                .append("</span> ").append(esc(report.columnLabel(run)));
        if (r.baseline() != null) h.append(" <span class=\"baseline\">baseline: ").append(esc(r.baseline())).append("</span>");
        h.append(" <span class=\"meta\">");
        List<String> meta = new ArrayList<>();
        if (r.traceDigest() != null) {
            meta.add(esc(humanMillis(r.virtualMillis())) + " observed");
            meta.add(r.wallMillis() + " ms to run");
            meta.add("digest <code title=\"" + esc(r.traceDigest()) + "\">" + esc(r.traceDigest().substring(0,
                    Math.min(12, r.traceDigest().length()))) + "</code>");
        }
        meta.add("seed " + run.seed());
        h.append(String.join(" · ", meta)).append("</span>");
        String pcap = pcapHref.apply(run, r);
        if (pcap != null) h.append(" <a href=\"").append(esc(pcap)).append("\" download>pcap</a>");
        h.append("</h4>\n");
        if (r.expectations().isEmpty()) {
            h.append("<p class=\"message\">").append(esc(r.message())).append("</p>");
        } else if (passed && !r.partial()) {
            h.append("<details><summary>").append(esc(r.message())).append("</summary>");
            expectations(r.expectations());
            h.append("</details>");
        } else {
            expectations(r.expectations());
        }
        if (r.verdict() == Verdict.ERROR && r.explanation() != null) {
            h.append("<details><summary>full explanation</summary><pre class=\"text\">").append(esc(r.explanation()))
                    .append("</pre></details>");
        }
        if (r.trace() != null) {
            if (passed) h.append("<details><summary>ladder diagram</summary>");
            h.append("<figure class=\"ladder-fig\">").append(LadderSvg.render(r.trace())).append(legend())
                    .append("</figure><details><summary>trace as text (")
                    .append(r.trace().events().size()).append(" events)</summary><pre class=\"text\">")
                    .append(esc(r.trace().ladder())).append("</pre></details>");
            if (passed) h.append("</details>");
        }
        h.append("</div>\n");
    }

    private void expectations(List<ExpectationResult> list) {
        h.append("<ul class=\"expectations\">");
        for (ExpectationResult e : list) {
            h.append("<li class=\"").append(e.held() ? "held" : e.failed() ? "failed" : "notjudged")
                    .append("\"><span class=\"exp\">").append(esc(e.expectation())).append("</span><div class=\"obs\">")
                    .append(e.held() ? "" : e.failed() ? "but " : "not judged: ").append(esc(e.observation()))
                    .append("</div></li>");
        }
        h.append("</ul>");
    }

    private static String legend() {
        return "<figcaption class=\"legend\"><span><i class=\"l-syn\"></i>SYN</span><span><i class=\"l-fin\"></i>FIN"
                + "</span><span><i class=\"l-rst\"></i>RST</span><span><i class=\"l-data\"></i>data</span><span>"
                + "<i class=\"l-ack\"></i>ACK</span><span>✗ dropped · dashed copy: duplicated · ↻ retransmission"
                + "</span><br><span><i class=\"sw st-syn\"></i>SYN_SENT/RECEIVED</span><span><i class=\"sw st-est\">"
                + "</i>ESTABLISHED</span><span><i class=\"sw st-finwait\"></i>FIN_WAIT/CLOSING</span><span>"
                + "<i class=\"sw st-closewait\"></i>CLOSE_WAIT/LAST_ACK</span><span><i class=\"sw st-timewait\"></i>"
                + "TIME_WAIT</span><span><i class=\"sw st-closed\"></i>CLOSED/LISTEN</span></figcaption>";
    }

    /** The id of a result's element: {@code r-TW-2} for a single run, {@code r-TW-2-1} for the second run. */
    private String anchor(ReportRun run, ReportResult r) {
        int i = report.runs().indexOf(run);
        return "r-" + slug(r.id()) + (report.runs().size() > 1 ? "-" + i : "");
    }

    private static String slug(String id) {
        StringBuilder sb = new StringBuilder(id.length());
        for (char c : id.toCharArray()) sb.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' ? c : '_');
        return sb.toString();
    }

    private static String verdictWord(Verdict v) {
        return switch (v) {
            case PASS -> "pass";
            case FAIL -> "fail";
            case NOT_APPLICABLE -> "n/a";
            case ERROR -> "error";
        };
    }

    private static String verdictCell(Verdict v) {
        return switch (v) {
            case PASS -> "✓ PASS";
            case FAIL -> "✗ FAIL";
            case NOT_APPLICABLE -> "– N/A";
            case ERROR -> "⚠ ERROR";
        };
    }

    private static String humanMillis(long millis) {
        return dev.tcpspec.trace.Trace.human(millis * 1_000_000L);
    }

    private static String esc(String s) {
        return Escape.html(s);
    }

    private static String familyName(String family) {
        return FAMILIES.getOrDefault(family, "rule family " + family);
    }

    private static Map<String, String> families() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("HS", "handshake facts needed for teardown");
        m.put("OC", "orderly close");
        m.put("SC", "simultaneous close");
        m.put("HC", "half-close and shutdown");
        m.put("TW", "TIME-WAIT");
        m.put("CW", "CLOSE-WAIT");
        m.put("LG", "SO_LINGER");
        m.put("UD", "close with unread data");
        m.put("RU", "port reuse");
        m.put("KA", "keepalive");
        m.put("SQ", "sequence arithmetic and PAWS");
        m.put("IS", "initial sequence numbers");
        m.put("RS", "RST and segment validation");
        m.put("TO", "retransmission timeout");
        return m;
    }

    /** {@code sha256-<base64>} of a script or style, for the Content-Security-Policy. */
    static String sha256(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("resource " + name + " is missing from the reports jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
