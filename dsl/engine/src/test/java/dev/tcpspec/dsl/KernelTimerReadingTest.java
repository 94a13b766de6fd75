package dev.tcpspec.dsl;

import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.run.SpecRunner;
import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.spi.StackAdapter;
import dev.tcpspec.spi.StackSession;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.TimerKind;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;
import dev.tcpspec.trace.TraceInfo;
import dev.tcpspec.wire.FaultAction;
import dev.tcpspec.wire.FaultSchedule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.tcpspec.dsl.Tcp.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the DSL offers stacks that run on real time: timers read instead of waited out, states too brief to sample,
 * a longer per-spec timeout, and faults a stack can only partly inject.
 */
class KernelTimerReadingTest {
    private static final TraceInfo INFO = new TraceInfo("kernel", "linux", 1, "127.0.0.1", "127.0.0.1");
    private static final Timing LINUX = new Timing(Profile.linux(), Duration.ofMillis(2200));
    private static final long MS = 1_000_000L;

    /** TIME_WAIT entered at 100 ms, its timer read 1 ms later with {@code left} to go, observation over at 300 ms. */
    private static Trace timeWaitRead(Duration left) {
        List<TraceEvent> e = new ArrayList<>();
        e.add(new TraceEvent.Action(0, "client: close()"));
        e.add(new TraceEvent.StateChange(50 * MS, Side.CLIENT, 0, TcpState.ESTABLISHED, TcpState.FIN_WAIT_2, "ack"));
        e.add(new TraceEvent.StateChange(100 * MS, Side.CLIENT, 0, TcpState.FIN_WAIT_2, TcpState.TIME_WAIT, "rcvd FIN"));
        e.add(new TraceEvent.Timer(101 * MS, Side.CLIENT, 0, TimerKind.TIME_WAIT, TraceEvent.TimerAction.OBSERVED,
                left.toNanos()));
        return new Trace(INFO, e, 300 * MS);
    }

    @Test
    void a_time_wait_timer_read_from_the_kernel_judges_how_long_the_state_is_held() {
        Trace kernel = timeWaitRead(Duration.ofMillis(59_999));
        Judgement atLeast = client().holds(TIME_WAIT).forAtLeast(twoMsl()).judge(kernel, LINUX);
        assertThat(atLeast.holds()).as(atLeast.observation()).isTrue();
        assertThat(atLeast.observation()).contains("had 59.999 s left at t=101 ms")
                .contains("goes to CLOSED at t=60.1 s").contains("read from the kernel, not waited out");
        assertThat(client().holds(TIME_WAIT).forAtMost(twoMsl().plusTolerance()).judge(kernel, LINUX).holds()).isTrue();
        assertThat(client().endsIn(CLOSED).judge(kernel, LINUX).holds()).isTrue();
        assertThat(client().reaches(CLOSED).within(twoMsl().plusTolerance()).judge(kernel, LINUX).holds()).isTrue();
    }

    @Test
    void a_short_timer_read_from_the_kernel_fails_as_a_short_time_wait_would() {
        Trace kernel = timeWaitRead(Duration.ofSeconds(30));
        Judgement j = client().holds(TIME_WAIT).forAtLeast(twoMsl()).judge(kernel, LINUX);
        assertThat(j.holds()).isFalse();
        assertThat(j.observation()).contains("too soon");
        Trace longOne = timeWaitRead(Duration.ofSeconds(240));
        assertThat(client().holds(TIME_WAIT).forAtMost(twoMsl().plusTolerance()).judge(longOne, LINUX).observation())
                .contains("too late");
        assertThat(client().reaches(CLOSED).within(twoMsl().plusTolerance()).judge(longOne, LINUX).holds()).isFalse();
    }

