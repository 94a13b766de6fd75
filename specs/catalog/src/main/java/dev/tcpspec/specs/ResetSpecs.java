package dev.tcpspec.specs;

import dev.tcpspec.dsl.Spec;

import java.util.List;

import static dev.tcpspec.dsl.Tcp.*;

/** RULES.md §K: RST and segment validation, and the R2 retransmission limit. */
public final class ResetSpecs {
    private ResetSpecs() {
    }

    public static final Spec RS_1 =
            spec("RS-1", "a RST with SEG.SEQ = RCV.NXT aborts the connection: the application sees a reset, nothing is sent back")
                    .source(rfc(5961, "3.2"), rfc9293("3.10.7.4"))
                    .given(established())
                    .when(server().injects(rstSegment()), client().reads())
                    .then(client().read().fails(CONNECTION_RESET))
                    .and(client().reaches(CLOSED))
                    .and(wire().carriesNo(anySegment().from(client()).inReplyTo(injected())));

    public static final Spec RS_1_IN_WINDOW =
            spec("RS-1.in-window", "a RST inside the window but not at RCV.NXT draws a challenge ACK and changes nothing")
                    .source(rfc(5961, "3.2"))
                    .description("smoltcp accepts any in-window RST; RFC 5961 (and Linux since 3.6) answers it with "
                            + "<SEQ=SND.NXT><ACK=RCV.NXT> so that only a peer that sees it can reset.")
                    .faultSensitive("its challenge ACK is rate-limited: a lost handshake ACK draws a retransmission "
                            + "whose ACK uses the interval up")
                    .given(established())
                    .when(server().injects(rstSegment().atSeq(1000)), elapse(millis(10)), server().sends(10),
                            client().reads())
                    .then(wire().carries(pureAck().from(client()).inReplyTo(injected()).atSndNxt(0)
                            .acking(synAck().from(server()))))
                    .and(client().neverEnters(CLOSED))
                    .and(client().read().returns(DATA_READ));

    public static final Spec RS_1_OUT_OF_WINDOW =
            spec("RS-1.out-of-window", "a RST outside the window is dropped silently")
                    .source(rfc(5961, "3.2"), rfc9293("3.10.7.4"))
                    .given(established())
                    .when(server().injects(rstSegment().beyondWindow(1000)), elapse(millis(10)), server().sends(10),
                            client().reads())
                    .then(wire().carriesNo(anySegment().from(client()).inReplyTo(injected())))
                    .and(client().read().returns(DATA_READ));

    public static final Spec RS_1_CLOSING =
            spec("RS-1.closing", "RFC 5961's RST check holds in every synchronized state: in FIN_WAIT_2 and CLOSE_WAIT an inexact RST draws a challenge ACK")
                    .source(rfc(5961, "3.2"), rfc9293("3.10.7.4"))
                    .description("The client half-closes: it waits in FIN_WAIT_2, the server in CLOSE_WAIT. A RST "
                            + "inside each one's window but not at RCV.NXT arrives at each: both answer with a "
                            + "challenge ACK and carry on, and the server's data still reaches the client. (The client "
                            + "waits until it is in FIN_WAIT_2: on real time the ACK of its FIN may come late.)")
                    .faultSensitive("its challenge ACKs are rate-limited: a handshake or FIN segment lost or "
                            + "duplicated draws an ACK that uses the interval up")
                    .given(established())
                    .when(client().shutsDownOutput(), server().readsEof(), client().awaits(FIN_WAIT_2),
                            server().injects(rstSegment().atSeq(1000)),
                            client().injects(rstSegment().atSeq(1000)), elapse(millis(10)), server().sends(10),
                            client().reads())
                    .then(wire().carries(pureAck().from(client()).inReplyTo(injected()).sentIn(FIN_WAIT_2)))
                    .and(wire().carries(pureAck().from(server()).inReplyTo(injected()).sentIn(CLOSE_WAIT)))
                    .and(client().read().returns(DATA_READ))
                    .and(client().endsIn(FIN_WAIT_2))
                    .and(server().endsIn(CLOSE_WAIT));

