package dev.tcpspec.explore;

import dev.tcpspec.dsl.FaultSpace;
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
 * try), or, on a stack that prefers parallelism (a kernel on real time, each try in a namespace of its own), random
 * tries run in batches side by side; the calling thread watches that no single try outlives the timeout, so a hanging
 * adapter yields an ERROR instead of a hung build.
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

    /** The tries under way, with when each began: the watchdog looks at the oldest. */
    private final java.util.concurrent.ConcurrentHashMap<FaultSchedule, Long> running =
            new java.util.concurrent.ConcurrentHashMap<>();

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
                for (java.util.Map.Entry<FaultSchedule, Long> r : running.entrySet()) {
                    if (System.nanoTime() - r.getValue() > timeout.toNanos()) {
                        worker.interrupt();
                        return result(Verdict.ERROR, "a run under the schedule " + r.getKey().describe()
                                + " did not finish within " + Trace.human(timeout.toNanos()) + "; the " + stack.name()
                                + " adapter may hang", new ExplorationStats(), null);
                    }
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
        running.put(schedule, System.nanoTime());
        try {
            return SpecRunner.runInCallingThread(spec, stack, options.withExtraFaults(schedule));
        } finally {
            running.remove(schedule);
        }
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
            int batch = Math.max(1, stack.preferredParallelism());
            java.util.concurrent.ExecutorService pool = batch == 1 ? null : pool(batch);
            try {
                for (int n = 2; n <= tries; ) {
                    // a stack on virtual time runs one try at a time; one on real time (each try in a world of its
                    // own) runs a batch side by side, drawn from what the census knew when the batch began
                    List<FaultSchedule> round = new ArrayList<>();
                    while (round.size() < batch && n + round.size() <= tries) {
                        FaultSchedule s = null;
                        for (int repeat = 0; repeat < MAX_REPEATS && s == null; repeat++) {
                            FaultSchedule candidate = generator.next(census);
                            if (tried.add(candidate)) s = candidate;
                        }
                        if (s == null) break;
                        round.add(s);
                    }
                    if (round.isEmpty()) {
                        note = "; every one of the " + tried.size() + " distinct schedules of the space was tried";
                        break;
                    }
                    List<SpecResult> results = attemptAll(round, pool);
                    for (int i = 0; i < round.size(); i++, n++) {
                        SpecResult r = results.get(i);
                        stats.record(round.get(i), r);
                        if (r.trace() != null) census.learn(r.trace());
                        if (first == null && failed(r)) first = new Failure(n, round.get(i), r);
                    }
                }
            } finally {
                if (pool != null) pool.shutdownNow();
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

    /** Runs {@code schedules}, side by side on {@code pool} if there is one; results in the schedules' order. */
    private List<SpecResult> attemptAll(List<FaultSchedule> schedules, java.util.concurrent.ExecutorService pool) {
        if (pool == null || schedules.size() == 1) return schedules.stream().map(this::attempt).toList();
        List<java.util.concurrent.Future<SpecResult>> futures = new ArrayList<>();
        for (FaultSchedule s : schedules) futures.add(pool.submit(() -> attempt(s)));
        List<SpecResult> out = new ArrayList<>();
        for (java.util.concurrent.Future<SpecResult> f : futures) {
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while exploring", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a try failed: " + e.getCause(), e.getCause());
            }
        }
        return out;
    }

    private java.util.concurrent.ExecutorService pool(int threads) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "tcpspec-explore " + spec.id() + " #" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static boolean failed(SpecResult r) {
        return r.verdict() == Verdict.FAIL || r.verdict() == Verdict.ERROR;
    }

    private ExplorationResult result(Verdict verdict, String message, ExplorationStats stats, Counterexample c) {
        return new ExplorationResult(spec, stack.name(), stackArguments, profile.name(), seed, space, tries, exhaustive,
                verdict, message, stats, c);
    }
}
