package dev.tcpspec.reports;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The kinds of file a report directory holds, by the names {@code --format} takes.
 *
 * <pre>{@code
 * Set<ReportFormat> some = ReportFormat.parse("json,html");
 * }</pre>
 */
public enum ReportFormat {
    /** {@code report.json}: the JSON contract, with the traces of results that did not pass. */
    JSON("json", "report.json"),
    /** {@code junit.xml}: JUnit XML for CI test reporters. */
    JUNIT("junit", "junit.xml"),
    /** {@code summary.md}: Markdown for a CI step summary. */
    MD("md", "summary.md"),
    /** {@code report.html}: the self-contained page with the matrix and ladder diagrams. */
    HTML("html", "report.html"),
    /** {@code pcap/ID.pcap}: a capture of each result whose trace is kept (every result that did not pass). */
    PCAP("pcap", "pcap");

    /** Every format. */
    public static final Set<ReportFormat> ALL = EnumSet.allOf(ReportFormat.class);

    private final String label;
    private final String fileName;

    ReportFormat(String label, String fileName) {
        this.label = label;
        this.fileName = fileName;
    }

    /** The name {@code --format} takes, e.g. {@code junit}. */
    public String label() {
        return label;
    }

    /** The file (or, for pcap, the directory) it is written to inside the report directory. */
    public String fileName() {
        return fileName;
    }

    /** The formats named in a comma-separated list, e.g. {@code json,junit}; an unknown name is an error naming the valid ones. */
    public static Set<ReportFormat> parse(String list) {
        Set<ReportFormat> out = EnumSet.noneOf(ReportFormat.class);
        for (String part : list.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) continue;
            if (name.equals("all")) {
                out.addAll(ALL);
                continue;
            }
            ReportFormat found = null;
            for (ReportFormat f : values()) {
                if (f.label.equals(name) || (f == MD && name.equals("markdown")) || (f == JUNIT && name.equals("xml"))) {
                    found = f;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("unknown report format '" + part.trim() + "'; valid formats: "
                        + labels() + " (comma-separated), or all");
            }
            out.add(found);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no report format given; valid formats: " + labels());
        return out;
    }

    /** The valid names, comma-separated. */
    public static String labels() {
        List<String> l = new ArrayList<>();
        for (ReportFormat f : values()) l.add(f.label);
        return String.join(", ", l);
    }
}