    public static final Spec RS_2 =
            spec("RS-2", "a SYN in a synchronized state draws a challenge ACK, never a reset, and the connection carries on")
                    .source(rfc(5961, "4.2"), rfc9293("3.10.7.4"))
                    .faultSensitive("its challenge ACK is rate-limited: a lost handshake ACK draws a retransmission "
                            + "whose ACK uses the interval up")
                    .given(established())
                    .when(server().injects(synSegment().atSeq(100)), elapse(millis(10)), server().sends(10),
                            client().reads())
                    .then(wire().carries(pureAck().from(client()).inReplyTo(injected())))
                    .and(wire().carriesNo(rst().onAnyConnection()))
                    .and(client().read().returns(DATA_READ));

    public static final Spec RS_3 =
            spec("RS-3", "an ACK below SND.UNA - MAX.SND.WND is dropped, with its data, and answered with an ACK")
                    .source(rfc(5961, "5.2"), rfc9293("3.10.7.4"))
                    .faultSensitive("its answering ACK is rate-limited: a duplicated handshake segment draws an ACK "
                            + "that uses the interval up")
                    .given(established())
                    .when(server().injects(dataSegment(10).acking(-70_000)), elapse(millis(10)),
                            client().reads(millis(100)))
                    .then(client().read(1).returns(STILL_BLOCKED))
                    .and(wire().carries(pureAck().from(client()).inReplyTo(injected())));

    public static final Spec RS_3_AHEAD =
            spec("RS-3.ahead", "a segment acknowledging data never sent (SEG.ACK > SND.NXT) is dropped, with its data")
                    .source(rfc(5961, "5.2"), rfc9293("3.10.7.4"))
                    .description("RFC 9293 also answers with an ACK; Linux dropped such segments silently until "
                            + "2026 (RULES.md RS-3), so the reply is not checked.")
                    .given(established())
                    .when(server().injects(dataSegment(10).acking(1000)), elapse(millis(10)),
                            client().reads(millis(100)))
                    .then(client().read(1).returns(STILL_BLOCKED));

    public static final Spec RS_4 =
            spec("RS-4", "challenge ACKs are rate-limited: a burst of in-window RSTs draws one ACK per interval")
                    .source(rfc(5961, "7"), linux("ip-sysctl tcp_invalid_ratelimit"))
                    .faultSensitive("counts rate-limited challenge ACKs: a duplicated handshake segment draws one "
                            + "more that uses an interval up")
                    .given(established())
                    .when(server().injects(rstSegment().atSeq(1000), 5), elapse(challengeAckInterval()),
                            server().injects(rstSegment().atSeq(1000)), elapse(millis(10)))
                    .then(wire().carries(pureAck().from(client()).duringSteps()).times(2))
                    .and(client().neverEnters(CLOSED));

    public static final Spec RS_4_SPACED =
            spec("RS-4.spaced", "challenge ACKs are rate-limited from the last one sent: hits closer than the interval share one ACK")
                    .source(rfc(5961, "7"), linux("tcp_input.c tcp_oow_rate_limited"))
                    .description("In-window RSTs arrive half an interval apart. The first draws a challenge ACK, the "
                            + "second (half an interval later) none, the third (one interval after the first) another: "
                            + "the interval runs from the last ACK sent, and a hit left unanswered does not restart it.")
                    .faultSensitive("counts rate-limited challenge ACKs: a duplicated handshake segment draws one "
                            + "more that uses an interval up")
                    .given(established())
                    .when(server().injects(rstSegment().atSeq(1000)), elapse(challengeAckInterval().dividedBy(2)),
                            server().injects(rstSegment().atSeq(1000)), elapse(challengeAckInterval().dividedBy(2)),
                            server().injects(rstSegment().atSeq(1000)), elapse(millis(10)))
                    .then(wire().carries(pureAck().from(client()).duringSteps()).times(2))
                    .and(client().neverEnters(CLOSED));

