package dev.tcpspec.os;

import dev.tcpspec.os.host.IpFamily;

import dev.tcpspec.run.SpecRunner;
import dev.tcpspec.dsl.Capability;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.StateInterval;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.TimerKind;
import dev.tcpspec.trace.TraceEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.tcpspec.dsl.Tcp.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The os adapter on this machine's kernel, with specs of its own. Tests that need root or a tool skip with the reason
 * the adapter gives; the rest run as any user. They run in parallel (junit-platform.properties): each spec has its
 * own ports, or its own namespace.
 */
class KernelTest {
    static final OsStack KERNEL = OsStack.detect();
    static final RunOptions LINUX = RunOptions.defaults().withProfile(Profile.linux());

    static SpecResult run(Spec spec, OsStack stack, RunOptions options) {
        SpecResult r = SpecRunner.run(spec, stack, options);
        assertThat(r.verdict()).as(r::explain).isEqualTo(Verdict.PASS);
        return r;
    }

    static void assumeCan(Capability c) {
        assumeTrue(KERNEL.capabilities().has(c), () -> c + ": " + KERNEL.capabilities().whyMissing(c).orElse(""));
    }

    @Test
    void linger_zero_resets_the_peer_and_leaves_no_time_wait() {
        Spec abort = spec("T-LG2", "SO_LINGER <1,0> aborts")
                .given(established().with(client().soLinger(true, 0)))
                .when(client().closes(), server().reads())
                .then(server().read().fails(CONNECTION_RESET))
                .and(client().neverEnters(TIME_WAIT))
                .and(server().endsIn(CLOSED));

        run(abort, KERNEL, LINUX);
    }

    @Test
    void close_wait_is_held_while_ten_hours_pass_in_a_moment_when_no_kernel_timer_is_pending() {
        Spec halfClosed = spec("T-CW", "a half-closed connection has no timer")
                .given(established())
                .when(client().shutsDownOutput(), server().readsEof(), elapse(hours(10)))
                .then(server().holds(CLOSE_WAIT).untilTheEnd())
                .and(client().holds(FIN_WAIT_2).untilTheEnd());

        SpecResult r = run(halfClosed, KERNEL, LINUX);

        assertThat(r.trace().endNanos()).isGreaterThan(Duration.ofHours(10).toNanos());
        assertThat(r.trace().eventsOf(TraceEvent.Note.class)).anySatisfy(n -> assertThat(n.text())
                .startsWith("os: skipped").contains("no kernel timer").contains("CLOSE_WAIT no timer"));
    }

    @Test
    void ipv6_sockets_live_on_the_ipv6_loopback_and_show_in_tcp6() {
        Spec passive = spec("T-V6", "the passive closer sits in CLOSE_WAIT")
                .given(established())
                .when(client().sends(100), client().closes(), server().readsEof())
                .then(server().enters(CLOSE_WAIT))
                .and(server().receivesAllDataBeforeEof())
                .and(client().enters(FIN_WAIT_2));

        SpecResult r = run(passive, KERNEL.with(IpFamily.IPV6), LINUX);

        assertThat(r.trace().info().clientAddress()).startsWith("::1");
        assertThat(r.trace().stateChanges(Side.SERVER, 0)).anySatisfy(c -> assertThat(c.cause())
                .containsAnyOf("tcp6", "tracepoint"));
    }

    /**
     * Waits a real TIME_WAIT out (60-62 s) and checks that reading the kernel's timer, as the default mode does,
     * foretells it: the end the timer announced is never later than the end seen, and at most the timer wheel's
     * slack earlier. This is what entitles {@link OsStack.Timers#READ} to judge 2MSL without waiting.
     */
    @Test
    void the_time_wait_timer_read_from_proc_foretells_the_end_that_waiting_shows() {
        Spec activeClose = spec("T-TW", "the active closer holds TIME_WAIT, then forgets the connection")
                .given(established())
                .when(client().closes(), server().readsEof(), server().closes())
                .then(client().holds(TIME_WAIT).forAtLeast(twoMsl()))
                .and(client().holds(TIME_WAIT).forAtMost(twoMsl().plusTolerance()))
                .and(client().endsIn(CLOSED));

        SpecResult r = run(activeClose, KERNEL.with(OsStack.Timers.WAIT), LINUX);

        StateInterval tw = r.trace().intervals(Side.CLIENT, 0).stream()
                .filter(i -> i.state() == TcpState.TIME_WAIT).findFirst().orElseThrow();
        assertThat(tw.open()).as("waited out").isFalse();
        TraceEvent.Timer read = r.trace().eventsOf(TraceEvent.Timer.class).stream()
                .filter(t -> t.side() == Side.CLIENT && t.kind() == TimerKind.TIME_WAIT).findFirst().orElseThrow();
        long foretold = read.nanos() + read.durationNanos();
        assertThat(tw.endNanos()).isBetween(foretold - Duration.ofMillis(20).toNanos(),
                foretold + KERNEL.tolerance().toNanos());
    }

