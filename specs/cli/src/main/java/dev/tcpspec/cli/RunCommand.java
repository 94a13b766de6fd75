package dev.tcpspec.cli;

import dev.tcpspec.conformance.ConformanceReport;
import dev.tcpspec.conformance.ConformanceRun;
import dev.tcpspec.conformance.Placement;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.reports.JsonReport;
import dev.tcpspec.reports.Report;
import dev.tcpspec.reports.ReportFormat;
import dev.tcpspec.run.Assessment;
import dev.tcpspec.run.KnownDeviations;
import dev.tcpspec.run.RunResult;
import dev.tcpspec.dsl.Shard;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.dsl.SpecSuite;
import dev.tcpspec.sim.Mutant;
import dev.tcpspec.specs.Baselines;
import dev.tcpspec.specs.Catalog;
import dev.tcpspec.trace.Side;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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

    @Mixin
    StackOptions stackOptions;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "known deviations, one 'ID[@role] reason' per line: those fail no more; new ones and "
                    + "entries that now pass do")
    Path baseline;

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

    @Option(names = "--mutant", paramLabel = "NAME",
            description = "plant a deviation in the reference stack; 'all' runs every mutant and prints the kill matrix")
    String mutant;

    @Option(names = "--list-mutants", description = "list the mutants with what each plants, and exit")
    boolean listMutants;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = cmd.commandLine().getOut();
        if (listMutants) {
            for (Mutant m : Mutant.values()) {
                stdout.printf(Locale.ROOT, "%-36s %-6s %s%n", m.label(), m.rule(), m.description());
            }
            return 0;
        }
        if ("all".equals(mutant)) return MutantMatrix.fromCommandLine(this, stdout);
        Mutant planted = mutant == null ? null : valid(() -> Mutant.byLabel(mutant));
        // the stack, profile, specs and baseline are checked before anything runs; bad ones exit 2 naming the value
        try (StackLoader loader = valid(stackOptions::loader)) {
            StackChoice.Chosen chosen = valid(() -> stackOptions.choose(loader, planted));
            Profile stackDefault = chosen.placements().get(0).adapter().defaultProfile();
            Profile chosenProfile = valid(() -> stackOptions.profileOr(profileFor(planted, stackDefault)));
            if (planted != null && !planted.observableUnder(chosenProfile)) {
                throw new CommandLine.ParameterException(cmd.commandLine(), "mutant " + planted.label()
                        + " cannot show under profile " + chosenProfile.name() + " (" + planted.description()
                        + "); it can under: " + profilesShowing(planted));
            }
            SpecSuite whole = valid(() -> Catalog.all().select(specs));
            Shard slice = shard == null ? null : valid(() -> Shard.parse(shard));
            SpecSuite suite = slice == null ? whole : whole.shard(slice);
            Set<ReportFormat> formats = format == null ? ReportFormat.ALL : valid(() -> ReportFormat.parse(format));
            if (format != null && out == null) {
                throw new CommandLine.ParameterException(cmd.commandLine(),
                        "--format chooses the files that --out writes; give --out DIR as well");
            }
            boolean allTraces = valid(() -> keepAllTraces(traces));
            // report targets are checked now, not after a run of many minutes
            String badOut = out == null ? null : OutputTargets.whyNotADirectory(out);
            if (badOut != null) throw new CommandLine.ParameterException(cmd.commandLine(), "--out " + out + ": " + badOut);
            String badJson = json == null ? null : OutputTargets.whyNotAFile(json);
            if (badJson != null) {
                throw new CommandLine.ParameterException(cmd.commandLine(), "--json " + json + ": " + badJson);
            }
            KnownDeviations known = baseline == null ? KnownDeviations.NONE
                    : valid(() -> KnownDeviations.read(baseline, Baselines.validIds()).restrictedTo(Baselines.catalogIds()));

            stdout.printf(Locale.ROOT, "tcpspec %s: %d spec(s) on %s%s, profile %s, seed %d%s%s%n", RunResult.VERSION,
                    suite.size(), chosen.name(), chosen.segmentTier() ? " (segment tier, as " + roleNames(chosen) + ")"
                            : "", chosenProfile.name(), seed,
                    slice == null ? "" : ", shard " + slice + " of " + whole.size(),
                    planted == null ? "" : ", mutant " + planted.label());
            ConformanceRun conformance;
            try (Progress progress = Progress.create(stdout, terminal, suite.size() * chosen.placements().size(),
                    marks(chosen, known))) {
                conformance = ConformanceRun.execute(chosen.name(), suite, chosen.placements(), chosenProfile, seed,
                        planted == null ? null : planted.label(), known, progress);
            }
            RunResult run = conformance.combined();
            Assessment assessment = conformance.assessment();
            for (Assessment.Assessed a : assessment.results()) {
                if (a.status() == Assessment.Status.NEW_DEVIATION) stdout.println("\n" + a.result().explain());
            }
            stdout.println(run.summaryLine() + " (seed " + seed + ")");
            if (!known.isEmpty()) stdout.println(ConformanceReport.summary(conformance));
            if (planted != null) {
                List<String> killers = run.results().stream().filter(r -> r.verdict() == Verdict.FAIL)
                        .map(SpecResult::id).toList();
                stdout.println(killers.isEmpty() ? "mutant " + planted.label() + " SURVIVED: no spec failed"
                        : "mutant " + planted.label() + " killed by " + String.join(", ", killers));
            }
            Report report = conformance.report(slice == null ? null : whole, slice, allTraces);
            if (json != null) {
                JsonReport.write(report, json);
                stdout.println("wrote " + json);
            }
            if (out != null) MergeCommand.writeAndTell(report, out, formats, stdout);
            stdout.flush();
            return assessment.exitCode();
        }
    }

    /**
     * The profile of a run given no --profile: the stack's own, unless the mutant cannot show under it (a deviation of
     * Linux's orphaned FIN_WAIT_2 timer, say, under rfc9293, which has none); then the first built-in profile where it
     * can, so that {@code run --mutant X} always runs where X can be caught.
     */
    private static Profile profileFor(Mutant planted, Profile stackDefault) {
        if (planted == null || planted.observableUnder(stackDefault)) return stackDefault;
        for (Profile p : Profile.builtIn()) {
            if (planted.observableUnder(p)) return p;
        }
        return stackDefault;
    }

    private static String profilesShowing(Mutant planted) {
        List<String> names = new ArrayList<>();
        for (Profile p : Profile.builtIn()) {
            if (planted.observableUnder(p)) names.add(p.name());
        }
        return names.isEmpty() ? "none of the built-in profiles" : String.join(", ", names);
    }

    /** With several placements, each line names its own; with a baseline, recorded deviations read KNOWN. */
    private static Progress.Marks marks(StackChoice.Chosen chosen, KnownDeviations known) {
        boolean several = chosen.placements().size() > 1;
        Map<String, Side> roles = new HashMap<>();
        for (Placement p : chosen.placements()) roles.put(p.adapter().name(), p.role());
        return new Progress.Marks() {
            @Override
            public String verdict(SpecResult r) {
                boolean deviates = r.verdict() == Verdict.FAIL || r.verdict() == Verdict.ERROR;
                return deviates && known.entryFor(r.id(), roles.get(r.stack())).isPresent() ? "KNOWN" : null;
            }

            @Override
            public String placement(SpecResult r) {
                return several ? "[" + r.stack() + "] " : "";
            }
        };
    }

    private static String roleNames(StackChoice.Chosen chosen) {
        return String.join(" and ", chosen.placements().stream().map(p -> p.role().label()).toList());
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
        // an IllegalArgumentException while reading the options is bad usage: exit 2 with its message
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd.commandLine(), e.getMessage());
        }
    }
}
