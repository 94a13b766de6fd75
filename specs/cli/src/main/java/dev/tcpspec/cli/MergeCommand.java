package dev.tcpspec.cli;

import dev.tcpspec.reports.Report;
import dev.tcpspec.reports.ReportFiles;
import dev.tcpspec.reports.ReportFormat;
import dev.tcpspec.reports.ReportRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code tcpspec merge DIR... --out DIR}: combines the report directories of several runs into one report. Shards of
 * one run ({@code --shard 1/4} ... {@code 4/4}) become one run again, in suite order; runs on other stacks, profiles
 * or mutants become further columns of the matrix.
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Combine report directories (shards of a run, or runs on several stacks, profiles or mutants) "
                + "into one report.",
                "Exit status: 0 when every applicable spec passes and no shard is missing, 1 when any fails or errors "
                        + "or the merge is incomplete, 2 for bad usage or unreadable reports."})
final class MergeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    @Parameters(paramLabel = "DIR", arity = "1..*",
            description = "report directories written by 'tcpspec run --out' (or their report.json files)")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "where to write the merged report")
    Path out;

    @Option(names = "--format", paramLabel = "LIST",
            description = "which report files to write, comma-separated: json, junit, md, html, pcap (default: all)")
    String format;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = cmd.commandLine().getOut();
        Set<ReportFormat> formats;
        List<Report> parts = new ArrayList<>();
        Report merged;
        try {
            formats = format == null ? ReportFormat.ALL : ReportFormat.parse(format);
            String badOut = OutputTargets.whyNotADirectory(out);
            if (badOut != null) throw new IllegalArgumentException("--out " + out + ": " + badOut);
            for (Path in : inputs) {
                if (in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                    throw new IllegalArgumentException("--out " + out + " is also an input; merge into a new directory");
                }
                parts.add(ReportFiles.read(in));
            }
            merged = Report.merge(parts);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd.commandLine(), e.getMessage());
        }
        stdout.println("merged " + inputs.size() + " report(s) into " + merged.runs().size() + " run(s):");
        for (ReportRun run : merged.runs()) {
            stdout.println("  " + run.label() + ": " + run.results().size() + " specs");
        }
        for (String w : merged.warnings()) stdout.println("warning: " + w);
        stdout.println(merged.summaryLine());
        writeAndTell(merged, out, formats, stdout);
        stdout.flush();
        return merged.warnings().isEmpty() ? merged.exitCode() : 1;
    }

    /** Writes the report files and says which, with the page to open. */
    static void writeAndTell(Report report, Path dir, Set<ReportFormat> formats, PrintWriter stdout)
            throws IOException {
        List<Path> written = ReportFiles.write(report, dir, formats);
        long pcaps = written.stream().filter(p -> p.getFileName().toString().endsWith(".pcap")).count();
        long traces = written.stream().filter(p -> p.getFileName().toString().endsWith(".json.gz")).count();
        List<String> names = new ArrayList<>();
        for (Path p : written) {
            String name = p.getFileName().toString();
            if (!name.endsWith(".pcap") && !name.endsWith(".json.gz")) names.add(name);
        }
        if (pcaps > 0) names.add(pcaps + " pcap file" + (pcaps == 1 ? "" : "s"));
        if (traces > 0) names.add(traces + " trace side file" + (traces == 1 ? "" : "s") + " (too long for report.json)");
        stdout.println("wrote " + dir + ": " + (names.isEmpty() ? "nothing" : String.join(", ", names)));
        if (formats.contains(ReportFormat.HTML)) {
            stdout.println("open " + dir.toAbsolutePath().normalize().resolve(ReportFormat.HTML.fileName()).toUri());
        }
    }
}