    @Test
    void the_default_mode_reads_the_time_wait_timer_instead_of_waiting_when_a_capture_dates_the_entry() {
        assumeCan(Capability.SEGMENT_OBSERVATION);
        Spec activeClose = spec("T-TWR", "the active closer holds TIME_WAIT for 2MSL")
                .given(established())
                .when(client().closes(), server().readsEof(), server().closes())
                .then(client().holds(TIME_WAIT).forAtLeast(twoMsl()))
                .and(client().reaches(CLOSED).within(twoMsl().plusTolerance()));

        SpecResult r = run(activeClose, KERNEL, LINUX);

        assertThat(r.trace().endNanos()).isLessThan(Duration.ofSeconds(20).toNanos());
        assertThat(r.expectations().get(0).observation()).contains("read from the kernel, not waited out");
    }

    @Test
    void ten_hours_pass_at_once_past_a_timewait_socket_whose_expiry_sends_nothing() {
        assumeCan(Capability.SEGMENT_OBSERVATION);
        Spec closeWait = spec("T-CW1", "CLOSE_WAIT has no timer")
                .given(established())
                .when(client().closes(), server().readsEof(), elapse(hours(10)))
                .then(server().holds(CLOSE_WAIT).untilTheEnd())
                .and(client().reaches(CLOSED));

        SpecResult r = run(closeWait, KERNEL, LINUX);

        assertThat(r.wallMillis()).isLessThan(30_000);
        assertThat(r.trace().eventsOf(TraceEvent.Note.class)).anySatisfy(n -> assertThat(n.text())
                .startsWith("os: skipped").contains("timewait sockets").contains("fin-wait-2 timer"));
    }

    /**
     * After a skip past a TIME_WAIT, the next socket call waits for the kernel to catch up: the TIME_WAIT ends, for
     * real, inside the skipped time, before the new connection on its 4-tuple begins.
     */
    @Test
    void a_socket_call_after_a_skipped_time_wait_first_lets_the_kernel_expire_it() {
        assumeCan(Capability.SEGMENT_OBSERVATION);
        Spec reuse = spec("T-TW9", "after 2MSL the 4-tuple is free again")
                .given(established().with(client().reuseAddress(true)))
                .when(client().closes(), server().readsEof(), server().closes(), elapse(twoMsl().plusTolerance()),
                        client().connectsFromSamePort(), server().accepts())
                .then(client().connect().succeeds())
                .and(client().holds(TIME_WAIT).forAtMost(twoMsl().plusTolerance()))
                .and(client().onConnection(1).enters(ESTABLISHED));

        SpecResult r = run(reuse, KERNEL, LINUX);

        long closed = r.trace().stateChanges(Side.CLIENT, 0).stream().filter(c -> c.to() == TcpState.CLOSED)
                .findFirst().orElseThrow().nanos();
        long reconnect = r.trace().eventsOf(TraceEvent.Action.class).stream()
                .filter(a -> a.text().contains("from the local port of connection 0")).findFirst().orElseThrow().nanos();
        assertThat(closed).isLessThan(reconnect);
        assertThat(r.trace().stateChanges(Side.CLIENT, 0)).anySatisfy(c -> assertThat(c.cause())
                .contains("TIME_WAIT timer expired"));
    }