    public static final Spec RS_4_DATA =
            spec("RS-4.data", "duplicate ACKs for old data are not rate-limited: every retransmission gets its ACK")
                    .source(rfc9293("3.10.7.4"), linux("tcp_input.c tcp_oow_rate_limited"))
                    .description("smoltcp test_old_data_ack_not_rate_limited: an old data segment is a "
                            + "retransmission whose ACK was lost; withholding the ACK would strand the sender.")
                    .given(established())
                    .when(server().sends(100), client().reads(), server().injects(dataSegment(100).atSeq(-100), 3),
                            elapse(millis(10)))
                    .then(wire().carries(pureAck().from(client()).inReplyTo(injected())).times(3));

    public static final Spec RS_5 =
            spec("RS-5", "after an accepted RST, data received before it can still be read; then the read fails with a reset")
                    .source(rfc9293("3.10.7.4"), MEASURED)
                    .description("Measured on Linux: after the peer's SO_LINGER <1,0> close, read() returns the "
                            + "earlier bytes, then throws 'Connection reset'; a later write gets 'Broken pipe'.")
                    .faultSensitive("needs the data to arrive before the RST: a RST is never retransmitted, and a "
                            + "lost data segment is retransmitted after it")
                    .given(established().with(server().soLinger(true, 0)))
                    .when(server().sends(100), elapse(millis(10)), server().closes(), elapse(millis(10)),
                            client().reads(), client().reads(), client().sends(10))
                    .then(client().read(1).returns(DATA_READ))
                    .and(client().read(2).fails(CONNECTION_RESET))
                    .and(client().write(1).fails(BROKEN_PIPE));

    public static final Spec RS_6 =
            spec("RS-6", "a RST is never answered with a RST: not at a closed port, and a listener ignores it")
                    .source(rfc9293("3.10.7.1, 3.10.7.2"))
                    .description("Both RSTs carry an ACK, as a late or duplicated abort from a vanished connection "
                            + "would.")
                    .given(listening())
                    .when(client().injects(rstSegment().acking(0).toClosedPort()),
                            client().injects(rstSegment().acking(0).toListener()), elapse(millis(10)),
                            client().connects())
                    .then(wire().carriesNo(anySegment().from(server()).onAnyConnection().inReplyTo(injected())))
                    .and(client().connect().succeeds());

    public static final Spec TO_1 =
            spec("TO-1", "data unacknowledged past the R2 limit aborts the connection with a timeout")
                    .source(rfc9293("3.8.3 SHLD-11"), linux("ip-sysctl tcp_retries2"))
                    .description("R2 must cover at least 100 s: 7 retransmissions from 1 s under rfc9293 (183 s); "
                            + "Linux's tcp_retries2 = 15 from 200 ms (about 924.6 s).")
                    .given(established())
                    .when(server().crashes(), client().sends(100), client().reads(hours(1)))
                    .then(client().read().fails(CONNECTION_TIMED_OUT))
                    .and(wire().retransmits(data().from(client())).times(maxRetransmissions()).withExponentialBackoff())
                    .and(client().reaches(CLOSED));

    public static final Spec TO_1_FIN =
            spec("TO-1.fin", "an orphan's unacknowledged FIN is retransmitted up to the orphan limit, then the connection is dropped")
                    .source(rfc9293("3.8.3"), linux("ip-sysctl tcp_orphan_retries"))
                    .given(established())
                    .when(server().crashes(), client().closes(), elapse(hours(1)))
                    .then(wire().retransmits(fin().from(client())).times(orphanRetries()))
                    .and(client().reaches(CLOSED))
                    .and(wire().carriesNo(rst().from(client())));

