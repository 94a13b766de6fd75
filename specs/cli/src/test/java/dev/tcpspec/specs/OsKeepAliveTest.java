package dev.tcpspec.specs;

import dev.tcpspec.run.SuiteRun;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.os.OsStack;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.RunResult;
import dev.tcpspec.dsl.SpecSuite;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.net.URI;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * The keepalive specs (KA-*) on this machine's kernel. Under the linux profile they wait on two-hour timers and do
 * not apply to a stack on real time; here the profile's keepalive times are shortened to 3 s idle, 1 s interval and
 * 3 probes, which the os adapter sets on each socket (TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT), so the kernel's own
 * keepalive machinery (probes at SND.NXT - 1, the count, the timeout, the RST of a rebooted peer) is judged in
 * seconds. The specs express every wait in the profile's keepalive times, so they mean the same under both. A spec
 * that needs what this process lacks (a capture, a namespace for a crashing host) is skipped with the reason.
 */
class OsKeepAliveTest {
    static final Profile SHORT_KEEPALIVE = Profile.linux().toBuilder()
            .description("linux with keepalive 3 s idle, 1 s interval, 3 probes")
            .keepAliveIdle(Duration.ofSeconds(3)).keepAliveInterval(Duration.ofSeconds(1)).keepAliveProbes(3).build();

    @TestFactory
    Stream<DynamicTest> keepAliveHoldsOnTheKernelWithShortTimers() {
        OsStack kernel = OsStack.detect();
        RunResult run = SuiteRun.of(SpecSuite.of(KeepAliveSpecs.all()), kernel)
                .with(RunOptions.defaults().withProfile(SHORT_KEEPALIVE).withParallelism(kernel.preferredParallelism()))
                .run();
        return run.results().stream().map(r -> DynamicTest.dynamicTest(r.id() + " " + r.spec().title(),
                URI.create("tcpspec:spec/" + r.id()), r::assertPasses));
    }
}
