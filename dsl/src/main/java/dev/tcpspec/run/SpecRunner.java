package dev.tcpspec.run;

import dev.tcpspec.dsl.Capability;
import dev.tcpspec.dsl.Expectation;
import dev.tcpspec.dsl.Judgement;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Timing;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.spi.StackAdapter;
import dev.tcpspec.trace.Trace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one spec against one stack and reaches a verdict: NOT_APPLICABLE if the profile lacks the rule or the stack a
 * capability; ERROR if the adapter throws, hangs past the timeout, or the scenario cannot be carried out; otherwise
 * PASS or FAIL from the expectations, judged on the trace. Never throws: whatever happens becomes a verdict.
 *
 * <pre>{@code
 * SpecResult r = SpecRunner.run(spec, Stacks.simulated(), RunOptions.defaults().withSeed(7));
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

    /** Runs {@code spec} on {@code stack} with {@code options}. */
    public static SpecResult run(Spec spec, StackAdapter stack, RunOptions options) {
        Profile profile = options.profile() != null ? options.profile() : stack.defaultProfile();
        long start = System.nanoTime();
        Optional<String> notApplicable = whyNotApplicable(spec, stack, profile, options.extraFaults());
        if (notApplicable.isPresent()) return notApplicable(spec, stack, profile, options, start, notApplicable.get());
        Duration timeout = options.timeout().compareTo(stack.minimumSpecTimeout()) >= 0 ? options.timeout()
                : stack.minimumSpecTimeout();
        Future<Trace> future = WORKERS.submit(() -> ScenarioRunner.execute(spec, stack, profile, options.seed(),
                options.extraFaults()));
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
        return judge(spec, stack, profile, options.seed(), trace, start);
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
        Trace trace;
        try {
            trace = ScenarioRunner.execute(spec, stack, profile, options.seed(), options.extraFaults());
        } catch (Exception | LinkageError | StackOverflowError e) {
            return couldNotRun(spec, stack, profile, options, start, e);
        }
        return judge(spec, stack, profile, options.seed(), trace, start);
    }

    /**
     * The verdict when the scenario stopped with {@code cause}: NOT_APPLICABLE when the stack found, as it ran, that
     * it cannot carry the scenario out; ERROR naming the step when the scenario itself could not be carried out
     * (with the trace so far); ERROR naming the exception when the adapter broke.
     */
    private static SpecResult couldNotRun(Spec spec, StackAdapter stack, Profile profile, RunOptions options,
                                          long start, Throwable cause) {
        if (cause instanceof dev.tcpspec.spi.CannotPerform cannot) {
            return notApplicable(spec, stack, profile, options, start, "the " + stack.name()
                    + " stack cannot perform this scenario: " + cannot.getMessage());
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

    private static Optional<String> whyNotApplicable(Spec spec, StackAdapter stack, Profile profile,
                                                     dev.tcpspec.wire.FaultSchedule extraFaults) {
        Optional<String> byProfile = spec.notApplicableUnder(profile);
        if (byProfile.isPresent()) return byProfile;
        for (Capability c : spec.requiredCapabilities()) {
            Optional<String> missing = stack.capabilities().whyMissing(c);
            if (missing.isPresent()) {
                return Optional.of("needs to " + c.description() + " (" + c + "), which the " + stack.name()
                        + " stack cannot: " + missing.get());
            }
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

    private static SpecResult judge(Spec spec, StackAdapter stack, Profile profile, long seed, Trace trace, long start) {
        Timing timing = new Timing(spec.effectiveProfile(profile), stack.tolerance());
        List<ExpectationResult> results = new ArrayList<>();
        int failed = 0;
        for (Expectation e : spec.expectations()) {
            String sentence;
            Judgement j;
            try {
                sentence = e.describe(timing);
                j = e.judge(trace, timing);
            } catch (RuntimeException ex) {
                return new SpecResult(spec, stack.name(), profile.name(), seed, Verdict.ERROR, "expectation '"
                        + e.describe() + "' could not be judged: " + Errors.summary(ex), results, trace,
                        millisSince(start), ex);
            }
            results.add(new ExpectationResult(sentence, j.holds(), j.observation()));
            if (!j.holds()) failed++;
        }
        Verdict verdict = failed == 0 ? Verdict.PASS : Verdict.FAIL;
        String message;
        if (failed == 0) {
            message = results.size() + (results.size() == 1 ? " expectation held" : " expectations held");
        } else {
            StringBuilder sb = new StringBuilder();
            for (ExpectationResult r : results) {
                if (r.held()) continue;
                sb.append(sb.length() == 0 ? "" : "\n").append("expected ").append(r.expectation()).append(", but ")
                        .append(r.observation());
            }
            message = sb.toString();
        }
        return new SpecResult(spec, stack.name(), profile.name(), seed, verdict, message, results, trace,
                millisSince(start), null);
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
