package dev.tcpspec.specs;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Strength;

import java.util.List;

import static dev.tcpspec.dsl.Tcp.*;

/** RULES.md §B: orderly close, active and passive. */
public final class OrderlyCloseSpecs {
    private OrderlyCloseSpecs() {
    }

    public static final Spec OC_1 =
            spec("OC-1", "close() queues the FIN behind all buffered data; the peer reads every byte before EOF")
                    .source(rfc9293("3.6 case 1"))
                    .description("The server's small receive buffer keeps most of the data queued at the client when "
                            + "it closes: ESTABLISHED becomes FIN_WAIT_1 at once, but the FIN waits behind the data "
                            + "(it may ride on the last data segment).")
                    .given(established().with(server().receiveBuffer(2000)))
                    .when(client().sends(10_000), client().closes(), server().readsEof())
                    .then(server().receivesAllDataBeforeEof())
                    .and(client().passesThrough(FIN_WAIT_1, FIN_WAIT_2))
                    .and(wire().carries(fin().from(client()).atSndNxt(0)).times(1));

    public static final Spec OC_2 =
            spec("OC-2", "FIN_WAIT_1 ends only with the ACK that covers the FIN; a partial ACK keeps it")
                    .source(rfc9293("3.10.7.4"))
                    .description("The server stops reading with a full receive buffer: its ACKs cover some data but "
                            + "not the FIN, so the client stays in FIN_WAIT_1 until the server reads again.")
                    .given(established().with(server().receiveBuffer(1000)))
                    .when(client().sends(3000), client().closes(), elapse(seconds(10)), server().readsEof())
                    .then(client().holds(FIN_WAIT_1).forAtLeast(seconds(10)))
                    .and(client().passesThrough(FIN_WAIT_1, FIN_WAIT_2))
                    .and(wire().carries(pureAck().from(server()).acking(fin().from(client()))));

    public static final Spec OC_3 =
            spec("OC-3", "after shutdownOutput() the endpoint still receives and acknowledges the peer's data")
                    .source(rfc9293("3.6.1"))
                    .faultSensitive("needs the server's data to arrive in order before its FIN: a lost data segment is "
                            + "acknowledged only when its retransmission arrives, after the FIN, in TIME_WAIT")
                    .given(established())
                    .when(client().shutsDownOutput(), server().readsEof(), server().sends(3000), server().closes(),
                            client().readsEof())
                    .then(client().receivesAllDataBeforeEof())
                    .and(wire().carries(pureAck().from(client()).acking(data().from(server())).sentIn(FIN_WAIT_2)))
                    .and(client().enters(TIME_WAIT));

    public static final Spec OC_4 =
            spec("OC-4", "a FIN in FIN_WAIT_2 is acknowledged and the closer enters TIME_WAIT")
                    .source(rfc9293("3.10.7.4"))
                    .faultSensitive("needs the ACK of the client's FIN to arrive on its own: if it is lost, the "
                            + "server's FIN acknowledges the client's and the client skips FIN_WAIT_2 (SC-2's path)")
                    .given(established())
                    .when(client().closes(), server().readsEof(), elapse(seconds(1)), server().closes())
                    .then(client().passesThrough(FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT))
                    .and(wire().carries(pureAck().from(client()).acking(fin().from(server())).sentIn(TIME_WAIT)));

    public static final Spec OC_5 =
            spec("OC-5", "a FIN in ESTABLISHED is acknowledged, the state becomes CLOSE_WAIT, and EOF comes after all data")
                    .source(rfc9293("3.10.7.4"))
                    .given(established())
                    .when(client().sends(5000), client().closes(), server().readsEof())
                    .then(wire().carries(pureAck().from(server()).acking(fin().from(client()))))
                    .and(server().enters(CLOSE_WAIT))
                    .and(server().receivesAllDataBeforeEof());

    public static final Spec OC_6 =
            spec("OC-6", "a FIN beyond a hole changes nothing until the hole fills")
                    .source(rfc9293("3.10.7.4"))
                    .description("The client's first data segment is delayed 100 ms (less than any minimum RTO); "
                            + "its second and its FIN arrive first. The server must stay ESTABLISHED and deliver no "
                            + "EOF until the missing bytes arrive.")
                    .given(established().with(wire().delays(first(DATA).from(client()), java.time.Duration.ofMillis(100))))
                    .when(client().sends(2000), client().closes(), server().readsEof())
                    .then(server().reaches(CLOSE_WAIT).notBefore(millis(100)))
                    .and(server().receivesAllDataBeforeEof());

