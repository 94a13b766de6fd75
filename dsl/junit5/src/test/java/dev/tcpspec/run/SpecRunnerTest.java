package dev.tcpspec.run;

import dev.tcpspec.dsl.SpecSuite;
import dev.tcpspec.dsl.Capabilities;
import dev.tcpspec.dsl.Capability;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.junit.SpecTests;
import dev.tcpspec.spi.ListenResult;
import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.spi.SocketResult;
import dev.tcpspec.spi.StackAdapter;
import dev.tcpspec.spi.StackSession;
import dev.tcpspec.trace.Side;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static dev.tcpspec.dsl.Tcp.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whatever an adapter does, the runner reaches a verdict and the run goes on. */
class SpecRunnerTest {
    private static final Spec TW2 = spec("TW-2", "the active closer holds TIME_WAIT").given(established())
            .when(client().closes()).then(client().enters(TIME_WAIT));

    /** An adapter whose sessions do what {@code behaviour} says when the scenario connects. */
    private static StackAdapter adapter(Capabilities caps, Runnable onConnect) {
        return new StackAdapter() {
            public String name() {
                return "fake";
            }

            public Capabilities capabilities() {
                return caps;
            }

            public Duration tolerance() {
                return Duration.ZERO;
            }

            public StackSession open(SessionSettings settings) {
                return new StackSession() {
                    public long nowNanos() {
                        return 0;
                    }

                    public String address(Side side) {
                        return "127.0.0.1";
                    }

                    public ListenResult listen(Side side, int port, SocketOptions options) {
                        return ListenResult.ok(new dev.tcpspec.spi.TcpListener() {
                            public int port() {
                                return 80;
                            }

                            public SocketResult accept(Duration timeout) {
                                throw new AssertionError("not reached");
                            }

                            public dev.tcpspec.spi.IoResult close() {
                                return dev.tcpspec.spi.IoResult.of(dev.tcpspec.trace.AppOutcome.OK);
                            }
                        });
                    }

                    public SocketResult connect(Side side, SocketOptions options, int remotePort, Duration timeout) {
                        onConnect.run();
                        return SocketResult.failed(dev.tcpspec.trace.AppOutcome.CONNECTION_REFUSED, 0);
                    }

                    public void elapse(Duration d) {
                    }

                    public void finish(Duration horizon) {
                    }

                    public void close() {
                    }
                };
            }
        };
    }

    @Test
    void anAdapterThatThrowsYieldsAnErrorNamingTheException() {
        StackAdapter broken = adapter(Capabilities.all(), () -> {
            throw new IllegalStateException("socket table corrupted");
        });
        SpecResult r = SpecRunner.run(TW2, broken);
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.message()).isEqualTo("the fake adapter threw IllegalStateException: socket table corrupted");
        assertThat(r.error()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStackThatDeviatesAsItRunsFailsNeverNotApplicable() {
        // a kernel whose TIME_WAIT outlives the timer it showed: the stack's doing, so FAIL with the trace so far
        StackAdapter deviating = adapter(Capabilities.all(), () -> {
            throw new dev.tcpspec.spi.StackDeviation("a TIME_WAIT outlived its timer");
        });
        SpecResult r = SpecRunner.run(TW2, deviating);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.message()).isEqualTo("the fake stack deviated while the scenario ran: a TIME_WAIT outlived its timer");
        assertThat(r.trace()).as("the trace so far goes with it").isNotNull();
        SpecResult inThread = SpecRunner.runInCallingThread(TW2, deviating, RunOptions.defaults());
        assertThat(inThread.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void anAdapterThatHangsYieldsAnErrorWithinTheTimeout() {
        StackAdapter hanging = adapter(Capabilities.all(), () -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        SpecResult r = SpecRunner.run(TW2, hanging, RunOptions.defaults().withTimeout(Duration.ofMillis(200)));
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.message()).isEqualTo("the fake adapter did not finish within 200 ms; it may hang");
    }

    @Test
    void aFailedSetupIsAnErrorThatSaysWhich() {
        SpecResult r = SpecRunner.run(TW2, adapter(Capabilities.all(), () -> { }));
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.message()).isEqualTo("setup failed: the client's connect() returned Connection refused");
    }

    @Test
    void aMissingCapabilityIsNotApplicableWithTheAdaptersReason() {
        StackAdapter blind = adapter(Capabilities.only(Set.of(), "no /proc on this system"), () -> { });
        SpecResult r = SpecRunner.run(TW2, blind);
        assertThat(r.verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
        assertThat(r.message()).isEqualTo("needs to observe endpoint states (STATE_OBSERVATION), which the fake stack "
                + "cannot: no /proc on this system");
        assertThatThrownBy(r::assertPasses).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("no /proc on this system");
    }

    @Test
    void asDynamicTestsANotApplicableSpecIsSkippedNotPassed() throws Throwable {
        StackAdapter blind = adapter(Capabilities.all().without(Capability.STATE_OBSERVATION, "unprivileged"),
                () -> { });
        SuiteRun run = SuiteRun.of(SpecSuite.of(List.of(TW2)), blind);
        DynamicTest test = SpecTests.test(TW2, run);
        assertThat(test.getDisplayName()).isEqualTo("TW-2 the active closer holds TIME_WAIT");
        assertThatThrownBy(() -> test.getExecutable().execute()).isInstanceOf(TestAbortedException.class);
    }

    @Test
    void suitesSelectByIdAndGlobAndNameBadSelectors() {
        Spec a = spec("TW-1", "a").given(established()).then(client().enters(ESTABLISHED));
        Spec b = spec("CW-1", "b").given(established()).then(client().enters(ESTABLISHED));
        SpecSuite suite = SpecSuite.of(List.of(a, TW2, b));
        assertThat(suite.select(List.of("tw-*")).ids()).isEqualTo("TW-1, TW-2");
        assertThat(suite.select(List.of("CW-1", "TW-2")).ids()).isEqualTo("TW-2, CW-1");
        assertThatThrownBy(() -> suite.select(List.of("NOPE")))
                .hasMessage("no spec matches 'NOPE'; valid ids: TW-1, TW-2, CW-1");
        assertThatThrownBy(() -> SpecSuite.of(List.of(a, a))).hasMessage("two specs have the id TW-1");
    }

    @Test
    void aParallelSuiteKeepsTheSuiteOrder() {
        List<Spec> specs = new java.util.ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            specs.add(spec("TW-" + i, "t").given(established()).when(client().closes()).then(client().enters(TIME_WAIT)));
        }
        RunResult r = SuiteRun.of(SpecSuite.of(specs), adapter(Capabilities.all(), () -> { }))
                .with(RunOptions.defaults().withParallelism(4)).run();
        assertThat(r.results()).extracting(SpecResult::id)
                .containsExactly("TW-1", "TW-2", "TW-3", "TW-4", "TW-5", "TW-6", "TW-7", "TW-8");
        assertThat(r.count(Verdict.ERROR)).isEqualTo(8);
    }
}
