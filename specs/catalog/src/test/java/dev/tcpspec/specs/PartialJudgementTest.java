package dev.tcpspec.specs;

import dev.tcpspec.run.SuiteRun;
import dev.tcpspec.run.SpecRunner;
import dev.tcpspec.dsl.Capabilities;
import dev.tcpspec.dsl.Capability;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.ExpectationResult;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.RunResult;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.sim.Mutant;
import dev.tcpspec.sim.Stacks;
import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.spi.StackAdapter;
import dev.tcpspec.spi.StackSession;
import dev.tcpspec.trace.TraceRecorder;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.time.Duration;

import static dev.tcpspec.dsl.Tcp.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Capabilities apply per expectation: a stack that cannot capture still gets a spec's state and application
 * expectations judged, and the verdict says which parts were not judged. A stack that observes nothing gets no pass.
 */
class PartialJudgementTest {
    /** The reference stack as a stack without packet capture or transient states would be seen. */
    private static StackAdapter withoutCapture(StackAdapter sim) {
        return new NoCaptureStack(sim);
    }

    /** A stack that claims every capability but records nothing of what its hosts do. */
    private static StackAdapter observingNothing() {
        return new Delegating(Stacks.simulated(), Capabilities.all(), true);
    }

    private record Delegating(StackAdapter inner, Capabilities caps, boolean blind) implements StackAdapter {
        public String name() {
            return blind ? "blind" : "nocapture";
        }

        public Capabilities capabilities() {
            return caps;
        }

        public Duration tolerance() {
            return inner.tolerance();
        }

        public StackSession open(SessionSettings s) throws Exception {
            return inner.open(blind ? new SessionSettings(s.profile(), s.seed(), s.faults(), new TraceRecorder(),
                    s.needs()) : s);
        }
    }

    @Test
    void withoutCaptureTheStateAndApplicationExpectationsAreStillJudged() {
        SpecResult r = SpecRunner.run(Catalog.all().get("LG-2"), withoutCapture(Stacks.simulated()));
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.partial()).isTrue();
        assertThat(r.expectations()).extracting(ExpectationResult::judged).containsExactly(false, false, true, true);
        assertThat(r.notJudged()).allSatisfy(e -> assertThat(e.observation())
                .startsWith("needs to observe segments on the wire (SEGMENT_OBSERVATION), which the nocapture stack "
                        + "cannot: no packet capture in this test"));
        assertThat(r.message()).startsWith("2 expectations held; partially judged: 2 of 4 expectations not judged: "
                + "the wire carries RST from client (needs to observe segments");
        assertThat(r.verdictText()).isEqualTo("PASS (partial: 2 of 4 judged)");
        assertThatThrownBy(r::assertPasses).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("LG-2 partially judged");
    }

    @Test
    void asJUnitTestsAPartialPassIsSkippedNotPassed() {
        dev.tcpspec.run.SuiteRun run = dev.tcpspec.run.SuiteRun.of(dev.tcpspec.dsl.SpecSuite.of(java.util.List.of(Catalog.all().get("LG-2"))), withoutCapture(Stacks.simulated()));
        org.junit.jupiter.api.DynamicTest test = dev.tcpspec.junit.SpecTests.test(Catalog.all().get("LG-2"), run);
        assertThatThrownBy(() -> test.getExecutable().execute()).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("partially judged").hasMessageContaining("2 of 4 expectations not judged");
        // the conformance base classes' tests: PARTIAL, skipped with what held and what could not be judged
        dev.tcpspec.run.Assessment a = dev.tcpspec.run.KnownDeviations.NONE.assess(java.util.List.of(
                new dev.tcpspec.run.KnownDeviations.Placed(SpecRunner.run(Catalog.all().get("LG-2"), withoutCapture(Stacks.simulated())), null)));
        assertThat(a.results().get(0).status()).isEqualTo(dev.tcpspec.run.Assessment.Status.PARTIAL);
        assertThat(a.exitCode()).isZero();
        org.junit.jupiter.api.DynamicTest conformance = dev.tcpspec.junit.ConformanceTests.test(a.results().get(0));
        assertThatThrownBy(() -> conformance.getExecutable().execute()).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("partially judged (what was judged held)");
    }

    @Test
    void whatIsJudgedStillCatchesADeviation() {
        // linger 0 sending FIN: the peer reads EOF instead of a reset, which needs no capture to see
        SpecResult r = SpecRunner.run(Catalog.all().get("LG-2"), withoutCapture(Stacks.simulated(Mutant.LINGER_ZERO_SENDS_FIN)));
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.message()).contains("expected a read() by server fails with Connection reset")
                .contains("2 of 4 expectations not judged");
    }

    @Test
    void aSpecWithNothingJudgeableDoesNotRun() {
        SpecResult r = SpecRunner.run(Catalog.all().get("HS-1"), withoutCapture(Stacks.simulated()));
        assertThat(r.verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
        assertThat(r.trace()).as("not run at all").isNull();
        assertThat(r.message()).startsWith("needs to observe segments on the wire (SEGMENT_OBSERVATION)");
    }

    @Test
    void aBranchIsJudgedPartByPart() {
        // LG-3 under linux expects three things of the KEEP_ORPHAN branch: two need no capture
        SpecResult r = SpecRunner.run(Catalog.all().get("LG-3"), withoutCapture(Stacks.simulated()),
                RunOptions.defaults().withProfile(Profile.linux()));
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.expectations()).hasSize(5);
        assertThat(r.notJudged()).singleElement().satisfies(e -> assertThat(e.expectation())
                .startsWith("(a linger timeout keeps the orphan (Linux) under profile linux) the wire carries no RST"));
    }

    @Test
    void aStackThatObservesNothingGetsNoPassForNegativeExpectations() {
        // every expectation of this spec says that something does not happen
        Spec quiet = spec("TW-1.quiet", "the passive closer never holds TIME_WAIT and nobody resets")
                .given(established()).when(client().closes(), server().readsEof(), server().closes())
                .then(server().neverEnters(TIME_WAIT)).and(wire().carriesNo(rst().onAnyConnection()));
        assertThat(SpecRunner.run(quiet, Stacks.simulated()).verdict()).isEqualTo(Verdict.PASS);
        SpecResult r = SpecRunner.run(quiet, observingNothing());
        assertThat(r.verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
        assertThat(r.message()).isEqualTo("nothing could be judged: server was never observed in any state; no "
                + "segment was observed on the wire: that no RST on any connection was seen proves nothing");
        // the catalog as a whole: no spec passes on a stack that observed nothing but what the application saw
        RunResult all = SuiteRun.of(Catalog.all(), observingNothing()).run();
        for (SpecResult s : all.results()) {
            if (s.verdict() != Verdict.PASS) continue;
            assertThat(s.expectations()).as("%s passed on a blind stack: %s", s.id(), s.message())
                    .allSatisfy(e -> assertThat(e.judged() && !e.held()).isFalse());
            assertThat(s.expectations().stream().filter(ExpectationResult::held))
                    .as("%s: only application outcomes can hold without observation", s.id()).isNotEmpty();
        }
    }
}
