package dev.tcpspec.explore;

import dev.tcpspec.dsl.Capability;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Timing;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.run.SpecRunner;
import dev.tcpspec.spi.StackAdapter;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.wire.Fault;
import dev.tcpspec.wire.FaultAction;
import dev.tcpspec.wire.FaultSchedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The engine behind {@link Exploration#run()}: the fault-free run first (it also teaches the census which segments
 * the scenario sends), then random schedules or every schedule of the space, each run of the property judged, the
 * first failure shrunk. Tries run one after another in a worker thread, in-thread on the stack (no hand-off per
 * try); the calling thread watches that no single try outlives the timeout, so a hanging adapter yields an ERROR
 * instead of a hung build.
 */
final class Explorer {
    /** A random exploration stops early when this many schedules in a row had all been tried before. */
    static final int MAX_REPEATS = 500;

    private final Spec spec;
    private final StackAdapter stack;
    private final Profile profile;
    private final Timing timing;
    private final long seed;
    private final FaultSpace space;
    private final int tries;
    private final boolean exhaustive;
    private final Duration timeout;
    private final String stackArguments;
    private final RunOptions options;

    private volatile long tryStartedNanos;
    private volatile FaultSchedule current = FaultSchedule.NONE;

    Explorer(Spec spec, StackAdapter stack, Profile profile, long seed, FaultSpace space, int tries,
             boolean exhaustive, Duration timeout, String stackArguments) {
        this.spec = spec;
        this.stack = stack;
        this.profile = profile != null ? profile : stack.defaultProfile();
        this.timing = new Timing(this.profile, stack.tolerance());
        this.seed = seed;
        this.space = space;
        this.tries = tries;
        this.exhaustive = exhaustive;
        this.timeout = timeout;
        this.stackArguments = stackArguments;
        this.options = RunOptions.defaults().withProfile(this.profile).withSeed(seed).withTimeout(timeout);
    }

