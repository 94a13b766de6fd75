package dev.tcpspec.specs;

import dev.tcpspec.run.SuiteRun;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.os.OsStack;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.RunResult;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.net.URI;
import java.util.stream.Stream;

/**
 * The whole catalog on this machine's kernel under the linux profile: every spec that applies must pass; one that
 * does not (a capability this process lacks) is skipped with the adapter's reason. The specs run side by side, as
 * {@code tcpspec run --stack os} runs them, so the real timers they wait on overlap; each result is then one test.
 */
class OsCatalogTest {
    @TestFactory
    Stream<DynamicTest> catalogHoldsOnTheKernelUnderTheLinuxProfile() {
        OsStack kernel = OsStack.detect();
        RunResult run = SuiteRun.of(Catalog.all(), kernel).with(RunOptions.defaults().withProfile(Profile.linux())
                .withParallelism(kernel.preferredParallelism())).run();
        return run.results().stream().map(r -> DynamicTest.dynamicTest(r.id() + " " + r.spec().title(),
                URI.create("tcpspec:spec/" + r.id()), r::assertPasses));
    }

}