    public static final Spec OC_6_DUPLICATE =
            spec("OC-6.duplicate", "a duplicated FIN is acknowledged again and changes nothing")
                    .source(rfc9293("3.10.7.4"))
                    .description("Both copies arrive together. The copy is not acceptable (it lies below RCV.NXT), so "
                            + "it draws an ACK; a stack that delays its ACK of the first copy may answer both with "
                            + "that one ACK (Linux does, measured on the packet wire).")
                    .faultSensitive("counts the ACKs of a FIN planned to be duplicated: other losses and copies add "
                            + "ACKs")
                    .given(established().with(wire().duplicates(first(FIN).from(client()))))
                    .when(client().sends(100), client().closes(), server().readsEof(), server().reads())
                    .then(wire().carries(pureAck().from(server()).acking(fin().from(client()))
                            .inReplyTo(fin().from(client()))))
                    .and(server().receivesAllDataBeforeEof())
                    .and(server().read(3).returnsEof());

    public static final Spec OC_6_AFTER_FIN =
            spec("OC-6.after-fin", "data after the FIN is ignored: the reader sees EOF, never those bytes")
                    .source(rfc9293("3.10.7.4"))
                    .given(established())
                    .when(client().sends(100), client().shutsDownOutput(), server().readsEof(),
                            client().injects(dataSegment(50)), elapse(millis(10)), server().reads(millis(10)))
                    .then(server().receivesAllDataBeforeEof())
                    .and(server().read(3).returnsEof());

    public static final Spec OC_7 =
            spec("OC-7", "close() in CLOSE_WAIT sends FIN and enters LAST_ACK; its ACK closes; the passive closer never holds TIME_WAIT")
                    .source(SEED, rfc9293("3.6, Figure 12"))
                    .faultSensitive("counts the server's FINs: a lost FIN or ACK is retransmitted (OC-9)")
                    .given(established())
                    .when(client().closes(), server().readsEof(), server().closes())
                    .then(server().passesThrough(CLOSE_WAIT, LAST_ACK, CLOSED))
                    .and(wire().carries(fin().from(server())).times(1))
                    .and(wire().carries(pureAck().from(client()).acking(fin().from(server()))))
                    .and(server().neverEnters(TIME_WAIT));

    public static final Spec OC_8 =
            spec("OC-8", "in LAST_ACK an ACK that does not cover the FIN does not close the connection")
                    .source(rfc9293("3.10.7.4"))
                    .description("The client's ACK of the server's FIN is lost; a duplicate ACK (acknowledging "
                            + "everything but the FIN) arrives instead. The server stays in LAST_ACK and closes only "
                            + "when its retransmitted FIN is acknowledged. RFC 9293 lets a duplicate ACK be ignored "
                            + "(\"it can be ignored\", §3.10.7.4): smoltcp answers it with a challenge ACK, Linux "
                            + "(measured on the packet wire) sends nothing; neither is required, and no RST is allowed.")
                    .faultSensitive("plans the loss of the client's first ACK of a FIN: a late or reordered segment "
                            + "makes another ACK the first, so the server's FIN is acknowledged and LAST_ACK ends at "
                            + "once")
                    .given(established().with(wire().drops(first(ACK_OF_FIN).from(client()))))
                    .when(client().closes(), server().readsEof(), server().closes(),
                            client().injects(ackSegment().acking(-1)), elapse(seconds(5)))
                    .then(server().holds(LAST_ACK).forAtLeast(rtoMin()))
                    .and(wire().carriesNo(rst().from(server()).inReplyTo(injected())))
                    .and(server().passesThrough(LAST_ACK, CLOSED));

    public static final Spec OC_9 =
            spec("OC-9", "an unacknowledged FIN is retransmitted on the RTO, with exponential backoff")
                    .source(rfc9293("3.8.1"), rfc(6298, "5.5"))
                    .faultSensitive("counts the FIN's retransmissions under three planned losses: other faults add "
                            + "or save retransmissions")
                    .given(established().with(wire().drops(first(ACK_OF_FIN).from(server())),
                            wire().drops(nth(2, ACK_OF_FIN).from(server())),
                            wire().drops(nth(3, ACK_OF_FIN).from(server()))))
                    .when(client().closes(), server().readsEof(), elapse(minutes(1)))
                    .then(wire().retransmits(fin().from(client())).withExponentialBackoff())
                    .and(wire().carries(fin().from(client())).times(4))
                    .and(client().enters(FIN_WAIT_2));

    public static final Spec OC_9_KARN =
            spec("OC-9.karn", "an ACK of a retransmitted segment gives no RTT sample (Karn): the backed-off RTO stays")
                    .source(rfc(6298, "3, 5.7"), rfc9293("3.8.1"))
                    .onlyWhere(p -> !p.timestamps(), "with timestamps a stack may time a retransmitted segment by "
                            + "its echoed TSval (RFC 7323 §4), so Karn's rule binds only without them")
                    .description("The first data segment is lost once: its retransmission, an initial RTO later, is "
                            + "acknowledged, which must give no RTT sample (it cannot tell which copy was "
                            + "acknowledged), so the doubled RTO stays. The next segment is lost too, and its first "
                            + "retransmission comes two initial RTOs after it was sent, not an RTO computed from a "
                            + "sample that mistook the retransmission's ACK for the original's.")
                    .faultSensitive("times the first retransmission of one planned loss from the RTO a first planned "
                            + "loss left: other losses or late segments back the RTO off further")
                    .given(established().with(wire().drops(first(DATA).from(client())),
                            wire().drops(nth(3, DATA).from(client()))))
                    .when(client().sends(100), elapse(seconds(5)), client().sends(100), elapse(seconds(10)),
                            client().closes(), server().readsEof())
                    .then(wire().retransmits(data().from(client()).startingAfter(data().from(client())))
                            .firstAfter(initialRto().times(2)))
                    .and(server().receivesAllDataBeforeEof());

