package dev.tcpspec.explore;

import dev.tcpspec.dsl.FaultSpace;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.trace.Trace;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.util.Locale;

/**
 * The outcome of exploring one property under faults: a verdict, the statistics of what was covered and, when it
 * failed, the counterexample shrunk to a minimal schedule. The explanation prints everything needed to reproduce
 * the failure: the seed, the shrunk and the original schedule, and the shrunk run's trace as a ladder diagram.
 *
 * <pre>{@code
 * ExplorationResult r = Explore.spec(property).against(Stacks.simulated()).tries(2_000).run();
 * System.out.println(r.summaryLine());
 * r.assertHolds();   // in a test: FAIL/ERROR throw with explain(), NOT_APPLICABLE skips
 * }</pre>
 *
 * @param spec       the property
 * @param stack      the stack adapter's name
 * @param stackArguments how the command line selects the stack (e.g. {@code --mutant no-time-wait}), for the
 *                   reproduction hint; may be empty
 * @param profile    the profile's name
 * @param seed       the seed of the generator and of every run
 * @param space      the faults that could be tried
 * @param tries      the tries asked for (random exploration)
 * @param exhaustive whether every schedule in the space was enumerated
 * @param verdict    PASS when no try failed; FAIL or ERROR after the first failing try's verdict; NOT_APPLICABLE when
 *                   the stack cannot run the property under faults
 * @param message    why it does not apply or what went wrong, else a short summary
 * @param stats      what was covered
 * @param counterexample the shrunk failure, or null
 */
public record ExplorationResult(Spec spec, String stack, String stackArguments, String profile, long seed,
                                FaultSpace space, int tries,
                                boolean exhaustive, Verdict verdict, String message, ExplorationStats stats,
                                Counterexample counterexample) {

    /** Whether some try failed or errored. */
    public boolean failed() {
        return verdict == Verdict.FAIL || verdict == Verdict.ERROR;
    }

    /**
     * One line: {@code PR-1 PASS: 2,000 tries, 0 failed, 0.11 s (18,200 tries/s)}, and for a failure the shrunk
     * schedule.
     */
    public String summaryLine() {
        String head = String.format(Locale.ROOT, "%s %s: ", spec.id(), verdict);
        if (verdict == Verdict.NOT_APPLICABLE) return head + message;
        String counts = String.format(Locale.ROOT, "%,d %s, %,d failed, %.2f s (%,.0f tries/s)", stats.tries(),
                exhaustive ? "schedules (exhaustive)" : "tries", stats.failures(), stats.wallNanos() / 1e9,
                stats.triesPerSecond());
        if (counterexample == null) return head + counts + (verdict == Verdict.ERROR ? "; " + message : "");
        return head + counts + "; shrunk to " + faults(counterexample.shrunk().size()) + ": "
                + counterexample.shrunk().describe();
    }

    /** How to run this exploration again: the JUnit system property and the command line. */
    public String reproduction() {
        return "-Dtcpspec.seed=" + seed + " (with " + (exhaustive ? "exhaustive enumeration" : "tries " + tries)
                + ", max faults " + space.maxFaults() + "), or: " + command() + " --profile " + profile + " --seed " + seed + (exhaustive ? " --exhaustive" : " --tries " + tries)
                + " --max-faults " + space.maxFaults();
    }

    /**
     * The whole story: the verdict line, what was explored, for a failure the seed, the shrunk schedule, the
     * original schedule and the shrunk run explained with its ladder diagram; then the statistics.
     */
    public String explain() {
        StringBuilder sb = new StringBuilder();
        sb.append(spec.id()).append(' ').append(verdict).append(" under faults on ").append(stack)
                .append(" (profile ").append(profile).append(", seed ").append(seed).append("): ").append(spec.title())
                .append('\n');
        sb.append("  explored ").append(exhaustive ? "every schedule of " : "random schedules of ")
                .append(space.describe()).append('\n');
        if (verdict == Verdict.NOT_APPLICABLE) {
            sb.append("  not applicable: ").append(message).append('\n');
            return sb.toString();
        }
        if (counterexample != null) {
            Counterexample c = counterexample;
            sb.append("  seed ").append(seed).append(": reproduce with ").append(reproduction()).append('\n');
            sb.append("  first failure at try #").append(c.tryNumber())
                    .append(c.tryNumber() == 1 ? " (the fault-free run)" : "").append('\n');
            sb.append("  shrunk schedule   (").append(faults(c.shrunk().size())).append("): ")
                    .append(c.shrunk().describe()).append('\n');
            sb.append("  original schedule (").append(faults(c.original().size())).append("): ")
                    .append(c.original().describe()).append('\n');
            sb.append(String.format(Locale.ROOT, "  shrinking took %d re-runs, %s%n", c.reruns(),
                    Trace.human(c.shrinkNanos() / 1000 * 1000)));
            sb.append("  replay it: ").append(command()).append(" --profile ").append(profile)
                    .append(" --seed ").append(seed).append(" --replay '").append(c.shrunk().describe())
                    .append("'\n");
            sb.append("\nthe shrunk run:\n").append(c.shrunkResult().explain());
        } else if (verdict == Verdict.ERROR) {
            sb.append("  ").append(message).append('\n');
        }
        sb.append("\nstatistics: ").append(stats.describe());
        return sb.toString();
    }

    /**
     * For tests: returns on PASS, skips (aborts) on NOT_APPLICABLE with the reason, and throws an
     * {@link AssertionFailedError} carrying {@link #explain()} on FAIL or ERROR.
     */
    public ExplorationResult assertHolds() {
        switch (verdict) {
            case PASS -> {
                return this;
            }
            case NOT_APPLICABLE -> throw new TestAbortedException(spec.id() + " not applicable: " + message);
            default -> throw new AssertionFailedError(explain());
        }
    }

    private String command() {
        return "tcpspec explore " + (stackArguments.isEmpty() ? "" : stackArguments + " ") + "--spec " + spec.id();
    }

    private static String faults(int n) {
        return n + (n == 1 ? " fault" : " faults");
    }

    @Override
    public String toString() {
        return summaryLine();
    }
}
