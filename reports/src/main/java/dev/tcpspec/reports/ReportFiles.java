package dev.tcpspec.reports;

import dev.tcpspec.trace.Pcap;
import dev.tcpspec.trace.Trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A report directory: what {@code tcpspec run --out DIR} writes and {@code tcpspec merge} reads.
 *
 * <pre>
 * DIR/report.json     the JSON contract (DESIGN.md), with traces of the results that did not pass
 * DIR/junit.xml       JUnit XML
 * DIR/summary.md      Markdown for a CI step summary
 * DIR/report.html     the self-contained page: matrix, explanations, ladder diagrams
 * DIR/pcap/ID.pcap    a capture of each kept trace (every failure); ID@RUN.pcap when the report has several runs
 * DIR/traces/ID.json.gz  a kept trace too long to sit inside report.json (see JsonReport), written with it
 * </pre>
 *
 * <p>Each file is written atomically ({@link AtomicFiles}): a run killed midway leaves every file either as the
 * previous run wrote it or complete, never half written. Everything is rendered before the first file is written, so
 * the files of one run land within moments of each other; pcap files come first and {@code report.html} last, so a
 * page never links to a capture that is not there yet, and trace side files before {@code report.json}, so that it
 * never names one that is not there. Captures and side files a previous run left for results that now pass are
 * removed, and so are temporary files a killed run left behind.
 *
 * <pre>{@code
 * List<Path> written = ReportFiles.write(report, Path.of("out"), ReportFormat.ALL);
 * Report again = ReportFiles.read(Path.of("out"));
 * }</pre>
 */
public final class ReportFiles {
    /** Temporary files {@link AtomicFiles} makes for the files written here. */
    private static final Pattern LEFTOVER = Pattern.compile(
            "\\.(report\\.json|junit\\.xml|summary\\.md|report\\.html|[^/]*\\.pcap|[^/]*\\.json\\.gz)\\.[0-9]+\\.tmp");
    /** The subdirectory of trace side files. */
    public static final String TRACES = "traces";

    private ReportFiles() {
    }

    /**
     * Writes the chosen formats of {@code report} into {@code dir}, creating it as needed.
     *
     * @return the files written, in the order they were written
     */
    public static List<Path> write(Report report, Path dir, Set<ReportFormat> formats) throws IOException {
        // render everything first, then write file after file: the files of one run land within moments of each
        // other, and a failure to render leaves the directory untouched
        Map<Path, byte[]> files = new LinkedHashMap<>();
        boolean pcaps = formats.contains(ReportFormat.PCAP);
        if (pcaps) {
            for (ReportRun run : report.runs()) {
                for (ReportResult r : run.results()) {
                    String rel = pcapFile(report, run, r);
                    if (rel != null) files.put(dir.resolve(rel), Pcap.of(r.trace()));
                }
            }
        }
        boolean json = formats.contains(ReportFormat.JSON);
        if (json) {
            for (ReportRun run : report.runs()) {
                for (ReportResult r : run.results()) {
                    String rel = traceFile(report, run, r);
                    if (rel != null) files.put(dir.resolve(rel), TraceJson.gzip(r.trace()));
                }
            }
            files.put(dir.resolve(ReportFormat.JSON.fileName()),
                    utf8(JsonReport.toText(report, (run, r) -> traceFile(report, run, r))));
        }
        if (formats.contains(ReportFormat.JUNIT)) {
            files.put(dir.resolve(ReportFormat.JUNIT.fileName()), utf8(JUnitXmlReport.toXml(report)));
        }
        if (formats.contains(ReportFormat.MD)) {
            files.put(dir.resolve(ReportFormat.MD.fileName()), utf8(MarkdownSummary.toMarkdown(report)));
        }
        if (formats.contains(ReportFormat.HTML)) {
            files.put(dir.resolve(ReportFormat.HTML.fileName()),
                    utf8(HtmlReport.toHtml(report, (run, r) -> pcaps ? pcapFile(report, run, r) : null)));
        }
        Files.createDirectories(dir);
        removeLeftovers(dir);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<Path, byte[]> f : files.entrySet()) {
            AtomicFiles.write(f.getKey(), f.getValue());
            written.add(f.getKey());
        }
        if (pcaps) removeStale(dir.resolve(ReportFormat.PCAP.fileName()), "*.pcap", files.keySet());
        if (json) removeStale(dir.resolve(TRACES), "*.json.gz", files.keySet());
        return written;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void removeStale(Path subdir, String glob, Set<Path> written) throws IOException {
        if (!Files.isDirectory(subdir)) return;
        Set<String> names = new HashSet<>();
        for (Path p : written) names.add(p.getFileName().toString());
        try (DirectoryStream<Path> old = Files.newDirectoryStream(subdir, glob)) {
            for (Path p : old) {
                if (!names.contains(p.getFileName().toString())) Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Where a result's capture goes, relative to the report directory ({@code pcap/TW-2.pcap}; with several runs
     * {@code pcap/TW-2@sim-linux.pcap}), or null when the result keeps no trace with segments.
     */
    public static String pcapFile(Report report, ReportRun run, ReportResult r) {
        Trace t = r.trace();
        if (t == null || t.segments().isEmpty()) return null;
        return ReportFormat.PCAP.fileName() + "/" + name(report, run, r) + ".pcap";
    }

    /**
     * Where a result's trace goes when it is too long for {@code report.json} (more than
     * {@link JsonReport#INLINE_TRACE_EVENTS} events), relative to the report directory
     * ({@code traces/TW-10.json.gz}; with several runs {@code traces/TW-10@sim-linux.json.gz}), or null when its
     * trace, if any, sits inside {@code report.json}.
     */
    public static String traceFile(Report report, ReportRun run, ReportResult r) {
        Trace t = r.trace();
        if (t == null || JsonReport.fitsInside(t)) return null;
        return TRACES + "/" + name(report, run, r) + ".json.gz";
    }

    /** A result's file name without extension: its id, and its run when the report has several. */
    private static String name(Report report, ReportRun run, ReportResult r) {
        String name = safe(r.id());
        if (report.runs().size() > 1) name += "@" + safe(report.columnLabel(run).replace(" · ", "-"));
        return name;
    }

    private static String safe(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            sb.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_' || c == '.' ? c : '_');
        }
        return sb.toString();
    }

    private static void removeLeftovers(Path dir) throws IOException {
        for (Path d : List.of(dir, dir.resolve(ReportFormat.PCAP.fileName()), dir.resolve(TRACES))) {
            if (!Files.isDirectory(d)) continue;
            try (DirectoryStream<Path> files = Files.newDirectoryStream(d, ".*.tmp")) {
                for (Path p : files) {
                    if (LEFTOVER.matcher(p.getFileName().toString()).matches()) Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * Reads the report in a directory ({@code DIR/report.json}) or a report file.
     *
     * @throws IllegalArgumentException if there is no report there, or it is not one, naming the path
     */
    public static Report read(Path dirOrFile) throws IOException {
        Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(ReportFormat.JSON.fileName()) : dirOrFile;
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(Files.isDirectory(dirOrFile)
                    ? dirOrFile + " holds no report.json; was it written with --out and --format including json?"
                    : dirOrFile + " does not exist");
        }
        return JsonReport.read(file);
    }
}
