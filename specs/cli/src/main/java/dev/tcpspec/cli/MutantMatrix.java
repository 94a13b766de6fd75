package dev.tcpspec.cli;

import dev.tcpspec.run.SuiteRun;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.RunResult;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.run.SpecRunner;
import dev.tcpspec.dsl.SpecSuite;
import dev.tcpspec.sim.Mutant;
import dev.tcpspec.sim.Stacks;

import dev.tcpspec.specs.Catalog;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The kill matrix: every spec of a suite against every planted {@link Mutant} of the reference stack, under one
 * profile, after the suite has passed against the reference itself. A mutant is killed when some spec fails against
 * it; {@code tcpspec run --mutant all} prints the matrix and exits 0 only if every mutant that can show under the
 * profile is killed.
 *
 * <pre>{@code
 * MutantMatrix m = MutantMatrix.compute(Catalog.all(), Profile.linux(), 1, 2);
 * m.print(new PrintWriter(System.out, true));
 * boolean complete = m.survivors().isEmpty();
 * }</pre>
 *
 * @param profile     the profile every run used
 * @param seed        the seed every run used
 * @param specs       the specs, in suite order (rows)
 * @param mutants     every mutant (columns)
 * @param verdicts    {@code verdicts[spec][mutant]}; null where the mutant cannot show under the profile
 * @param reference   the suite against the reference stack
 */
