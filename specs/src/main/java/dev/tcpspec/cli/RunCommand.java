package dev.tcpspec.cli;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.reports.JsonReport;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.RunResult;
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
import java.util.concurrent.Callable;

/** {@code tcpspec run}: the catalog (or a selection) against one stack, one line per spec, a summary and a status. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the rule catalog against a stack and report a verdict per spec.")
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

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

    @Option(names = "--mutant", paramLabel = "NAME", description = "plant a deviation in the reference stack")
    String mutant;

    @Option(names = "--list-mutants", description = "list the mutants with what each plants, and exit")
    boolean listMutants;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = cmd.commandLine().getOut();
        if (listMutants) {
            for (Mutant m : Mutant.values()) out.printf(Locale.ROOT, "%-26s %s%n", m.label(), m.description());
            return 0;
        }
        Mutant planted = mutant == null ? null : valid(() -> Mutant.byLabel(mutant));
        StackAdapter adapter = valid(() -> StackChoice.create(stack, planted, stackOptions));
        Profile chosen = profile == null ? adapter.defaultProfile() : valid(() -> Profile.named(profile));
        SpecSuite suite = valid(() -> Catalog.all().select(specs));

        out.printf(Locale.ROOT, "tcpspec %s: %d spec(s) on %s, profile %s, seed %d%s%n", RunResult.VERSION,
                suite.size(), adapter.name(), chosen.name(), seed, planted == null ? "" : ", mutant " + planted.label());
        RunResult run = suite.against(adapter).with(RunOptions.defaults().withProfile(chosen).withSeed(seed)
                        .withParallelism(adapter.preferredParallelism()))
                .withMutant(planted == null ? null : planted.label())
                .run(r -> printLine(out, r));
        for (SpecResult r : run.results()) {
            if (r.verdict() == Verdict.FAIL || r.verdict() == Verdict.ERROR) out.println("\n" + r.explain());
        }
        out.println(run.summaryLine() + " (seed " + seed + ")");
        if (planted != null) {
            List<String> killers = run.results().stream().filter(r -> r.verdict() == Verdict.FAIL)
                    .map(SpecResult::id).toList();
            out.println(killers.isEmpty() ? "mutant " + planted.label() + " SURVIVED: no spec failed"
                    : "mutant " + planted.label() + " killed by " + String.join(", ", killers));
        }
        if (json != null) {
            JsonReport.write(run, json);
            out.println("wrote " + json);
        }
        out.flush();
        return run.exitCode();
    }

    private static void printLine(PrintWriter out, SpecResult r) {
        String verdict = r.verdict() == Verdict.NOT_APPLICABLE ? "N/A" : r.verdict().name();
        String tail = switch (r.verdict()) {
            case NOT_APPLICABLE, ERROR -> "  (" + r.message() + ")";
            default -> String.format(Locale.ROOT, "  [%s virtual, %d ms]",
                    dev.tcpspec.trace.Trace.human(r.virtualMillis() * 1_000_000L), r.wallMillis());
        };
        out.printf(Locale.ROOT, "%-5s %-6s %s%s%n", verdict, r.id(), r.spec().title(), tail);
        out.flush();
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