    @Test
    void the_profile_knobs_are_set_in_the_spec_s_own_namespace() {
        assumeCan(Capability.PROFILE_CONTROL);
        Profile fast = Profile.builder("linux-fin3").basedOn(Profile.linux()).finWait2Timeout(Duration.ofSeconds(3)).build();
        Spec orphan = spec("T-FW2", "an orphaned FIN_WAIT_2 times out after tcp_fin_timeout")
                .requires(Capability.PROFILE_CONTROL)
                .given(established())
                .when(client().closes(), server().readsEof(), elapse(seconds(6)))
                .then(client().holds(FIN_WAIT_2).forAtMost(finTimeout().plusTolerance()))
                .and(client().reaches(CLOSED))
                .and(server().holds(CLOSE_WAIT).untilTheEnd());

        SpecResult r = run(orphan, KERNEL, RunOptions.defaults().withProfile(fast));

        assertThat(r.trace().info().clientAddress()).isEqualTo("127.0.0.1");
        assertThat(r.trace().eventsOf(dev.tcpspec.trace.TraceEvent.Note.class))
                .anySatisfy(n -> assertThat(n.text()).contains("in netns tcpspec-"));
    }

    @Test
    void a_crashed_server_says_nothing_and_after_a_reboot_it_resets_the_connection() {
        assumeCan(Capability.HOST_CRASH);
        assumeCan(Capability.SEGMENT_OBSERVATION);
        Spec crash = spec("T-CR", "a rebooted peer answers with RST")
                .given(established())
                .when(server().crashes(), client().sends(10), elapse(millis(300)), server().reboots(),
                        client().reads(seconds(10)))
                .then(client().read().fails(CONNECTION_RESET))
                .and(wire().carries(rst().from(server())))
                .and(wire().carries(data().from(client())).atLeast(2));

        run(crash, KERNEL, LINUX);
    }

    @Test
    void a_dropped_final_ack_leaves_the_passive_closer_in_last_ack_until_its_fin_is_retransmitted() {
        assumeCan(Capability.FAULT_INJECTION);
        assumeCan(Capability.TRANSIENT_STATE_OBSERVATION);
        Spec lastAck = spec("T-LA", "LAST_ACK retransmits its FIN when the final ACK is lost")
                .given(established().with(wire().drops(first(ACK_OF_FIN).from(client()))))
                .when(client().closes(), server().readsEof(), server().closes())
                .then(server().holds(LAST_ACK).forAtLeast(millis(150)))
                .and(wire().carries(fin().from(server())).times(2))
                .and(server().endsIn(CLOSED));

        SpecResult r = run(lastAck, KERNEL, LINUX);

        assertThat(r.trace().segments()).filteredOn(s -> s.fate() == dev.tcpspec.trace.Fate.DROPPED).hasSize(1);
        assertThat(r.trace().eventsOf(TraceEvent.Note.class))
                .anySatisfy(n -> assertThat(n.text()).contains("iptables dropped 1 for 'drop ack-of-fin #1 from client'"));
    }

    @Test
    void faults_other_than_drops_are_not_applicable_with_the_reason() {
        Spec delayed = spec("T-DL", "a delayed FIN")
                .given(established().with(wire().delays(first(FIN).from(client()), Duration.ofMillis(100))))
                .when(client().closes())
                .then(client().close().succeeds());

        SpecResult r = SpecRunner.run(delayed, KERNEL, LINUX);

        assertThat(r.verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
        assertThat(r.message()).satisfiesAnyOf(m -> assertThat(m).contains("netem"),
                m -> assertThat(m).contains("FAULT_INJECTION"));
    }

    @Test
    void an_unread_close_through_a_channel_is_a_pure_reset() {
        assumeCan(Capability.SEGMENT_OBSERVATION);
        Spec unread = spec("T-UD", "close() with unread data resets")
                .given(established())
                .when(client().sends(10), elapse(millis(50)), server().closes(), client().reads())
                .then(wire().carries(rst().from(server())))
                .and(wire().carriesNo(fin().from(server())))
                .and(client().read().fails(CONNECTION_RESET));

        SpecResult r = run(unread, KERNEL, LINUX);

        List<TraceEvent.SegmentSent> fromServer = r.trace().segments(s -> s.from() == Side.SERVER);
        assertThat(fromServer).isNotEmpty();
    }
}