    public static final Spec OC_10 =
            spec("OC-10", "close() after shutdownOutput(), in FIN_WAIT_2 or LAST_ACK, sends nothing more")
                    .source(rfc9293("3.10.4"))
                    .faultSensitive("counts each end's FINs and forbids any RST: a lost FIN is retransmitted, and a "
                            + "late segment meeting a closed end draws a RST")
                    .given(established())
                    .when(client().shutsDownOutput(), server().readsEof(), client().closes(),
                            server().shutsDownOutput(), server().closes())
                    .then(wire().carries(fin().from(client())).times(1))
                    .and(wire().carries(fin().from(server())).times(1))
                    .and(wire().carriesNo(rst().onAnyConnection()))
                    .and(client().holds(TIME_WAIT).forAtLeast(timeWait()));

    public static final Spec OC_11 =
            spec("OC-11", "an orphaned FIN_WAIT_2 is discarded after the profile's FIN_WAIT_2 timeout; RFC 9293 has no such timer")
                    .strength(Strength.PLATFORM)
                    .source(linux("ip-sysctl tcp_fin_timeout"), linux("tcp.c __tcp_close"), MEASURED)
                    .description("The client closes, the server never does. Linux discards the orphaned FIN_WAIT_2 "
                            + "after tcp_fin_timeout (60 s) without a word, so a later write by the server draws RST. "
                            + "Under rfc9293 the orphan waits; the write draws RST all the same (HC-3).")
                    .faultSensitive("times FIN_WAIT_2 from the close: a lost ACK of the FIN keeps the client in "
                            + "FIN_WAIT_1 for retransmissions first")
                    .given(established())
                    .when(client().closes(), server().readsEof(), elapse(minutes(5)), server().sends(10),
                            elapse(seconds(1)))
                    .then(where(Profile::hasFinWait2Timeout, "an orphaned FIN_WAIT_2 times out")
                            .expect(client().holds(FIN_WAIT_2).forAtLeast(finTimeout()),
                                    client().holds(FIN_WAIT_2).forAtMost(finTimeout().plusTolerance()))
                            .otherwise(client().holds(FIN_WAIT_2).forAtLeast(minutes(5))))
                    .and(wire().carries(rst().from(client())));

    public static final Spec OC_11_HALF_CLOSED =
            spec("OC-11.half-closed", "a half-closed FIN_WAIT_2 (the socket still open) waits as long as the peer does")
                    .strength(Strength.PLATFORM)
                    .source(linux("tcp.c tcp_shutdown"), MEASURED)
                    .given(established())
                    .when(client().shutsDownOutput(), server().readsEof(), elapse(hours(2)))
                    .then(client().holds(FIN_WAIT_2).untilTheEnd())
                    .and(client().holds(FIN_WAIT_2).forAtLeast(hours(1)));

    public static final Spec OC_11_SHUTDOWN_THEN_CLOSE =
            spec("OC-11.shutdown-then-close", "close() after shutdownOutput() makes the FIN_WAIT_2 an orphan, and its timeout runs from the close()")
                    .strength(Strength.PLATFORM)
                    .source(linux("tcp.c __tcp_close"), linux("ip-sysctl tcp_fin_timeout"))
                    .description("The client half-closes and waits 10 s in FIN_WAIT_2 with no timer (OC-11.half-closed); "
                            + "then it closes. Linux arms the orphan's FIN_WAIT_2 timer at that close(), so the "
                            + "connection goes tcp_fin_timeout after it, not after entering FIN_WAIT_2. Under rfc9293 "
                            + "there is no such timer.")
                    .given(established())
                    .when(client().shutsDownOutput(), server().readsEof(), elapse(seconds(10)), client().closes(),
                            elapse(minutes(5)))
                    .then(where(Profile::hasFinWait2Timeout, "an orphaned FIN_WAIT_2 times out")
                            .expect(client().reaches(CLOSED).notBefore(finTimeout())
                                            .countedFrom(returnOf(client().close())),
                                    client().reaches(CLOSED).within(finTimeout().plusTolerance())
                                            .countedFrom(returnOf(client().close())))
                            .otherwise(client().holds(FIN_WAIT_2).untilTheEnd()));

    public static List<Spec> all() {
        return List.of(OC_1, OC_2, OC_3, OC_4, OC_5, OC_6, OC_6_DUPLICATE, OC_6_AFTER_FIN, OC_7, OC_8, OC_9, OC_9_KARN,
                OC_10, OC_11, OC_11_HALF_CLOSED, OC_11_SHUTDOWN_THEN_CLOSE);
    }
}
