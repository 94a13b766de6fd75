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
        if (notApplicable.isPresent()) {
            return new SpecResult(spec, stack.name(), profile.name(), options.seed(), Verdict.NOT_APPLICABLE,
                    notApplicable.get(), List.of(), null, millisSince(start), null);
        }
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
            Throwable cause = e.getCause();
            if (cause instanceof dev.tcpspec.spi.CannotPerform cannot) {
                return new SpecResult(spec, stack.name(), profile.name(), options.seed(), Verdict.NOT_APPLICABLE,
                        "the " + stack.name() + " stack cannot perform this scenario: " + cannot.getMessage(),
                        List.of(), null, millisSince(start), null);
            }
            String what = cause instanceof ScenarioException ? cause.getMessage()
                    : "the " + stack.name() + " adapter threw " + Errors.summary(cause);
            return error(spec, stack, profile, options, start, what,
                    cause instanceof ScenarioException ? null : cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return error(spec, stack, profile, options, start, "interrupted while waiting for the adapter", null);
        }
        return judge(spec, stack, profile, options.seed(), trace, start);
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
        Timing timing = new Timing(profile, stack.tolerance());
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
        return new SpecResult(spec, stack.name(), profile.name(), options.seed(), Verdict.ERROR, message, List.of(),
                null, millisSince(start), cause);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