public record MutantMatrix(Profile profile, long seed, List<Spec> specs, List<Mutant> mutants, Verdict[][] verdicts,
                           RunResult reference) {

    /**
     * {@code tcpspec run --mutant all}: the kill matrix of the selected specs ({@code --spec}) under the chosen profile
     * ({@code --profile}, default rfc9293) and seed, printed; the exit status of {@link #exitCode()}. Options that
     * make sense for one run only are refused with exit status 2.
     */
    static int fromCommandLine(RunCommand run, PrintWriter out) {
        CommandLine cl = run.cmd.commandLine();
        if (!run.stackOptions.reference()) {
            throw new CommandLine.ParameterException(cl, "--mutant plants deviations in the reference stack; it needs "
                    + "--stack sim, not '" + run.stackOptions.chosenOtherThanReference() + "'");
        }
        if (run.json != null || run.out != null || run.shard != null || run.baseline != null) {
            throw new CommandLine.ParameterException(cl, "--json, --out, --shard and --baseline describe one run; "
                    + "--mutant all makes one per mutant and prints the kill matrix instead");
        }
        Profile profile;
        SpecSuite suite;
        try {
            profile = run.stackOptions.profileOr(Profile.rfc9293());
            suite = Catalog.all().select(run.specs);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        out.printf(Locale.ROOT, "tcpspec %s: %d spec(s) against %d mutants of the reference stack, profile %s, "
                + "seed %d%n", RunResult.VERSION, suite.size(), Mutant.values().length, profile.name(), run.seed);
        out.flush();
        MutantMatrix matrix = compute(suite, profile, run.seed, Runtime.getRuntime().availableProcessors());
        matrix.print(out);
        return matrix.exitCode();
    }

    /** Runs {@code suite} against the reference and against every mutant, {@code threads} runs at a time. */
    public static MutantMatrix compute(SpecSuite suite, Profile profile, long seed, int threads) {
        RunOptions options = RunOptions.defaults().withProfile(profile).withSeed(seed);
        RunResult reference = SuiteRun.of(suite, Stacks.simulated()).with(options).run();
        List<Spec> specs = suite.specs();
        List<Mutant> mutants = List.of(Mutant.values());
        Verdict[][] verdicts = new Verdict[specs.size()][mutants.size()];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "tcpspec-mutants");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int m = 0; m < mutants.size(); m++) {
                Mutant mutant = mutants.get(m);
                if (!mutant.observableUnder(profile)) continue;
                int column = m;
                work.add(pool.submit(() -> {
                    for (int s = 0; s < specs.size(); s++) {
                        verdicts[s][column] = SpecRunner.run(specs.get(s), Stacks.simulated(mutant), options).verdict();
                    }
                }));
            }
            for (Future<?> f : work) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the mutants", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("SpecRunner never throws, but did", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new MutantMatrix(profile, seed, specs, mutants, verdicts, reference);
    }

    /** The ids of the specs that failed against {@code mutant} (empty if it survived or cannot show). */
    public List<String> killers(Mutant mutant) {
        int m = mutants.indexOf(mutant);
        List<String> out = new ArrayList<>();
        for (int s = 0; s < specs.size(); s++) {
            if (verdicts[s][m] == Verdict.FAIL) out.add(specs.get(s).id());
        }
        return out;
    }

    /** The mutants a spec killed under this profile. */
    public List<Mutant> killedBy(String specId) {
        List<Mutant> out = new ArrayList<>();
        for (int s = 0; s < specs.size(); s++) {
            if (!specs.get(s).id().equals(specId)) continue;
            for (int m = 0; m < mutants.size(); m++) {
                if (verdicts[s][m] == Verdict.FAIL) out.add(mutants.get(m));
            }
        }
        return out;
    }

    /** Mutants that can show under the profile and that no spec killed. */
    public List<Mutant> survivors() {
        List<Mutant> out = new ArrayList<>();
        for (Mutant m : mutants) {
            if (m.observableUnder(profile) && killers(m).isEmpty()) out.add(m);
        }
        return out;
    }

    /** Runs that ended in ERROR: a broken adapter or scenario, not a kill. */
    public long errors() {
        return Arrays.stream(verdicts).flatMap(Arrays::stream).filter(v -> v == Verdict.ERROR).count();
    }

    /** 0 when the suite passes against the reference and every mutant that can show is killed, otherwise 1. */
    public int exitCode() {
        return reference.exitCode() == 0 && survivors().isEmpty() && errors() == 0 ? 0 : 1;
    }

    /** The matrix as text: one row per spec, one column per mutant, then a line per mutant with its killers. */
    public void print(PrintWriter out) {
        int idWidth = Math.max(8, specs.stream().mapToInt(s -> s.id().length()).max().orElse(8));
        out.printf(Locale.ROOT, "kill matrix: %d specs x %d mutants, profile %s, seed %d%n", specs.size(),
                mutants.size(), profile.name(), seed);
        out.println("  X killed (the spec failed)  . survived  - not applicable  E error  "
                + "(blank column: the mutant cannot show under this profile)");
        String pad = " ".repeat(idWidth + 2);
        StringBuilder tens = new StringBuilder(pad);
        StringBuilder units = new StringBuilder(pad);
        for (int m = 1; m <= mutants.size(); m++) {
            tens.append(m >= 10 ? Character.forDigit(m / 10 % 10, 10) : ' ');
            units.append(Character.forDigit(m % 10, 10));
        }
        out.println(tens);
        out.println(units);
        for (int s = 0; s < specs.size(); s++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-" + idWidth + "s  ", specs.get(s).id()));
            for (int m = 0; m < mutants.size(); m++) row.append(cell(verdicts[s][m]));
            out.println(row);
        }
        out.println();
        for (int m = 0; m < mutants.size(); m++) {
            Mutant mutant = mutants.get(m);
            List<String> k = killers(mutant);
            String fate = !mutant.observableUnder(profile) ? "cannot show under " + profile.name()
                    : k.isEmpty() ? "SURVIVED" : "killed by " + String.join(", ", k);
            out.printf(Locale.ROOT, "%3d %-36s %-6s %s%n", m + 1, mutant.label(), mutant.rule(), fate);
        }
        out.println();
        long observable = mutants.stream().filter(m -> m.observableUnder(profile)).count();
        long killing = 0;
        for (int s = 0; s < specs.size(); s++) {
            if (Arrays.stream(verdicts[s]).anyMatch(v -> v == Verdict.FAIL)) killing++;
        }
        out.printf(Locale.ROOT, "%d of %d mutants that can show under %s killed; %d of %d specs kill some mutant%s%n",
                observable - survivors().size(), observable, profile.name(), killing, specs.size(),
                errors() == 0 ? "" : "; " + errors() + " runs ended in ERROR");
        if (reference.exitCode() != 0) {
            out.println("the suite does not pass against the reference stack: " + reference.summaryLine());
            for (SpecResult r : reference.results()) {
                if (r.verdict() == Verdict.FAIL || r.verdict() == Verdict.ERROR) out.println("  " + r.id() + " " + r.verdict());
            }
        }
        out.flush();
    }

    private static char cell(Verdict v) {
        if (v == null) return ' ';
        return switch (v) {
            case FAIL -> 'X';
            case PASS -> '.';
            case NOT_APPLICABLE -> '-';
            case ERROR -> 'E';
        };
    }
}
