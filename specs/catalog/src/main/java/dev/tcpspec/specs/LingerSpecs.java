package dev.tcpspec.specs;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;

import java.util.List;

import static dev.tcpspec.dsl.Tcp.*;

/** RULES.md §G: SO_LINGER, and close() with unread data. */
public final class LingerSpecs {
    private LingerSpecs() {
    }

    public static final Spec LG_1 =
            spec("LG-1", "without SO_LINGER, close() returns at once and queued data and FIN go out in the background")
                    .source(SEED, manual("socket(7)"), MEASURED)
                    .description("The server's receive buffer is small, so most of the data is still queued when "
                            + "close() returns; the orphaned connection delivers it all, then the FIN.")
                    .given(established().with(server().receiveBuffer(8000)))
                    .when(client().sends(50_000), client().closes(), server().readsEof())
                    .then(client().close().returnsWithin(millis(0).plusTolerance()))
                    .and(server().receivesAllDataBeforeEof())
                    .and(wire().carries(fin().from(client())))
                    .and(wire().carriesNo(rst().onAnyConnection()));

    public static final Spec LG_2 =
            spec("LG-2", "SO_LINGER <1,0>: close() sends RST and no FIN, skips TIME_WAIT, and the peer sees a reset")
                    .source(SEED, rfc9293("3.10.5"), MEASURED)
                    .faultSensitive("a RST is never retransmitted: if it is lost, the server never learns of the "
                            + "abort (PR-5 explores what must hold whatever happens to it)")
                    .given(established().with(client().soLinger(true, 0)))
                    .when(client().closes(), server().reads())
                    .then(wire().carries(rst().from(client())))
                    .and(wire().carriesNo(fin().from(client())))
                    .and(client().neverEnters(TIME_WAIT))
                    .and(server().read().fails(CONNECTION_RESET));

    public static final Spec LG_2_IN_FLIGHT =
            spec("LG-2.in-flight", "an abortive close with data in flight sends its RST at SND.NXT, not SND.UNA")
                    .source(rfc9293("3.10.5"), linux("tcp_output.c tcp_send_active_reset"))
                    .description("The client writes 1000 bytes and closes with SO_LINGER <1,0> at once, before they "
                            + "are acknowledged. RFC 9293's ABORT sends <SEQ=SND.NXT><CTL=RST>, as Linux does "
                            + "(tcp_acceptable_seq): a RST at SND.UNA would lie behind the data the peer may already "
                            + "have, outside its window. (The abort's RST carries an ACK; the bare RST the closed "
                            + "client host sends later, answering the server's ACK of the data, does not count.)")
                    .given(established().with(client().soLinger(true, 0)))
                    .when(client().sends(1000), client().closes(), server().reads())
                    .then(wire().carries(rst().from(client()).withAck().atSndNxt(0)))
                    .and(wire().carriesNo(fin().from(client())))
                    .and(client().neverEnters(TIME_WAIT));

    public static final Spec LG_3 =
            spec("LG-3", "SO_LINGER > 0: close() sends FIN and blocks until it is acknowledged or the linger time passes")
                    .source(SEED, manual("socket(7)"), MEASURED)
                    .description("The server reads nothing for 10 s, so the FIN cannot be acknowledged within the "
                            + "5 s linger time. Linux (measured): close() then returns without error and without RST, "
                            + "and the orphan delivers every byte later. The seed says a timed-out linger resets the "
                            + "connection: that is BSD/Winsock behaviour (close() fails EWOULDBLOCK, RST), which the "
                            + "rfc9293 profile keeps.")
                    .given(established().with(client().soLinger(true, 5), server().receiveBuffer(1000)))
                    .when(client().sends(10_000), client().closes(), elapse(seconds(10)), server().readsEof())
                    .then(client().close().blocksForAtLeast(seconds(5)))
                    .and(client().close().returnsWithin(seconds(5).plusTolerance()))
                    .and(where(p -> p.lingerTimeout() == Profile.LingerTimeout.KEEP_ORPHAN,
                            "a linger timeout keeps the orphan (Linux)")
                            .expect(client().close().succeeds(), server().receivesAllDataBeforeEof(),
                                    wire().carriesNo(rst().onAnyConnection()))
                            .otherwise(client().close().fails(WOULD_BLOCK), wire().carries(rst().from(client())),
                                    server().read().fails(CONNECTION_RESET)));

