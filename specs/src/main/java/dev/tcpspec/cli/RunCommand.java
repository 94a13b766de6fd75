package dev.tcpspec.cli;

import dev.tcpspec.conformance.ConformanceReport;
import dev.tcpspec.conformance.ConformanceRun;
import dev.tcpspec.conformance.Placement;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.Assessment;
import dev.tcpspec.run.KnownDeviations;
import dev.tcpspec.run.RunResult;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.run.SpecSuite;
import dev.tcpspec.sim.Mutant;
import dev.tcpspec.specs.Catalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code tcpspec run}: the catalog (or a selection) against one stack, one line per spec, a summary and a status. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the rule catalog against a stack and report a verdict per spec.")
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    @Option(names = "--stack", paramLabel = "NAME",
            description = "stack to run against: ${COMPLETION-CANDIDATES}, or one a jar lists in META-INF/services "
                    + "(default: sim)",
            completionCandidates = StackNames.class)
    String stack;

    @Option(names = "--stack-class", paramLabel = "CLASS",
            description = "run against this class: a dev.tcpspec.spi.StackAdapter (socket tier) or "
                    + "dev.tcpspec.spi.SegmentStack (segment tier) with a public no-argument constructor")
    String stackClass;

    @Option(names = "--classpath", paramLabel = "PATH",
            description = "jars and directories to load --stack-class or --stack from, separated by the platform's "
                    + "path separator (':' on Linux)")
    String classpath;

    @Option(names = "--role", paramLabel = "ROLE",
            description = "the end a segment-tier stack plays: client, server or both (default: both; the reference "
                    + "stack plays the other)")
    String role;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "known deviations, one 'ID[@role] reason' per line: those fail no more; new ones and "
                    + "entries that now pass do")
    Path baseline;

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

    @Option(names = "--mutant", paramLabel = "NAME", description = "plant a deviation in the reference stack")
    String mutant;

    @Option(names = "--list-mutants", description = "list the mutants with what each plants, and exit")
    boolean listMutants;

    @Override
    public Integer call() throws Exception {
        // the stack, profile, specs and baseline are checked before anything runs; bad ones exit 2 naming the value
        PrintWriter out = cmd.commandLine().getOut();
        if (listMutants) {
            for (Mutant m : Mutant.values()) out.printf(Locale.ROOT, "%-26s %s%n", m.label(), m.description());
            return 0;
        }
        Mutant planted = mutant == null ? null : valid(() -> Mutant.byLabel(mutant));
        try (StackLoader loader = valid(() -> StackLoader.on(classpath))) {
            StackChoice.Chosen chosen = valid(() -> StackChoice.choose(stack, stackClass, loader,
                    role == null ? null : StackChoice.roles(role), planted));
            Profile stackDefault = chosen.placements().get(0).adapter().defaultProfile();
            Profile chosenProfile = profile == null ? stackDefault : valid(() -> Profile.named(profile));
            SpecSuite suite = valid(() -> Catalog.all().select(specs));
            KnownDeviations known = baseline == null ? KnownDeviations.NONE
                    : valid(() -> KnownDeviations.read(baseline, Catalog.all()));
            return run(out, chosen, chosenProfile, suite, planted, known);
        }
    }

    private int run(PrintWriter out, StackChoice.Chosen chosen, Profile chosenProfile, SpecSuite suite,
                    Mutant planted, KnownDeviations known) throws java.io.IOException {
        boolean several = chosen.placements().size() > 1;
        out.printf(Locale.ROOT, "tcpspec %s: %d spec(s) on %s%s, profile %s, seed %d%s%n", RunResult.VERSION,
                suite.size(), chosen.name(), chosen.segmentTier() ? " (segment tier, as " + roleNames(chosen) + ")"
                        : "", chosenProfile.name(), seed, planted == null ? "" : ", mutant " + planted.label());
        ConformanceRun conformance = ConformanceRun.execute(chosen.name(), suite, chosen.placements(), chosenProfile,
                seed, planted == null ? null : planted.label(), known,
                (placement, r) -> printLine(out, r, several, known.entryFor(r.id(), placement.role()).isPresent()));
        RunResult run = conformance.result();
        Assessment assessment = conformance.assessment();
        for (Assessment.Assessed a : assessment.results()) {
            if (a.status() == Assessment.Status.NEW_DEVIATION) out.println("\n" + a.result().explain());
        }
        out.println(run.summaryLine() + " (seed " + seed + ")");
        if (!known.isEmpty()) out.println(ConformanceReport.summary(conformance));
        if (planted != null) {
            List<String> killers = run.results().stream().filter(r -> r.verdict() == Verdict.FAIL)
                    .map(SpecResult::id).toList();
            out.println(killers.isEmpty() ? "mutant " + planted.label() + " SURVIVED: no spec failed"
                    : "mutant " + planted.label() + " killed by " + String.join(", ", killers));
        }
        if (json != null) {
            ConformanceReport.writeJson(conformance, json);
            out.println("wrote " + json);
        }
        out.flush();
        return assessment.exitCode();
    }

    private static String roleNames(StackChoice.Chosen chosen) {
        return String.join(" and ", chosen.placements().stream().map(p -> p.role().label()).toList());
    }

    /**
     * One line per result; {@code KNOWN} marks a failure the baseline records; with several placements the line names
     * the one it ran in.
     */
    private static void printLine(PrintWriter out, SpecResult r, boolean showStack, boolean known) {
        boolean deviates = r.verdict() == Verdict.FAIL || r.verdict() == Verdict.ERROR;
        String verdict = known && deviates ? "KNOWN"
                : r.verdict() == Verdict.NOT_APPLICABLE ? "N/A" : r.verdict().name();
        String tail = switch (r.verdict()) {
            case NOT_APPLICABLE, ERROR -> "  (" + r.message() + ")";
            default -> String.format(Locale.ROOT, "  [%s virtual, %d ms]",
                    dev.tcpspec.trace.Trace.human(r.virtualMillis() * 1_000_000L), r.wallMillis());
        };
        out.printf(Locale.ROOT, "%-5s %-6s %s%s%s%n", verdict, r.id(), showStack ? "[" + r.stack() + "] " : "",
                r.spec().title(), tail);
        out.flush();
    }

    private <T> T valid(java.util.function.Supplier<T> check) {
        // an IllegalArgumentException while reading the options is bad usage: exit 2 with its message
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