    public static final Spec TO_1_SYN =
            spec("TO-1.syn", "an unanswered connect() retries its SYN up to the profile's SYN limit, then fails 'Connection timed out', not 'refused'")
                    .source(rfc9293("3.8.3 MUST-20"), linux("ip-sysctl tcp_syn_retries"))
                    .description("The server's host is gone: nothing answers the SYN, so no RST can refuse it. The SYN "
                            + "is retransmitted with exponential backoff the profile's number of times (rfc9293: 5, "
                            + "over 63 s), then connect() fails with a timeout, which an application must tell apart "
                            + "from a refusal (HS-2). Linux 6.5+ first retransmits it tcp_syn_linear_timeouts (4) "
                            + "times a second apart, then tcp_syn_retries (6) times with backoff (measured: 10 "
                            + "retransmissions, connect() failed after about 131 s).")
                    .given(listening())
                    .when(server().crashes(), client().connectsWithoutWaiting(), client().finishesConnect(minutes(5)))
                    .then(client().connect(2).fails(CONNECTION_TIMED_OUT))
                    .and(where(p -> p.synLinearTimeouts() == 0, "every SYN retransmission backs off")
                            .expect(wire().retransmits(syn().from(client())).times(synRetries())
                                    .withExponentialBackoff())
                            .otherwise(wire().retransmits(syn().from(client()))
                                    .times(synRetries().plus(synLinearTimeouts()))))
                    .and(client().reaches(CLOSED));

    public static final Spec TO_1_RESET =
            spec("TO-1.reset", "the retransmission count starts over when new data is acknowledged: separate losses do not add up to R2")
                    .source(rfc9293("3.8.3"), rfc(1122, "4.2.3.5"))
                    .description("Four writes, each lost five times before its sixth copy gets through: 20 "
                            + "retransmissions in all, more than R2 allows one segment (7 under rfc9293, 15 under "
                            + "linux), but never more than 5 in a row for one segment, so the connection survives.")
                    .faultSensitive("plans exactly five losses in a row per segment: one more loss, or a lost ACK, "
                            + "makes a run of six or more")
                    .given(established().with(lostFiveTimesFrom(1, 7, 13, 19)))
                    .when(client().sends(100), elapse(minutes(12)), client().sends(100), elapse(minutes(12)),
                            client().sends(100), elapse(minutes(12)), client().sends(100), elapse(minutes(12)),
                            client().closes(), server().readsEof())
                    .then(server().receivesAllDataBeforeEof())
                    .and(client().write().succeeds())
                    .and(wire().retransmits(data().from(client())).times(count(5)));

    public static final Spec TO_1_ZERO_WINDOW =
            spec("TO-1.zero-window", "a zero window is probed with SEG.SEQ = SND.NXT - 1, and answered probes keep the connection alive")
                    .source(rfc9293("3.8.6.1 MUST-36"), rfc(1122, "4.2.2.17"), linux("tcp_output.c tcp_xmit_probe_skb"))
                    .description("The server reads nothing for 20 s, so its window closes with most of the client's "
                            + "data still queued. The client must probe the window (a lost window update would "
                            + "otherwise stall it for good) and must not give up on a receiver that answers its "
                            + "probes; once the server reads, every byte arrives.")
                    .faultSensitive("counts probes of a window closed for 20 s: a lost segment or window update "
                            + "shifts when the window closes and opens")
                    .given(established().with(server().receiveBuffer(1000)))
                    .when(client().sends(10_000), elapse(seconds(20)), client().closes(), server().readsEof())
                    .then(wire().carries(windowProbe().from(client())).atLeast(2))
                    .and(server().receivesAllDataBeforeEof())
                    .and(client().write().succeeds());

    /**
     * For each of {@code firsts}, drops that data segment from the client and the four after it: five losses in a
     * row, the sixth copy gets through.
     */
    private static dev.tcpspec.dsl.SetupStep[] lostFiveTimesFrom(int... firsts) {
        java.util.List<dev.tcpspec.dsl.SetupStep> drops = new java.util.ArrayList<>();
        for (int first : firsts) {
            for (int n = first; n < first + 5; n++) drops.add(wire().drops(nth(n, DATA).from(client())));
        }
        return drops.toArray(dev.tcpspec.dsl.SetupStep[]::new);
    }

    public static List<Spec> all() {
        return List.of(RS_1, RS_1_IN_WINDOW, RS_1_OUT_OF_WINDOW, RS_1_CLOSING, RS_2, RS_3, RS_3_AHEAD, RS_4,
                RS_4_SPACED, RS_4_DATA, RS_5, RS_6, TO_1, TO_1_FIN, TO_1_SYN, TO_1_RESET, TO_1_ZERO_WINDOW);
    }
}
