package dev.tcpspec.os.observe;


import dev.tcpspec.os.observe.Observations.Endpoint;
import dev.tcpspec.os.observe.Observations.Transition;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.TimerKind;
import dev.tcpspec.trace.TraceEvent;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static dev.tcpspec.trace.TcpState.*;
import static org.assertj.core.api.Assertions.assertThat;

/** From raw observations (samples of /proc, tracepoint transitions, captured FINs) to the trace's states and timers. */
class TimelineTest {
    static final int SERVER = 20000;
    static final int CLIENT = 40000;
    static final long MS = 1_000_000L;

    Observations obs = new Observations(SERVER);
    Endpoint client = new Endpoint(Side.CLIENT, 0, CLIENT, SERVER, 0);
    Endpoint server = new Endpoint(Side.SERVER, 0, SERVER, CLIENT, 0);

    @Test
    void without_the_tracepoint_states_are_what_the_samples_showed_when_they_showed_it() {
        obs.addEndpoint(client);
        obs.addEndpoint(server);
        obs.sample(10 * MS, List.of(row(CLIENT, SERVER, ESTABLISHED, 0, 0, 11), row(SERVER, CLIENT, ESTABLISHED, 0, 0, 12)));
        obs.sample(20 * MS, List.of(row(CLIENT, SERVER, FIN_WAIT_2, 3, 5999, 0), row(SERVER, CLIENT, CLOSE_WAIT, 0, 0, 12)));
        obs.sample(70 * MS, List.of(row(SERVER, CLIENT, CLOSE_WAIT, 0, 0, 12)));

        List<TraceEvent> events = Timeline.build(obs, false, raw -> raw, Timeline.FinArrivals.NONE);

        assertThat(changes(events, Side.CLIENT)).containsExactly(
                "10000000 CLOSED->ESTABLISHED first seen in /proc/net/tcp",
                "20000000 ESTABLISHED->FIN_WAIT_2 seen in /proc/net/tcp as a timewait socket",
                "70000000 FIN_WAIT_2->CLOSED gone from /proc (an orphaned FIN_WAIT_2 times out)");
        assertThat(changes(events, Side.SERVER)).containsExactly(
                "10000000 CLOSED->ESTABLISHED first seen in /proc/net/tcp",
                "20000000 ESTABLISHED->CLOSE_WAIT seen in /proc/net/tcp");
        assertThat(events).filteredOn(e -> e instanceof TraceEvent.Timer).singleElement().satisfies(e -> {
            TraceEvent.Timer t = (TraceEvent.Timer) e;
            assertThat(t.kind()).isEqualTo(TimerKind.FIN_WAIT_2);
            assertThat(t.action()).isEqualTo(TraceEvent.TimerAction.OBSERVED);
            assertThat(t.durationNanos()).as("5999 ticks read: the middle of that tick").isEqualTo(59_995 * MS);
            assertThat(t.resolutionNanos()).isEqualTo(Timeline.READING_RESOLUTION_NANOS);
        });
    }

    @Test
    void with_the_tracepoint_transitions_are_exact_and_the_timewait_phase_comes_from_proc() {
        obs.addEndpoint(client);
        for (Transition t : List.of(tr(1, CLOSED, SYN_SENT), tr(2, SYN_SENT, ESTABLISHED), tr(5, ESTABLISHED, FIN_WAIT_1),
                tr(6, FIN_WAIT_1, FIN_WAIT_2), tr(7, FIN_WAIT_2, CLOSED))) {
            obs.transition(t);
        }
        obs.sample(3 * MS, List.of(row(CLIENT, SERVER, ESTABLISHED, 0, 0, 11)));
        obs.sample(8 * MS, List.of(row(CLIENT, SERVER, FIN_WAIT_2, 3, 5999, 0)));
        obs.sample(30 * MS, List.of(row(CLIENT, SERVER, TIME_WAIT, 3, 5998, 0)));
        obs.sample(60_500 * MS, List.of());

        List<TraceEvent> events = Timeline.build(obs, true, raw -> raw, (side, conn) -> List.of(25 * MS));

        assertThat(changes(events, Side.CLIENT)).containsExactly(
                "1000000 CLOSED->SYN_SENT kernel tracepoint",
                "2000000 SYN_SENT->ESTABLISHED kernel tracepoint",
                "5000000 ESTABLISHED->FIN_WAIT_1 kernel tracepoint",
                "6000000 FIN_WAIT_1->FIN_WAIT_2 kernel tracepoint",
                "25000000 FIN_WAIT_2->TIME_WAIT rcvd FIN (dated by the capture; /proc showed the timewait socket in TIME_WAIT)",
                "60500000000 TIME_WAIT->CLOSED TIME_WAIT timer expired: the timewait socket left /proc");
        assertThat(events).filteredOn(e -> e instanceof TraceEvent.Timer t && t.kind() == TimerKind.TIME_WAIT)
                .hasSize(1);
    }