    @Test
    void a_reading_is_judged_to_its_resolution() {
        List<TraceEvent> e = new ArrayList<>(timeWaitRead(Duration.ofSeconds(60)).events());
        e.removeIf(x -> x instanceof TraceEvent.Timer);
        e.add(new TraceEvent.Timer(101 * MS, Side.CLIENT, 0, TimerKind.TIME_WAIT, TraceEvent.TimerAction.OBSERVED,
                Duration.ofMillis(59_980).toNanos(), Duration.ofMillis(25).toNanos()));
        Trace roughly = new Trace(INFO, e, 300 * MS);

        Judgement j = client().holds(TIME_WAIT).forAtLeast(twoMsl()).judge(roughly, LINUX);
        assertThat(j.holds()).as("59.981 s after entering, but consistent with 60 s to ±25 ms").isTrue();
        assertThat(j.observation()).contains("had 59.98 s left (±25 ms)");
        assertThat(roughly.canonicalText()).contains("time-wait OBSERVED 59980000000 +-25000000");
        assertThat(roughly.ladder()).contains("observed, left 59.98 s (±25 ms)");
    }

    @Test
    void without_a_timer_reading_an_open_state_is_still_open() {
        List<TraceEvent> e = new ArrayList<>(timeWaitRead(Duration.ofSeconds(60)).events());
        e.removeIf(x -> x instanceof TraceEvent.Timer);
        Trace noReading = new Trace(INFO, e, 300 * MS);
        assertThat(client().holds(TIME_WAIT).forAtLeast(twoMsl()).judge(noReading, LINUX).observation())
                .contains("observation ended too early to tell");
        assertThat(client().endsIn(CLOSED).judge(noReading, LINUX).holds()).isFalse();
    }

    @Test
    void expectations_about_states_too_brief_to_sample_need_transient_state_observation() {
        assertThat(server().passesThrough(CLOSE_WAIT, LAST_ACK, CLOSED).requires())
                .contains(Capability.TRANSIENT_STATE_OBSERVATION);
        assertThat(client().neverEnters(FIN_WAIT_1).requires()).contains(Capability.TRANSIENT_STATE_OBSERVATION);
        assertThat(client().holds(TIME_WAIT).forAtLeast(twoMsl()).requires())
                .containsExactly(Capability.STATE_OBSERVATION);
        assertThat(server().enters(CLOSE_WAIT).requires()).containsExactly(Capability.STATE_OBSERVATION);
        assertThat(Capability.toObserve(TcpState.SYN_SENT)).contains(Capability.TRANSIENT_STATE_OBSERVATION);
    }

    /**
     * A stack that needs 3 s per spec at the least, injects only drops, and takes 300 ms to fail to open a session.
     */
    private static final class SlowStack implements StackAdapter {
        int sessions;

        @Override
        public String name() {
            return "slow";
        }

        @Override
        public Capabilities capabilities() {
            return Capabilities.all();
        }

        @Override
        public Duration tolerance() {
            return Duration.ZERO;
        }

        @Override
        public Duration minimumSpecTimeout() {
            return Duration.ofSeconds(3);
        }

        @Override
        public Optional<String> whyCannotInject(FaultSchedule faults) {
            return faults.faults().stream().anyMatch(f -> !(f.action() instanceof FaultAction.Drop))
                    ? Optional.of("drops only") : Optional.empty();
        }

        @Override
        public StackSession open(SessionSettings settings) throws InterruptedException {
            sessions++;
            Thread.sleep(300);
            throw new IllegalStateException("opened after 300 ms");
        }
    }

    @Test
    void a_stack_s_minimum_timeout_wins_over_a_shorter_run_timeout() {
        Spec sleepy = spec("T-1", "a spec").given(established()).when(elapse(seconds(1)))
                .then(client().close().succeeds());
        SlowStack slow = new SlowStack(); // opens in 300 ms: longer than the run's 100 ms, shorter than its 3 s

        SpecResult r = SpecRunner.run(sleepy, slow, RunOptions.defaults().withTimeout(Duration.ofMillis(100)));

        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.message()).contains("opened after 300 ms").doesNotContain("did not finish");
    }

    @Test
    void a_fault_the_stack_cannot_inject_makes_the_spec_not_applicable_with_the_stack_s_reason() {
        SlowStack stack = new SlowStack();
        Spec delayed = spec("T-2", "a delayed FIN")
                .given(established().with(wire().delays(first(FIN).from(client()), Duration.ofMillis(10))))
                .when(client().closes()).then(client().close().succeeds());

        SpecResult r = SpecRunner.run(delayed, stack, RunOptions.defaults());

        assertThat(r.verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
        assertThat(r.message()).contains("fin #1 from client").contains("drops only");
        assertThat(stack.sessions).isZero();
    }
}