    ExplorationResult run() {
        for (Capability c : List.of(Capability.FAULT_INJECTION, Capability.SEGMENT_OBSERVATION)) {
            Optional<String> missing = stack.capabilities().whyMissing(c);
            if (missing.isPresent()) {
                return result(Verdict.NOT_APPLICABLE, "exploring faults needs to " + c.description() + " (" + c
                        + "), which the " + stack.name() + " stack cannot: " + missing.get(), new ExplorationStats(),
                        null);
            }
        }
        FutureTask<ExplorationResult> task = new FutureTask<>(this::explore);
        Thread worker = new Thread(task, "tcpspec-explore " + spec.id());
        worker.setDaemon(true);
        worker.start();
        long poll = Math.max(10, Math.min(250, timeout.toMillis() / 4));
        while (true) {
            try {
                return task.get(poll, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                long started = tryStartedNanos;
                if (started != 0 && System.nanoTime() - started > timeout.toNanos()) {
                    worker.interrupt();
                    return result(Verdict.ERROR, "a run under the schedule " + current.describe() + " did not finish"
                            + " within " + Trace.human(timeout.toNanos()) + "; the " + stack.name()
                            + " adapter may hang", new ExplorationStats(), null);
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("the exploration of " + spec.id() + " failed: " + e.getCause(),
                        e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                worker.interrupt();
                return result(Verdict.ERROR, "interrupted while exploring", new ExplorationStats(), null);
            }
        }
    }

    /** One run of the property under a schedule, watched by the calling thread. */
    private SpecResult attempt(FaultSchedule schedule) {
        current = schedule;
        tryStartedNanos = System.nanoTime();
        SpecResult r = SpecRunner.runInCallingThread(spec, stack, options.withExtraFaults(schedule));
        tryStartedNanos = 0;
        return r;
    }

    private record Failure(int tryNumber, FaultSchedule schedule, SpecResult result) {
    }

    private ExplorationResult explore() {
        long start = System.nanoTime();
        ExplorationStats stats = new ExplorationStats();
        SegmentCensus census = new SegmentCensus();
        Set<FaultSchedule> tried = new HashSet<>();
        SpecResult baseline = attempt(FaultSchedule.NONE);
        if (baseline.verdict() == Verdict.NOT_APPLICABLE) {
            return result(Verdict.NOT_APPLICABLE, baseline.message(), stats, null);
        }
        stats.record(FaultSchedule.NONE, baseline);
        tried.add(FaultSchedule.NONE);
        if (baseline.trace() != null) census.learn(baseline.trace());
        Failure first = failed(baseline) ? new Failure(1, FaultSchedule.NONE, baseline) : null;
        String note = "";
        if (exhaustive) {
            first = enumerate(baseline, stats, census, tried, first);
        } else {
            ScheduleGenerator generator = new ScheduleGenerator(seed, space, timing);
            for (int n = 2; n <= tries; n++) {
                FaultSchedule s = null;
                for (int repeat = 0; repeat < MAX_REPEATS && s == null; repeat++) {
                    FaultSchedule candidate = generator.next(census);
                    if (tried.add(candidate)) s = candidate;
                }
                if (s == null) {
                    note = "; every one of the " + tried.size() + " distinct schedules of the space was tried";
                    break;
                }
                SpecResult r = attempt(s);
                stats.record(s, r);
                if (r.trace() != null) census.learn(r.trace());
                if (first == null && failed(r)) first = new Failure(n, s, r);
            }
        }
        Counterexample counterexample = null;
        if (first != null) {
            Shrinker.Shrunk shrunk = new Shrinker(this::attempt, space, timing).shrink(first.schedule, first.result);
            counterexample = new Counterexample(first.tryNumber, first.schedule, first.result, shrunk.schedule(),
                    shrunk.result(), shrunk.reruns(), shrunk.nanos());
        }
        stats.finish(System.nanoTime() - start, census);
        if (counterexample == null) {
            return result(Verdict.PASS, stats.tries() + " tries, none failed" + note, stats, null);
        }
        Verdict v = counterexample.shrunkResult().verdict();
        return result(v, counterexample.shrunkResult().message(), stats, counterexample);
    }

    /** Every schedule of up to the space's maximum of faults, level by level, over segments the runs sent. */
    private Failure enumerate(SpecResult baseline, ExplorationStats stats, SegmentCensus census,
                              Set<FaultSchedule> tried, Failure first) {
        record Node(FaultSchedule schedule, SegmentCensus census) {
        }
        List<FaultAction> actions = space.enumeratedActions(timing);
        List<Node> level = new ArrayList<>();
        if (baseline.trace() != null) level.add(new Node(FaultSchedule.NONE, SegmentCensus.of(baseline.trace())));
        for (int size = 1; size <= space.maxFaults() && !level.isEmpty(); size++) {
            List<Node> next = new ArrayList<>();
            for (Node node : level) {
                for (SegmentCensus.Target t : node.census().targets(space)) {
                    for (FaultAction a : actions) {
                        Fault f = new Fault(t.from(), t.kind(), t.occurrence(), a);
                        if (node.schedule().targets(f)) continue;
                        FaultSchedule s = ScheduleGenerator.canonical(node.schedule().plus(f));
                        if (!tried.add(s)) continue;
                        SpecResult r = attempt(s);
                        stats.record(s, r);
                        if (r.trace() != null) {
                            census.learn(r.trace());
                            if (size < space.maxFaults()) next.add(new Node(s, SegmentCensus.of(r.trace())));
                        }
                        if (first == null && failed(r)) first = new Failure(stats.tries(), s, r);
                    }
                }
            }
            level = next;
        }
        return first;
    }

    private static boolean failed(SpecResult r) {
        return r.verdict() == Verdict.FAIL || r.verdict() == Verdict.ERROR;
    }

    private ExplorationResult result(Verdict verdict, String message, ExplorationStats stats, Counterexample c) {
        return new ExplorationResult(spec, stack.name(), stackArguments, profile.name(), seed, space, tries, exhaustive,
                verdict, message, stats, c);
    }
}