    public static final Spec LG_3_ACKED =
            spec("LG-3.acked", "SO_LINGER > 0 with a responsive peer: close() returns once the FIN is acknowledged")
                    .source(SEED, manual("socket(7)"))
                    .faultSensitive("bounds the lingering close by a second: a lost FIN or ACK makes it wait a "
                            + "retransmission")
                    .given(established().with(client().soLinger(true, 5)))
                    .when(client().sends(1000), client().closes(), server().readsEof())
                    .then(client().close().succeeds())
                    .and(client().close().returnsOnlyAfterArrivalOf(pureAck().from(server()).acking(fin().from(client()))))
                    .and(client().close().returnsWithin(seconds(1)));

    public static final Spec UD_1 =
            spec("UD-1", "close() with unread received data sends RST instead of FIN, to signal the loss")
                    .source(rfc(2525, "2.17"), rfc9293("3.6.1 SHLD-3"), linux("tcp.c __tcp_close"), MEASURED)
                    .description("Linux resets; java.net.Socket.close() sends FIN first (it shuts down output before "
                            + "close(2)), so a Java peer may read EOF and see the reset only on its next write.")
                    .faultSensitive("needs the 10 bytes to have arrived when the server closes: a lost or late data "
                            + "segment leaves nothing unread (PR-9 explores the rule under faults)")
                    .given(established())
                    .when(client().sends(10), elapse(millis(50)), server().closes(), client().reads())
                    .then(wire().carries(rst().from(server())))
                    .and(wire().carriesNo(fin().from(server())))
                    .and(client().read().fails(CONNECTION_RESET))
                    .and(server().neverEnters(TIME_WAIT));

    public static final Spec UD_1_LINGER =
            spec("UD-1.linger", "the unread-data check comes before SO_LINGER: close() resets at once, even when lingering")
                    .source(linux("tcp.c __tcp_close"), rfc(2525, "2.17"))
                    .faultSensitive("needs the 10 bytes to have arrived when the server closes: a lost or late data "
                            + "segment leaves nothing unread")
                    .given(established().with(server().soLinger(true, 5)))
                    .when(client().sends(10), elapse(millis(50)), server().closes(), client().reads())
                    .then(server().close().returnsWithin(millis(0).plusTolerance()))
                    .and(wire().carries(rst().from(server())))
                    .and(wire().carriesNo(fin().from(server())))
                    .and(client().read().fails(CONNECTION_RESET));

    public static final Spec UD_1_HALF_CLOSED =
            spec("UD-1.half-closed", "close() after shutdownOutput() with unread data still resets, to signal the loss")
                    .source(rfc(2525, "2.17"), rfc9293("3.6.1 SHLD-3"), linux("tcp.c __tcp_close"))
                    .description("The client half-closes; the server answers with 100 bytes the client never reads; "
                            + "then the client closes. Its FIN is long gone, but the unread data must still be "
                            + "signalled lost with a RST, at once: the server, in CLOSE_WAIT, sees 'Broken pipe' on "
                            + "its next write (a RST in CLOSE_WAIT reports EPIPE on Linux).")
                    .faultSensitive("its last write must meet the client's RST: a RST is never retransmitted, and a "
                            + "lost data segment leaves nothing unread")
                    .given(established())
                    .when(client().shutsDownOutput(), server().readsEof(), server().sends(100), elapse(millis(50)),
                            client().closes(), elapse(millis(10)), server().sends(10))
                    .then(wire().carries(rst().from(client())).firstWithin(millis(0).plusTolerance())
                            .countedFrom(returnOf(client().close())))
                    .and(client().neverEnters(TIME_WAIT))
                    .and(server().write(2).fails(BROKEN_PIPE));

    public static List<Spec> all() {
        return List.of(LG_1, LG_2, LG_2_IN_FLIGHT, LG_3, LG_3_ACKED, UD_1, UD_1_LINGER, UD_1_HALF_CLOSED);
    }
}