    @Test
    void a_full_socket_that_closes_without_a_timewait_socket_is_closed() {
        obs.addEndpoint(server);
        obs.transition(new Transition(1 * MS, SERVER, CLIENT, CLOSE_WAIT, LAST_ACK));
        obs.transition(new Transition(2 * MS, SERVER, CLIENT, LAST_ACK, CLOSED));
        obs.sample(3 * MS, List.of());

        assertThat(changes(Timeline.build(obs, true, raw -> raw, Timeline.FinArrivals.NONE), Side.SERVER)).containsExactly(
                "1000000 CLOSE_WAIT->LAST_ACK kernel tracepoint", "2000000 LAST_ACK->CLOSED kernel tracepoint");
    }

    @Test
    void a_new_connection_on_the_same_4_tuple_takes_over_from_the_old_one_in_time_wait() {
        Endpoint second = new Endpoint(Side.CLIENT, 1, CLIENT, SERVER, 50 * MS);
        obs.addEndpoint(client);
        obs.addEndpoint(second);
        obs.sample(10 * MS, List.of(row(CLIENT, SERVER, TIME_WAIT, 3, 5999, 0)));
        obs.sample(55 * MS, List.of(row(CLIENT, SERVER, TIME_WAIT, 3, 5994, 0)));   // before the new one shows
        obs.sample(60 * MS, List.of(row(CLIENT, SERVER, ESTABLISHED, 0, 0, 77)));

        List<TraceEvent> events = Timeline.build(obs, false, raw -> raw, Timeline.FinArrivals.NONE);

        assertThat(changes(events, Side.CLIENT)).containsExactly(
                "10000000 CLOSED->TIME_WAIT first seen in /proc/net/tcp",
                "60000000 TIME_WAIT->CLOSED a new connection took over its 4-tuple",
                "60000000 CLOSED->ESTABLISHED first seen in /proc/net/tcp");
    }

    @Test
    void a_timer_that_jumps_later_was_re_armed_and_is_recorded_again() {
        obs.addEndpoint(client);
        obs.sample(0, List.of(row(CLIENT, SERVER, TIME_WAIT, 3, 6000, 0)));
        obs.sample(100 * MS, List.of(row(CLIENT, SERVER, TIME_WAIT, 3, 5990, 0)));   // counting down: no change
        obs.sample(350 * MS, List.of(row(CLIENT, SERVER, TIME_WAIT, 3, 5965, 0)));
        obs.sample(400 * MS, List.of(row(CLIENT, SERVER, TIME_WAIT, 3, 5999, 0)));   // a retransmitted FIN re-armed it
        obs.sample(60_400 * MS, List.of(row(CLIENT, SERVER, TIME_WAIT, 3, 0, 0)));
        obs.sample(60_500 * MS, List.of(row(CLIENT, SERVER, TIME_WAIT, 3, 0, 0)));   // expired, waiting for the wheel

        List<TraceEvent> events = Timeline.build(obs, false, raw -> raw, Timeline.FinArrivals.NONE);

        assertThat(events).filteredOn(e -> e instanceof TraceEvent.Timer).extracting(TraceEvent::nanos)
                .containsExactly(0L, 400 * MS);
    }

    private static List<String> changes(List<TraceEvent> events, Side side) {
        return events.stream().filter(e -> e instanceof TraceEvent.StateChange c && c.side() == side)
                .map(e -> (TraceEvent.StateChange) e)
                .map(c -> c.nanos() + " " + c.from() + "->" + c.to() + " " + c.cause()).toList();
    }

    private static Transition tr(long ms, TcpState from, TcpState to) {
        return new Transition(ms * MS, CLIENT, SERVER, from, to);
    }

    static SocketRow row(int local, int remote, TcpState state, int timer, long ticks, long inode) {
        InetAddress lo = InetAddress.getLoopbackAddress();
        return new SocketRow("tcp", lo, local, lo, remote, state, 0, 0, timer, ticks, 0, 0, 0, inode, 2);
    }
}
