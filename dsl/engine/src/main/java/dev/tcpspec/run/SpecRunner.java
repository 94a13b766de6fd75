package dev.tcpspec.run;

import dev.tcpspec.dsl.Capability;
import dev.tcpspec.dsl.Expectation;
import dev.tcpspec.dsl.Judgement;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Timing;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.spi.StackAdapter;
import dev.tcpspec.spi.StackDeviation;
import dev.tcpspec.trace.Trace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one spec against one stack and reaches a verdict: NOT_APPLICABLE if the profile lacks the rule, the stack a
 * capability the scenario needs, or no expectation can be judged; ERROR if the adapter throws, hangs past the timeout,
 * or the scenario cannot be carried out; otherwise FAIL if an expectation failed, else PASS, which is partial when
 * some expectations could not be judged (a capability they need is missing, or the trace shows no evidence either
 * way). Each expectation is judged on its own, so a stack that cannot capture still gets the state and application
 * expectations of a spec judged. Never throws: whatever happens becomes a verdict.
 *
 * <pre>{@code
 * SpecResult r = SpecRunner.run(spec, Stacks.simulated(), RunOptions.defaults().withSeed(7));
 * SpecRunner.run(spec, Stacks.simulated()).assertPasses();   // in a test: fails, or skips when it does not apply
 * }</pre>
 */
