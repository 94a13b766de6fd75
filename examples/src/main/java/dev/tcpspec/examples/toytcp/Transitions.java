package dev.tcpspec.examples.toytcp;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static dev.tcpspec.examples.toytcp.State.*;
import static dev.tcpspec.examples.toytcp.Transitions.Action.*;
import static dev.tcpspec.examples.toytcp.Transitions.Event.*;

/**
 * toytcp's state machine as a table: for each state and event, the next state, what to do, and the error the
 * application will see. Segment processing ({@link Conn}) only validates segments and turns them into events; every
 * state change happens here, so the whole lifecycle reads top to bottom.
 *
 * <p><b>Deliberate deviations.</b> toytcp is a small stack for small devices and makes three choices that break
 * rules of the tcpspec catalog. They are marked DEVIATION below and recorded in the example's known-deviations file:
 * <ol>
 *   <li><b>No TIME_WAIT.</b> The active closer goes straight to CLOSED once it has acknowledged the peer's FIN,
 *       freeing its memory and port at once. A lost final ACK is then answered with RST (RFC 9293 §3.6.1 MUST-13;
 *       catalog TW-1 to TW-4).</li>
 *   <li><b>No SO_LINGER.</b> The option is not implemented: close() always closes gracefully with FIN and returns at
 *       once, so SO_LINGER &lt;1,0&gt; does not abort (catalog LG-2).</li>
 *   <li><b>close() with unread data sends FIN.</b> Unread received data is discarded silently and the connection
 *       closes gracefully, where RFC 2525 §2.17 and Linux send RST to tell the peer its data was lost (UD-1).</li>
 * </ol>
 */
final class Transitions {
    private Transitions() {
    }

    /** What happens to a connection: the application's calls, what arrives, and timers running out. */
    enum Event {
        APP_CONNECT, APP_CLOSE, APP_SHUTDOWN_WRITE, APP_ABORT,
        RCV_SYN, RCV_SYN_ACK, RCV_ACK_OF_SYN, RCV_FIN, RCV_ACK_OF_FIN, RCV_FIN_ACKING_OUR_FIN, RCV_RST,
        RETRANSMISSIONS_EXHAUSTED, KEEPALIVE_UNANSWERED, FIN_WAIT_2_TIMEOUT
    }

    /** What a transition does besides changing state. */
    enum Action {
        /** Send SYN (active open). */
        SEND_SYN,
        /** Send SYN,ACK (passive or simultaneous open). */
        SEND_SYN_ACK,
        /** Acknowledge at once. */
        SEND_ACK,
        /** Queue FIN behind the data still to send. */
        QUEUE_FIN,
        /** Send RST and drop both queues. */
        SEND_RST,
        /** Hand the connection to its listener's accept queue. */
        OFFER_TO_ACCEPT,
        /** An orphaned FIN_WAIT_2 gets a timer (Linux tcp_fin_timeout), if the host has one. */
        ARM_FIN_WAIT_2_TIMER,
        /** Forget the connection: timers stop, the port is free. */
        DELETE
    }

    /** The next state, the actions in order, and the error the application sees from now on (null for none). */
    record Transition(State next, List<Action> actions, Outcome error) {
    }

    private static final Map<State, Map<Event, Transition>> TABLE = new EnumMap<>(State.class);

