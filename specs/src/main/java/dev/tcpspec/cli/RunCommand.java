package dev.tcpspec.cli;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.reports.JsonReport;
import dev.tcpspec.reports.Report;
import dev.tcpspec.reports.ReportFiles;
import dev.tcpspec.reports.ReportFormat;
import dev.tcpspec.reports.ReportRun;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.RunResult;
import dev.tcpspec.run.Shard;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.run.SpecSuite;
import dev.tcpspec.sim.Mutant;
import dev.tcpspec.spi.StackAdapter;
import dev.tcpspec.specs.Catalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code tcpspec run}: the catalog (or a selection) against one stack, one line per spec, a summary and a status. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the rule catalog against a stack and report a verdict per spec.")
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    /** Whether standard output is a terminal (set by {@link Main}): a redrawn status line instead of plain lines. */
    boolean terminal;

    @Option(names = "--stack", paramLabel = "NAME", defaultValue = "sim",
            description = "stack to run against: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})",
            completionCandidates = StackNames.class)
    String stack;

    @Option(names = "--stack-option", paramLabel = "KEY=VALUE",
            description = "an option of the stack (repeatable); os: family=ipv4|ipv6, timers=read|wait, "
                    + "netns=auto|always|never")
    Map<String, String> stackOptions = new LinkedHashMap<>();

    @Option(names = "--profile", paramLabel = "NAME",
            description = "profile the stack is held to: rfc9293, linux (default: the stack's own)")
    String profile;

    @Option(names = "--spec", paramLabel = "ID", description = "spec id or glob such as 'TW-*' (repeatable)")
    List<String> specs = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "seed for every random choice (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "write the results as JSON to FILE")
    Path json;

    @Option(names = "--out", paramLabel = "DIR",
            description = "write the report files into DIR: report.json, junit.xml, summary.md, report.html and "
                    + "pcap/ID.pcap for each failure")
    Path out;

    @Option(names = "--format", paramLabel = "LIST",
            description = "which report files --out writes, comma-separated: json, junit, md, html, pcap "
                    + "(default: all)")
    String format;

    @Option(names = "--traces", paramLabel = "WHICH", defaultValue = "failing",
            description = "whose traces the report keeps (ladder, pcap, JSON): failing (default) or all")
    String traces;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "run shard I of N of the selected specs (for CI matrices; merge the outputs with "
                    + "'tcpspec merge'); the split depends only on spec ids")
    String shard;

    @Option(names = "--mutant", paramLabel = "NAME", description = "plant a deviation in the reference stack")
    String mutant;

    @Option(names = "--list-mutants", description = "list the mutants with what each plants, and exit")
    boolean listMutants;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = cmd.commandLine().getOut();
        if (listMutants) {
            for (Mutant m : Mutant.values()) stdout.printf(Locale.ROOT, "%-26s %s%n", m.label(), m.description());
            return 0;
        }
        Mutant planted = mutant == null ? null : valid(() -> Mutant.byLabel(mutant));
        StackAdapter adapter = valid(() -> StackChoice.create(stack, planted, stackOptions));
        Profile chosen = profile == null ? adapter.defaultProfile() : valid(() -> Profile.named(profile));
        SpecSuite whole = valid(() -> Catalog.all().select(specs));
        Shard slice = shard == null ? null : valid(() -> Shard.parse(shard));
        SpecSuite suite = slice == null ? whole : whole.shard(slice);
        Set<ReportFormat> formats = format == null ? ReportFormat.ALL : valid(() -> ReportFormat.parse(format));
        if (format != null && out == null) {
            throw new CommandLine.ParameterException(cmd.commandLine(),
                    "--format chooses the files that --out writes; give --out DIR as well");
        }
        boolean allTraces = valid(() -> keepAllTraces(traces));

        stdout.printf(Locale.ROOT, "tcpspec %s: %d spec(s) on %s, profile %s, seed %d%s%s%n", RunResult.VERSION,
                suite.size(), adapter.name(), chosen.name(), seed,
                slice == null ? "" : ", shard " + slice + " of " + whole.size(),
                planted == null ? "" : ", mutant " + planted.label());
        RunResult run;
        try (Progress progress = Progress.create(stdout, terminal, suite.size())) {
            run = suite.against(adapter).with(RunOptions.defaults().withProfile(chosen).withSeed(seed)
                            .withParallelism(adapter.preferredParallelism()))
                    .withMutant(planted == null ? null : planted.label())
                    .run(progress);
        }
        for (SpecResult r : run.results()) {
            if (r.verdict() == Verdict.FAIL || r.verdict() == Verdict.ERROR) stdout.println("\n" + r.explain());
        }
        stdout.println(run.summaryLine() + " (seed " + seed + ")");
        if (planted != null) {
            List<String> killers = run.results().stream().filter(r -> r.verdict() == Verdict.FAIL)
                    .map(SpecResult::id).toList();
            stdout.println(killers.isEmpty() ? "mutant " + planted.label() + " SURVIVED: no spec failed"
                    : "mutant " + planted.label() + " killed by " + String.join(", ", killers));
        }
        Report report = Report.of(slice == null ? ReportRun.of(run, allTraces)
                : ReportRun.of(run, whole, slice, allTraces));
        if (json != null) {
            JsonReport.write(report, json);
            stdout.println("wrote " + json);
        }
        if (out != null) MergeCommand.writeAndTell(report, out, formats, stdout);
        stdout.flush();
        return run.exitCode();
    }

    private static boolean keepAllTraces(String which) {
        return switch (which) {
            case "failing" -> false;
            case "all" -> true;
            default -> throw new IllegalArgumentException("unknown value '" + which
                    + "' for --traces; valid values: failing, all");
        };
    }

    private <T> T valid(java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd.commandLine(), e.getMessage());
        }
    }

    /** Completion candidates for --stack. */
    static final class StackNames extends ArrayList<String> {
        StackNames() {
            super(List.of(StackChoice.names().split(", ")));
        }
    }
}
