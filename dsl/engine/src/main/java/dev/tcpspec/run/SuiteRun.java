package dev.tcpspec.run;

import dev.tcpspec.dsl.SpecSuite;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.SpecSuite;
import dev.tcpspec.spi.StackAdapter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * A suite bound to a stack and run options: run it for a {@link RunResult}, or turn it into JUnit dynamic tests
 * with {@code SpecTests.of(run)} of tcpspec-junit5.
 *
 * <pre>{@code
 * RunResult r = SuiteRun.of(Catalog.all().select(List.of("TW-*")), Stacks.simulated())
 *         .with(RunOptions.defaults().withProfile(Profile.linux()))
 *         .run();
 * }</pre>
 *
 * @param mutant the planted deviation the stack carries, for reports; null for none
 */
public record SuiteRun(SpecSuite suite, StackAdapter stack, RunOptions options, String mutant) {

    /** {@code suite} on {@code stack}, with the stack's default profile and seed 1. */
    public static SuiteRun of(SpecSuite suite, StackAdapter stack) {
        return new SuiteRun(suite, stack, RunOptions.defaults().withProfile(stack.defaultProfile()), null);
    }

    public SuiteRun with(RunOptions o) {
        return new SuiteRun(suite, stack, o, mutant);
    }

    /** Labels the run with the mutant the stack carries. */
    public SuiteRun withMutant(String name) {
        return new SuiteRun(suite, stack, options, name);
    }

    /** Runs every spec in order. */
    public RunResult run() {
        return run(r -> { });
    }

    /**
     * Runs every spec, up to {@code options.parallelism()} at a time, telling {@code progress} about each result as it
     * comes (from one thread at a time). Results keep the suite's order whatever order the specs finish in.
     */
    public RunResult run(Consumer<SpecResult> progress) {
        return run(RunListener.ofResults(progress));
    }

    /**
     * Runs every spec as {@link #run(Consumer)} does, telling {@code listener} also when each spec starts (for a
     * progress display that names the spec under way).
     */
    public RunResult run(RunListener listener) {
        List<Spec> specs = suite.specs();
        List<SpecResult> results = new ArrayList<>();
        if (options.parallelism() == 1 || specs.size() < 2) {
            for (Spec spec : specs) {
                listener.specStarted(spec);
                SpecResult r = SpecRunner.run(spec, stack, options);
                listener.specFinished(r);
                results.add(r);
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.parallelism(), specs.size()), t -> {
                Thread th = new Thread(t, "tcpspec-suite");
                th.setDaemon(true);
                return th;
            });
            try {
                List<Future<SpecResult>> futures = new ArrayList<>();
                for (Spec spec : specs) {
                    futures.add(pool.submit(() -> {
                        synchronized (listener) {
                            listener.specStarted(spec);
                        }
                        SpecResult r = SpecRunner.run(spec, stack, options);
                        synchronized (listener) {
                            listener.specFinished(r);
                        }
                        return r;
                    }));
                }
                for (Future<SpecResult> f : futures) results.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running the suite", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("SpecRunner never throws, but did", e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        String profile = (options.profile() != null ? options.profile() : stack.defaultProfile()).name();
        return new RunResult(stack.name(), profile, mutant, options.seed(), results);
    }
}