    static {
        // opening
        on(CLOSED, APP_CONNECT).goTo(SYN_SENT).doing(SEND_SYN);
        on(LISTEN, RCV_SYN).goTo(SYN_RECEIVED).doing(SEND_SYN_ACK);
        on(SYN_SENT, RCV_SYN_ACK).goTo(ESTABLISHED).doing(SEND_ACK);
        on(SYN_SENT, RCV_SYN).goTo(SYN_RECEIVED).doing(SEND_SYN_ACK); // simultaneous open
        on(SYN_RECEIVED, RCV_ACK_OF_SYN).goTo(ESTABLISHED).doing(OFFER_TO_ACCEPT);

        // closing first (active close)
        on(SYN_SENT, APP_CLOSE).goTo(CLOSED).doing(DELETE);
        on(SYN_RECEIVED, APP_CLOSE).goTo(FIN_WAIT_1).doing(QUEUE_FIN);
        on(ESTABLISHED, APP_CLOSE).goTo(FIN_WAIT_1).doing(QUEUE_FIN);
        on(ESTABLISHED, APP_SHUTDOWN_WRITE).goTo(FIN_WAIT_1).doing(QUEUE_FIN);
        on(FIN_WAIT_1, RCV_ACK_OF_FIN).goTo(FIN_WAIT_2).doing(ARM_FIN_WAIT_2_TIMER);
        on(FIN_WAIT_1, RCV_FIN).goTo(CLOSING).doing(SEND_ACK);
        on(FIN_WAIT_2, APP_CLOSE).goTo(FIN_WAIT_2).doing(ARM_FIN_WAIT_2_TIMER);
        on(FIN_WAIT_2, FIN_WAIT_2_TIMEOUT).goTo(CLOSED).doing(DELETE);
        // DEVIATION 1, no TIME_WAIT: these three would enter TIME_WAIT; toytcp forgets the connection instead
        on(FIN_WAIT_1, RCV_FIN_ACKING_OUR_FIN).goTo(CLOSED).doing(SEND_ACK, DELETE);
        on(FIN_WAIT_2, RCV_FIN).goTo(CLOSED).doing(SEND_ACK, DELETE);
        on(CLOSING, RCV_ACK_OF_FIN).goTo(CLOSED).doing(DELETE);

        // closing second (passive close)
        on(SYN_RECEIVED, RCV_FIN).goTo(CLOSE_WAIT).doing(SEND_ACK);
        on(ESTABLISHED, RCV_FIN).goTo(CLOSE_WAIT).doing(SEND_ACK);
        on(CLOSE_WAIT, APP_CLOSE).goTo(LAST_ACK).doing(QUEUE_FIN);
        on(CLOSE_WAIT, APP_SHUTDOWN_WRITE).goTo(LAST_ACK).doing(QUEUE_FIN);
        on(LAST_ACK, RCV_ACK_OF_FIN).goTo(CLOSED).doing(DELETE);

        // resets received (RFC 9293 §3.10.7.4; the errors as Linux reports them)
        on(SYN_SENT, RCV_RST).goTo(CLOSED).failing(Outcome.CONNECTION_REFUSED).doing(DELETE);
        on(SYN_RECEIVED, RCV_RST).goTo(CLOSED).doing(DELETE); // the listener stays: "return to LISTEN"
        for (State s : List.of(ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2)) {
            on(s, RCV_RST).goTo(CLOSED).failing(Outcome.CONNECTION_RESET).doing(DELETE);
        }
        on(CLOSE_WAIT, RCV_RST).goTo(CLOSED).failing(Outcome.BROKEN_PIPE).doing(DELETE);
        on(CLOSING, RCV_RST).goTo(CLOSED).doing(DELETE);
        on(LAST_ACK, RCV_RST).goTo(CLOSED).doing(DELETE);

        // aborts and give-ups
        on(SYN_SENT, APP_ABORT).goTo(CLOSED).doing(DELETE);
        for (State s : List.of(SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK)) {
            on(s, APP_ABORT).goTo(CLOSED).doing(SEND_RST, DELETE);
            on(s, RETRANSMISSIONS_EXHAUSTED).goTo(CLOSED).failing(Outcome.TIMED_OUT).doing(DELETE);
        }
        on(SYN_SENT, RETRANSMISSIONS_EXHAUSTED).goTo(CLOSED).failing(Outcome.TIMED_OUT).doing(DELETE);
        on(ESTABLISHED, KEEPALIVE_UNANSWERED).goTo(CLOSED).failing(Outcome.TIMED_OUT).doing(SEND_RST, DELETE);
        on(CLOSE_WAIT, KEEPALIVE_UNANSWERED).goTo(CLOSED).failing(Outcome.TIMED_OUT).doing(SEND_RST, DELETE);
        // a half-closed connection is still open one way: keepalive goes on checking it (tcpspec KA-2.half-closed)
        on(FIN_WAIT_2, KEEPALIVE_UNANSWERED).goTo(CLOSED).failing(Outcome.TIMED_OUT).doing(SEND_RST, DELETE);
    }

    /** The transition for {@code event} in {@code state}, or null: the event changes nothing there. */
    static Transition next(State state, Event event) {
        Map<Event, Transition> row = TABLE.get(state);
        return row == null ? null : row.get(event);
    }

    // ---- the table's little language ---------------------------------------------------------------------------

    private static Row on(State from, Event event) {
        return new Row(from, event, null, null);
    }

    private record Row(State from, Event event, State to, Outcome error) {
        Row goTo(State next) {
            return new Row(from, event, next, error);
        }

        Row failing(Outcome e) {
            return new Row(from, event, to, e);
        }

        void doing(Action... actions) {
            Transition t = new Transition(to, List.of(actions), error);
            if (TABLE.computeIfAbsent(from, s -> new EnumMap<>(Event.class)).put(event, t) != null) {
                throw new IllegalStateException("two transitions for " + event + " in " + from);
            }
        }
    }
}
