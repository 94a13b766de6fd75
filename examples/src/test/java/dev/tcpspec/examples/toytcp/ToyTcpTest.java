package dev.tcpspec.examples.toytcp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * toytcp's own tests, as its team would have them before ever meeting tcpspec: two toytcp hosts back to back on a
 * clock the test turns by hand, and checks of the transition table itself.
 */
class ToyTcpTest {
    private static final long SECOND = 1_000_000_000L;

    private long now;
    private final ArrayDeque<Packet> toClient = new ArrayDeque<>();
    private final ArrayDeque<Packet> toServer = new ArrayDeque<>();
    private final List<String> log = new ArrayList<>();
    private boolean dropNextFromClient;

    private final ToyTcp client = host("client", 1, toServer);
    private final ToyTcp server = host("server", 2, toClient);

    private ToyTcp host(String name, long secret, ArrayDeque<Packet> wire) {
        return new ToyTcp(Config.defaults(secret), () -> now, p -> {
            if (name.equals("client") && dropNextFromClient) {
                dropNextFromClient = false;
                log.add(name + " lost " + p.flags());
                return;
            }
            wire.add(p);
        }, (conn, from, to, why) -> log.add(name + " " + from + " -> " + to));
    }

    /** Delivers packets until the wire is quiet. */
    private void deliver() {
        while (!toClient.isEmpty() || !toServer.isEmpty()) {
            if (!toServer.isEmpty()) server.input(toServer.poll());
            if (!toClient.isEmpty()) client.input(toClient.poll());
        }
    }

    /** Moves the clock to the earlier of the two hosts' deadlines and runs their timers. */
    private void nextDeadline() {
        now = Math.min(client.nextDeadline(), server.nextDeadline());
        client.tick();
        server.tick();
        deliver();
    }

    private Conn[] established() {
        assertThat(server.listen(80, SocketConfig.DEFAULT)).isEqualTo(Outcome.OK);
        Conn c = client.connect(80, SocketConfig.DEFAULT).conn();
        deliver();
        Conn s = server.accept(80);
        assertThat(s).isNotNull();
        return new Conn[]{c, s};
    }

    @Test
    void handshakeDataAndAnOrderlyCloseEndInClosedWithoutTimeWait() {
        Conn[] cs = established();
        Conn c = cs[0];
        Conn s = cs[1];
        assertThat(c.state()).isEqualTo(State.ESTABLISHED);
        assertThat(c.send("hello".getBytes(StandardCharsets.US_ASCII)).count()).isEqualTo(5);
        deliver();
        assertThat(new String(s.recv(100).data(), StandardCharsets.US_ASCII)).isEqualTo("hello");
        c.close();
        deliver();
        assertThat(s.state()).isEqualTo(State.CLOSE_WAIT);
        assertThat(s.recv(100).outcome()).isEqualTo(Outcome.EOF);
        s.close();
        deliver();
        assertThat(log).containsSubsequence("client ESTABLISHED -> FIN_WAIT_1", "client FIN_WAIT_1 -> FIN_WAIT_2",
                "server CLOSE_WAIT -> LAST_ACK", "client FIN_WAIT_2 -> CLOSED", "server LAST_ACK -> CLOSED");
        assertThat(client.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(server.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aLostSynIsSentAgainAfterTheInitialRetransmissionTimeout() {
        server.listen(80, SocketConfig.DEFAULT);
        dropNextFromClient = true;
        Conn c = client.connect(80, SocketConfig.DEFAULT).conn();
        deliver();
        assertThat(c.state()).isEqualTo(State.SYN_SENT);
        assertThat(client.nextDeadline()).isEqualTo(SECOND);
        nextDeadline();
        assertThat(c.state()).isEqualTo(State.ESTABLISHED);
        assertThat(log).contains("client lost [SYN]");
    }

    @Test
    void aSegmentForNoConnectionIsAnsweredWithReset() {
        client.input(new Packet(80, 40000, 1, 0, EnumSet.of(Packet.Flag.SYN), 1000, 0, null, null));
        Packet rst = toServer.poll();
        assertThat(rst).isNotNull();
        assertThat(rst.flags()).isEqualTo(Set.of(Packet.Flag.RST, Packet.Flag.ACK));
        assertThat(rst.ack()).isEqualTo(2);
    }

    @Test
    void aResetInEstablishedIsReportedOnceThenReadsSeeEof() {
        Conn[] cs = established();
        cs[1].close(); // toytcp's close is graceful: FIN
        deliver();
        assertThat(cs[0].state()).isEqualTo(State.CLOSE_WAIT);
        Conn c = cs[0];
        assertThat(c.send(new byte[10]).outcome()).isEqualTo(Outcome.OK); // the server has closed: it resets
        deliver();
        assertThat(c.state()).isEqualTo(State.CLOSED);
        assertThat(c.recv(10).outcome()).isEqualTo(Outcome.BROKEN_PIPE); // a RST in CLOSE_WAIT is EPIPE, as on Linux
        assertThat(c.recv(10).outcome()).isEqualTo(Outcome.EOF);
    }

    @Test
    void fromEveryStateTheTableLeadsToClosed() {
        for (State start : State.values()) {
            Set<State> seen = EnumSet.of(start);
            ArrayDeque<State> todo = new ArrayDeque<>(List.of(start));
            while (!todo.isEmpty()) {
                State s = todo.poll();
                for (Transitions.Event e : Transitions.Event.values()) {
                    Transitions.Transition t = Transitions.next(s, e);
                    if (t != null && seen.add(t.next())) todo.add(t.next());
                }
            }
            assertThat(seen).as("states reachable from %s", start).contains(State.CLOSED);
        }
    }

    @Test
    void everyWayIntoClosedForgetsTheConnection() {
        for (State s : State.values()) {
            for (Transitions.Event e : Transitions.Event.values()) {
                Transitions.Transition t = Transitions.next(s, e);
                if (t == null || t.next() != State.CLOSED) continue;
                assertThat(t.actions()).as("%s on %s", s, e).endsWith(Transitions.Action.DELETE);
            }
        }
    }
}
