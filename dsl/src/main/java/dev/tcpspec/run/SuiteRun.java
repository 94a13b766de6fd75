package dev.tcpspec.run;

import dev.tcpspec.dsl.Spec;
import dev.tcpspec.junit.SpecTests;
import dev.tcpspec.spi.StackAdapter;
import org.junit.jupiter.api.DynamicNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A suite bound to a stack and run options: run it for a {@link RunResult}, or turn it into JUnit 5 dynamic tests.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> catalog() {
 *     return Catalog.all().against(Stacks.simulated()).with(RunOptions.defaults().withProfile(Profile.linux())).asTests();
 * }
 * }</pre>
 *
 * @param mutant the planted deviation the stack carries, for reports; null for none
 */
public record SuiteRun(SpecSuite suite, StackAdapter stack, RunOptions options, String mutant) {

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

    /** Runs every spec in order, telling {@code progress} about each result as it comes. */
    public RunResult run(Consumer<SpecResult> progress) {
        List<SpecResult> results = new ArrayList<>();
        for (Spec spec : suite.specs()) {
            SpecResult r = SpecRunner.run(spec, stack, options);
            progress.accept(r);
            results.add(r);
        }
        String profile = (options.profile() != null ? options.profile() : stack.defaultProfile()).name();
        return new RunResult(stack.name(), profile, mutant, options.seed(), results);
    }

    /** One dynamic test per spec; NOT_APPLICABLE specs are skipped with their reason. */
    public Stream<DynamicNode> asTests() {
        return SpecTests.of(this);
    }
}
