package dev.tcpspec.dsl;

import dev.tcpspec.trace.AppCall;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;
import dev.tcpspec.trace.TraceInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.tcpspec.dsl.Tcp.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Expectations judged on hand-written traces: what they accept, what they reject, and how they say why. */
class ExpectationsTest {
    private static final TraceInfo INFO = new TraceInfo("test", "rfc9293", 1, "10.0.0.1", "10.0.0.2");
    private static final Timing RFC = new Timing(Profile.rfc9293(), Duration.ZERO);
    private static final long S = 1_000_000_000L;

    private static Trace timeWaitFor(long seconds) {
        List<TraceEvent> e = new ArrayList<>();
        e.add(new TraceEvent.StateChange(0, Side.CLIENT, 0, TcpState.CLOSED, TcpState.ESTABLISHED, "connect()"));
        e.add(new TraceEvent.Action(S, "client: close()"));
        e.add(new TraceEvent.StateChange(S, Side.CLIENT, 0, TcpState.ESTABLISHED, TcpState.TIME_WAIT, "rcvd FIN"));
        e.add(new TraceEvent.StateChange(S + seconds * S, Side.CLIENT, 0, TcpState.TIME_WAIT, TcpState.CLOSED,
                "TIME_WAIT timer expired"));
        return new Trace(INFO, e, S + seconds * S);
    }

    @Test
    void holdsForAtLeastAcceptsTheFullTimeWaitAndExplainsAShortOne() {
        Expectation e = client().holds(TIME_WAIT).forAtLeast(twoMsl());
        assertThat(e.describe(RFC)).isEqualTo("client holds TIME_WAIT for at least 2×MSL (240 s)");
        assertThat(e.judge(timeWaitFor(240), RFC).holds()).isTrue();
        Judgement shortOne = e.judge(timeWaitFor(120), RFC);
        assertThat(shortOne.holds()).isFalse();
        assertThat(shortOne.observation())
                .contains("client left TIME_WAIT for CLOSED (TIME_WAIT timer expired) 120 s after entering it")
                .contains("120 s too soon");
    }

    @Test
    void holdsForAtMostRejectsALongOne() {
        Expectation e = client().holds(TIME_WAIT).forAtMost(twoMsl().plusTolerance());
        assertThat(e.judge(timeWaitFor(240), RFC).holds()).isTrue();
        assertThat(e.judge(timeWaitFor(241), RFC).observation()).contains("1 s too late");
        Timing lenient = new Timing(Profile.rfc9293(), Duration.ofSeconds(2));
        assertThat(e.judge(timeWaitFor(241), lenient).holds()).isTrue();
    }

    @Test
    void neverEntersNamesWhenItDid() {
        Judgement j = client().neverEnters(TIME_WAIT).judge(timeWaitFor(1), RFC);
        assertThat(j.holds()).isFalse();
        assertThat(j.observation()).isEqualTo("client entered TIME_WAIT from ESTABLISHED (rcvd FIN) at t=1 s");
        Judgement unseen = server().neverEnters(TIME_WAIT).judge(timeWaitFor(1), RFC);
        assertThat(unseen.notObserved()).as("a server never observed proves nothing").isTrue();
        assertThat(unseen.observation()).isEqualTo("server was never observed in any state");
        List<TraceEvent> e = new ArrayList<>(timeWaitFor(1).events());
        e.add(0, new TraceEvent.StateChange(0, Side.SERVER, 0, TcpState.LISTEN, TcpState.ESTABLISHED, "rcvd ACK"));
        assertThat(server().neverEnters(TIME_WAIT).judge(new Trace(INFO, e, 2 * S), RFC).holds()).isTrue();
    }

    @Test
    void reachesIsMeasuredFromTheFirstStep() {
        assertThat(client().reaches(CLOSED).within(seconds(240)).judge(timeWaitFor(240), RFC).holds()).isTrue();
        Judgement late = client().reaches(CLOSED).within(seconds(100)).judge(timeWaitFor(240), RFC);
        assertThat(late.holds()).isFalse();
        assertThat(late.observation()).contains("140 s too late");
        assertThat(server().reaches(CLOSED).judge(timeWaitFor(1), RFC).observation())
                .isEqualTo("server did not reach CLOSED after the steps began; server was never observed in any state");
    }

    @Test
    void passesThroughChecksOrder() {
        assertThat(client().passesThrough(ESTABLISHED, TIME_WAIT, CLOSED).judge(timeWaitFor(1), RFC).holds()).isTrue();
        Judgement j = client().passesThrough(TIME_WAIT, ESTABLISHED).judge(timeWaitFor(1), RFC);
        assertThat(j.holds()).isFalse();
        assertThat(j.observation()).startsWith("missing ESTABLISHED after TIME_WAIT");
    }

    @Test
    void appCallsAreMatchedByOutcome() {
        Trace t = new Trace(INFO, List.of(
                new TraceEvent.AppResult(1, Side.SERVER, 0, AppCall.READ, AppOutcome.DATA, 3, new byte[]{1, 2, 3}, 0, ""),
                new TraceEvent.AppResult(2, Side.SERVER, 0, AppCall.READ, AppOutcome.CONNECTION_RESET, 0,
                        new byte[0], 0, "")), 3);
        assertThat(server().read().fails(CONNECTION_RESET).judge(t, RFC).holds()).isTrue();
        Judgement eof = server().read().returnsEof().judge(t, RFC);
        assertThat(eof.holds()).isFalse();
        assertThat(eof.observation()).isEqualTo("read() by server returned: data (3 bytes) at t=1 ns, "
                + "Connection reset at t=2 ns");
        assertThat(server().read(1).succeeds().judge(t, RFC).holds()).isTrue();
        assertThatThrownBy(() -> server().read().fails(AppOutcome.EOF))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an error");
    }

    @Test
    void dataDeliveryComparesWhatWasWrittenWithWhatWasRead() {
        Trace t = new Trace(INFO, List.of(
                new TraceEvent.AppResult(1, Side.CLIENT, 0, AppCall.WRITE, AppOutcome.OK, 3, new byte[]{1, 2, 3}, 0, ""),
                new TraceEvent.AppResult(2, Side.SERVER, 0, AppCall.READ, AppOutcome.DATA, 2, new byte[]{1, 2}, 0, ""),
                new TraceEvent.AppResult(3, Side.SERVER, 0, AppCall.READ, AppOutcome.EOF, 0, new byte[0], 0, "")), 4);
        Judgement j = server().receivesAllDataBeforeEof().judge(t, RFC);
        assertThat(j.holds()).isFalse();
        assertThat(j.observation()).isEqualTo("client wrote 3 bytes, server read 2");
    }

    @Test
    void profileDurationsThatAProfileLacksFailLoudly() {
        assertThatThrownBy(() -> finTimeout().resolve(Profile.rfc9293()))
                .hasMessage("the FIN_WAIT_2 timeout is not defined by profile 'rfc9293'");
        assertThat(finTimeout().resolve(Profile.linux())).isEqualTo(Duration.ofSeconds(60));
        assertThat(twoMsl().resolve(Profile.linux())).isEqualTo(Duration.ofSeconds(60));
    }
}