public final class SpecRunner {
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tcpspec-spec");
        t.setDaemon(true);
        return t;
    });

    private SpecRunner() {
    }

    /** Runs {@code spec} on {@code stack} with the stack's default profile and seed 1; never throws. */
    public static SpecResult run(Spec spec, StackAdapter stack) {
        return run(spec, stack, RunOptions.defaults().withProfile(stack.defaultProfile()));
    }

    /** Runs {@code spec} on {@code stack} with {@code options}; never throws. */
    public static SpecResult run(Spec spec, StackAdapter stack, RunOptions options) {
        Profile profile = options.profile() != null ? options.profile() : stack.defaultProfile();
        long start = System.nanoTime();
        Optional<String> notApplicable = whyNotApplicable(spec, stack, profile, options.extraFaults());
        if (notApplicable.isPresent()) return notApplicable(spec, stack, profile, options, start, notApplicable.get());
        List<Part> parts = parts(spec, stack, profile);
        Optional<String> nothingToJudge = nothingJudgeable(stack, parts);
        if (nothingToJudge.isPresent()) return notApplicable(spec, stack, profile, options, start, nothingToJudge.get());
        Set<Capability> needs = needs(spec, parts);
        Duration timeout = options.timeout().compareTo(stack.minimumSpecTimeout()) >= 0 ? options.timeout()
                : stack.minimumSpecTimeout();
        Future<Trace> future = WORKERS.submit(() -> ScenarioRunner.execute(spec, stack, profile, options.seed(),
                options.extraFaults(), needs));
        Trace trace;
        try {
            trace = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return error(spec, stack, profile, options, start, "the " + stack.name() + " adapter did not finish within "
                    + Trace.human(timeout.toNanos()) + "; it may hang", null);
        } catch (ExecutionException e) {
            return couldNotRun(spec, stack, profile, options, start, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return error(spec, stack, profile, options, start, "interrupted while waiting for the adapter", null);
        }
        return judge(spec, stack, profile, options.seed(), trace, parts, start);
    }

    /**
     * Runs {@code spec} on {@code stack} in the calling thread, with no timeout: for callers that run many short
     * specs on a virtual-time stack and watch for hangs themselves (the property engine runs thousands of tries a
     * second; handing each to a worker thread would cost more than the try). Never throws: whatever happens becomes
     * a verdict, as with {@link #run}.
     */
    public static SpecResult runInCallingThread(Spec spec, StackAdapter stack, RunOptions options) {
        Profile profile = options.profile() != null ? options.profile() : stack.defaultProfile();
        long start = System.nanoTime();
        Optional<String> notApplicable = whyNotApplicable(spec, stack, profile, options.extraFaults());
        if (notApplicable.isPresent()) return notApplicable(spec, stack, profile, options, start, notApplicable.get());
        List<Part> parts = parts(spec, stack, profile);
        Optional<String> nothingToJudge = nothingJudgeable(stack, parts);
        if (nothingToJudge.isPresent()) return notApplicable(spec, stack, profile, options, start, nothingToJudge.get());
        Trace trace;
        try {
            trace = ScenarioRunner.execute(spec, stack, profile, options.seed(), options.extraFaults(),
                    needs(spec, parts));
        } catch (Exception | LinkageError | StackOverflowError e) {
            return couldNotRun(spec, stack, profile, options, start, e);
        }
        return judge(spec, stack, profile, options.seed(), trace, parts, start);
    }

    /**
     * One expectation as it is judged in a run: a part of the spec's expectations ({@link Spec#judgedParts}) and, if
     * the stack lacks a capability it needs, why it cannot be judged.
     */
    private record Part(Expectation expectation, String cannotJudge) {
    }

    private static List<Part> parts(Spec spec, StackAdapter stack, Profile profile) {
        Profile effective = spec.effectiveProfile(profile);
        List<Part> out = new ArrayList<>();
        for (Expectation e : spec.judgedParts(profile)) {
            String missing = null;
            for (Capability c : e.requires(effective)) {
                Optional<String> why = stack.capabilities().whyMissing(c);
                if (why.isPresent()) {
                    missing = lacks(stack, c, why.get());
                    break;
                }
            }
            out.add(new Part(e, missing));
        }
        return out;
    }

    /** Why no expectation can be judged on this stack (each lacks a capability), or empty if one can. */
    private static Optional<String> nothingJudgeable(StackAdapter stack, List<Part> parts) {
        if (parts.isEmpty()) return Optional.of("the spec has nothing to judge under this profile");
        Set<String> reasons = new LinkedHashSet<>();
        for (Part p : parts) {
            if (p.cannotJudge() == null) return Optional.empty();
            reasons.add(p.cannotJudge());
        }
        return Optional.of(String.join("; ", reasons));
    }

    /** What the session is told the spec needs: the scenario's capabilities and those of the judgeable parts. */
    private static Set<Capability> needs(Spec spec, List<Part> parts) {
        Set<Capability> needs = EnumSet.noneOf(Capability.class);
        needs.addAll(spec.scenarioCapabilities());
        for (Part p : parts) {
            if (p.cannotJudge() == null) needs.addAll(p.expectation().requires());
        }
        return needs;
    }

    private static String lacks(StackAdapter stack, Capability c, String why) {
        return "needs to " + c.description() + " (" + c + "), which the " + stack.name() + " stack cannot: " + why;
    }

    /**
     * The verdict when the scenario stopped with {@code cause}: NOT_APPLICABLE when the stack found, as it ran, that
     * it cannot carry the scenario out; FAIL when it found the stack deviating so that the scenario cannot go on;
     * ERROR naming the step when the scenario itself could not be carried out (with the trace so far); ERROR naming
     * the exception when the adapter broke.
     */
    private static SpecResult couldNotRun(Spec spec, StackAdapter stack, Profile profile, RunOptions options,
                                          long start, Throwable cause) {
        if (cause instanceof dev.tcpspec.spi.CannotPerform cannot) {
            return notApplicable(spec, stack, profile, options, start, "the " + stack.name()
                    + " stack cannot perform this scenario: " + cannot.getMessage());
        }
        if (cause instanceof ScenarioException se && se.getCause() instanceof StackDeviation deviation) {
            return new SpecResult(spec, stack.name(), profile.name(), options.seed(), Verdict.FAIL, "the "
                    + stack.name() + " stack deviated while the scenario ran: " + deviation.getMessage(), List.of(),
                    se.trace(), millisSince(start), null);
        }
        if (cause instanceof ScenarioException se) {
            return error(spec, stack, profile, options, start, se.getMessage(), null, se.trace());
        }
        return error(spec, stack, profile, options, start, "the " + stack.name() + " adapter threw "
                + Errors.summary(cause), cause);
    }

    private static SpecResult notApplicable(Spec spec, StackAdapter stack, Profile profile, RunOptions options,
                                            long start, String reason) {
        return new SpecResult(spec, stack.name(), profile.name(), options.seed(), Verdict.NOT_APPLICABLE, reason,
                List.of(), null, millisSince(start), null);
    }

    /**
     * Why the spec cannot run at all: the profile lacks the rule, the stack lacks a capability the scenario needs
     * (expectations' capabilities are weighed one by one, {@link #parts}), or it cannot inject the planned faults.
     */
    private static Optional<String> whyNotApplicable(Spec spec, StackAdapter stack, Profile profile,
                                                     dev.tcpspec.wire.FaultSchedule extraFaults) {
        Optional<String> byProfile = spec.notApplicableUnder(profile);
        if (byProfile.isPresent()) return byProfile;
        for (Capability c : spec.scenarioCapabilities()) {
            Optional<String> missing = stack.capabilities().whyMissing(c);
            if (missing.isPresent()) return Optional.of(lacks(stack, c, missing.get()));
        }
        if (!spec.setup().faults().plus(extraFaults).isEmpty()) {
            Optional<String> faults = stack.whyCannotInject(spec.setup().faults().plus(extraFaults));
            if (faults.isPresent()) {
                return Optional.of("needs the faults " + spec.setup().faults().plus(extraFaults).describe()
                        + ", which the " + stack.name() + " stack cannot inject: " + faults.get());
            }
        }
        return Optional.empty();
    }

    /**
     * Judges each part on the trace: FAIL if any failed; NOT_APPLICABLE if none could be judged (each lacked a
     * capability or its evidence); otherwise PASS, partial when some were not judged (the message says which, and
     * why).
     */
    private static SpecResult judge(Spec spec, StackAdapter stack, Profile profile, long seed, Trace trace,
                                    List<Part> parts, long start) {
        Timing timing = new Timing(spec.effectiveProfile(profile), stack.tolerance());
        List<ExpectationResult> results = new ArrayList<>();
        int failed = 0;
        int notJudged = 0;
        for (Part part : parts) {
            Expectation e = part.expectation();
            String sentence;
            Judgement j;
            try {
                sentence = e.describe(timing);
                j = part.cannotJudge() != null ? Judgement.notObserved(part.cannotJudge()) : e.judge(trace, timing);
            } catch (RuntimeException ex) {
                return new SpecResult(spec, stack.name(), profile.name(), seed, Verdict.ERROR, "expectation '"
                        + e.describe() + "' could not be judged: " + Errors.summary(ex), results, trace,
                        millisSince(start), ex);
            }
            results.add(new ExpectationResult(sentence, j.outcome(), j.observation()));
            if (j.failed()) failed++;
            if (j.notObserved()) notJudged++;
        }
        StringBuilder sb = new StringBuilder();
        Verdict verdict;
        if (failed > 0) {
            verdict = Verdict.FAIL;
            for (ExpectationResult r : results) {
                if (!r.failed()) continue;
                sb.append(sb.length() == 0 ? "" : "\n").append("expected ").append(r.expectation()).append(", but ")
                        .append(r.observation());
            }
            if (notJudged > 0) sb.append("\n").append(notJudgedText(results, notJudged));
        } else if (notJudged == results.size()) {
            verdict = Verdict.NOT_APPLICABLE;
            sb.append("nothing could be judged: ");
            Set<String> reasons = new LinkedHashSet<>();
            for (ExpectationResult r : results) reasons.add(r.observation());
            sb.append(String.join("; ", reasons));
        } else {
            verdict = Verdict.PASS;
            int held = results.size() - notJudged;
            sb.append(held).append(held == 1 ? " expectation held" : " expectations held");
            if (notJudged > 0) sb.append("; partially judged: ").append(notJudgedText(results, notJudged));
        }
        return new SpecResult(spec, stack.name(), profile.name(), seed, verdict, sb.toString(), results, trace,
                millisSince(start), null);
    }

    /** E.g. {@code 2 of 5 expectations not judged: the wire carries RST from client (needs to observe ...)}. */
    private static String notJudgedText(List<ExpectationResult> results, int notJudged) {
        StringBuilder sb = new StringBuilder().append(notJudged).append(" of ").append(results.size())
                .append(results.size() == 1 ? " expectation" : " expectations").append(" not judged: ");
        boolean first = true;
        for (ExpectationResult r : results) {
            if (r.judged()) continue;
            sb.append(first ? "" : "; ").append(r.expectation()).append(" (").append(r.observation()).append(')');
            first = false;
        }
        return sb.toString();
    }

    private static SpecResult error(Spec spec, StackAdapter stack, Profile profile, RunOptions options, long start,
                                    String message, Throwable cause) {
        return error(spec, stack, profile, options, start, message, cause, null);
    }

    private static SpecResult error(Spec spec, StackAdapter stack, Profile profile, RunOptions options, long start,
                                    String message, Throwable cause, Trace partialTrace) {
        return new SpecResult(spec, stack.name(), profile.name(), options.seed(), Verdict.ERROR, message, List.of(),
                partialTrace, millisSince(start), cause);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
