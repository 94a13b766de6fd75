package dev.tcpspec.specs;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;

import java.util.List;

import static dev.tcpspec.dsl.Profile.TimeWaitReuse.OFF;
import static dev.tcpspec.dsl.Profile.TimeWaitReuse.ON;
import static dev.tcpspec.dsl.Tcp.*;

/** RULES.md §E: TIME_WAIT, its length, its two purposes, and what it costs. */
public final class TimeWaitSpecs {
    private TimeWaitSpecs() {
    }

    /** What restarts TIME_WAIT under Linux's rules: any segment with an ACK that is not a RST. */
    private static final dev.tcpspec.dsl.SegmentPattern RESTARTS_LINUX_TIME_WAIT =
            anySegment().from(server()).withAck().notRst();

    public static final Spec TW_1 =
            spec("TW-1", "only the first closer enters TIME_WAIT, so a server that closes first accumulates it")
                    .source(SEED, rfc9293("3.6, Figure 12"))
                    .description("A server that closes non-keep-alive HTTP connections first is the active closer and "
                            + "holds every TIME_WAIT; its clients hold none.")
                    .given(established())
                    .when(client().sends("GET / HTTP/1.0\r\n\r\n"), server().reads(),
                            server().sends("HTTP/1.0 200 OK\r\n\r\n"), server().closes(),
                            client().readsEof(), client().closes())
                    .then(server().enters(TIME_WAIT))
                    .and(client().neverEnters(TIME_WAIT))
                    .and(client().passesThrough(CLOSE_WAIT, LAST_ACK, CLOSED));

    public static final Spec TW_2 =
            spec("TW-2", "the active closer holds TIME_WAIT for 2MSL, then forgets the connection")
                    .source(SEED, rfc9293("3.6.1 MUST-13"), MEASURED)
                    .description("RFC 9293 fixes MSL at 2 minutes, so TIME_WAIT lasts 4 minutes; Linux fixes "
                            + "TIME_WAIT at 60 s (TCP_TIMEWAIT_LEN, not tcp_fin_timeout), which the linux profile "
                            + "states as MSL = 30 s. The length counts from the last segment that restarts the timer: "
                            + "a retransmitted FIN (RFC 9293), any segment with an ACK (Linux); so the spec holds under "
                            + "faults too. A RST that ends TIME_WAIT early (a duplicated final ACK meets the closed "
                            + "server, which resets: RFC 1337 assassination, TW-7) leaves the length untested.")
                    .given(established())
                    .when(client().closes(), server().readsEof(), server().closes())
                    .then(where(p -> p.timeWaitRules() == Profile.TimeWaitRules.RFC_9293,
                            "only a retransmitted FIN restarts TIME_WAIT (RFC 9293)")
                            .expect(client().holds(TIME_WAIT).countingFromLastArrivalOf(fin().from(server()))
                                            .unlessEndedByRst().forAtLeast(twoMsl()),
                                    client().holds(TIME_WAIT).countingFromLastArrivalOf(fin().from(server()))
                                            .forAtMost(twoMsl().plusTolerance()))
                            .otherwise(client().holds(TIME_WAIT).countingFromLastArrivalOf(RESTARTS_LINUX_TIME_WAIT)
                                            .unlessEndedByRst().forAtLeast(twoMsl()),
                                    client().holds(TIME_WAIT).countingFromLastArrivalOf(RESTARTS_LINUX_TIME_WAIT)
                                            .forAtMost(twoMsl().plusTolerance())))
                    .and(client().endsIn(CLOSED))
                    .and(server().neverEnters(TIME_WAIT));

    public static final Spec TW_3 =
            spec("TW-3", "a retransmitted FIN in TIME_WAIT is acknowledged again and restarts the 2MSL timer")
                    .source(rfc9293("3.10.7.4"), MEASURED)
                    .description("The client's ACK of the server's FIN is lost; the server retransmits its FIN from "
                            + "LAST_ACK; the client, in TIME_WAIT, must ACK it again and hold TIME_WAIT for a full "
                            + "2MSL from then.")
                    .faultSensitive("counts the client's re-ACKs of the server's FIN under one planned loss: other "
                            + "losses and copies add FINs and ACKs (PR-6 explores the rule itself under faults)")
                    .given(established().with(wire().drops(first(ACK_OF_FIN).from(client()))))
                    .when(client().closes(), server().readsEof(), server().closes())
                    .then(wire().carries(pureAck().from(client()).acking(fin().from(server()))).times(2))
                    .and(client().holds(TIME_WAIT).countingFromLast(pureAck().from(client())).forAtLeast(twoMsl()))
                    .and(client().endsIn(CLOSED));

    public static final Spec TW_3_NON_FIN =
            spec("TW-3.non-fin", "only a FIN restarts TIME_WAIT under RFC 9293; Linux also restarts it for a segment with an ACK; an ACK-less SYN restarts it nowhere")
                    .source(rfc9293("3.10.7.4"), linux("tcp_minisocks.c tcp_timewait_state_process"))
                    .description("The server's host is gone after its close, so nothing answers the client's ACKs "
                            + "(a live peer would answer them with a RST that ends TIME_WAIT). An old ACK arrives "
                            + "1 s into TIME_WAIT, an old SYN without ACK 1 s later. RFC 9293 restarts the timer "
                            + "only for a retransmitted FIN, so TIME_WAIT lasts its length from entering it; Linux "
                            + "restarts it for every segment carrying an ACK ('if (paws_reject || th->ack)'), so it "
                            + "lasts its length from the old ACK; neither restarts it for the ACK-less SYN.")
                    .faultSensitive("the server's host crashes after its FIN: a lost FIN is never retransmitted, so "
                            + "no TIME_WAIT comes about, and its timing counts from planned injections")
                    .given(established())
                    .when(client().closes(), server().readsEof(), server().closes(), server().crashes(),
                            elapse(seconds(1)), server().injects(ackSegment().atSeq(-100)), elapse(seconds(1)),
                            server().injects(synSegment().atSeq(-1000)))
                    .then(where(p -> p.timeWaitRules() == Profile.TimeWaitRules.RFC_9293, "only a FIN restarts TIME_WAIT (RFC 9293)")
                            .expect(client().holds(TIME_WAIT).forAtLeast(timeWait()),
                                    client().holds(TIME_WAIT).forAtMost(timeWait().plusTolerance()))
                            .otherwise(client().holds(TIME_WAIT).countingFrom(arrivalOf(injected())).forAtLeast(timeWait()),
                                    client().holds(TIME_WAIT).countingFrom(arrivalOf(injected()))
                                            .forAtMost(timeWait().plusTolerance())))
                    .and(client().endsIn(CLOSED));

    public static final Spec TW_4 =
            spec("TW-4", "TIME_WAIT's first purpose: a lost final ACK is recovered, and both ends close cleanly")
                    .source(SEED, rfc9293("3.6"))
                    .description("If the active closer went straight to CLOSED, the retransmitted FIN would meet no "
                            + "connection and draw a RST: the passive closer would see an error instead of a clean "
                            + "close.")
                    .faultSensitive("bounds the server's close by two RTOs after one planned loss: another loss adds "
                            + "a retransmission and backs the RTO off")
                    .given(established().with(wire().drops(first(ACK_OF_FIN).from(client()))))
                    .when(client().closes(), server().readsEof(), server().closes())
                    .then(server().passesThrough(LAST_ACK, CLOSED))
                    .and(server().reaches(CLOSED).within(initialRto().times(2).plusTolerance()))
                    .and(wire().carriesNo(rst().onAnyConnection()))
                    .and(client().enters(TIME_WAIT));

    public static final Spec TW_5 =
            spec("TW-5", "after the peer's FIN, reading sends no window update: CLOSE_WAIT sends only the ACK of the FIN")
                    .source(rfc9293("3.8.6.2.2"))
                    .description("smoltcp's behaviour (test_close_wait_no_window_update, "
                            + "test_time_wait_no_window_update): once the peer's FIN has arrived it will send nothing "
                            + "more, so a window update would tell it nothing.")
                    .faultSensitive("counts the server's pure ACKs in CLOSE_WAIT: a lost or duplicated FIN or data "
                            + "segment is acknowledged again")
                    .given(established().with(server().receiveBuffer(4000)))
                    .when(client().sends(3000), client().closes(), elapse(millis(10)), server().readsEof(),
                            elapse(seconds(1)))
                    .then(wire().carries(pureAck().from(server()).sentIn(CLOSE_WAIT)).times(1))
                    .and(server().receivesAllDataBeforeEof());

    public static final Spec TW_6 =
            spec("TW-6", "TIME_WAIT's second purpose: an old duplicate is not delivered and draws an ACK of SND.NXT and RCV.NXT")
                    .source(SEED, rfc9293("3.10.7.4"))
                    .description("The client half-closes, so its socket stays open in TIME_WAIT; a copy of data the "
                            + "server sent earlier arrives. The client answers with its current ACK and its "
                            + "application never sees the bytes again. (The server, long closed, answers that ACK "
                            + "with a RST at RCV.NXT, which ends the TIME_WAIT early unless RFC 1337 is on: hazard "
                            + "H1 of RFC 1337.)")
                    .given(established())
                    .when(client().shutsDownOutput(), server().readsEof(), server().sends(500), server().closes(),
                            client().readsEof(), server().injects(dataSegment(100).atSeq(-600)),
                            elapse(millis(10)), client().reads(millis(10)))
                    .then(client().receivesAllDataBeforeEof())
                    .and(wire().carries(pureAck().from(client()).inReplyTo(injected()).sentIn(TIME_WAIT)
                            .acking(fin().from(server())).atSndNxt(0)))
                    .and(client().passesThrough(TIME_WAIT, CLOSED));

    public static final Spec TW_7 =
            spec("TW-7", "TIME_WAIT assassination: a RST at RCV.NXT ends TIME_WAIT unless the profile follows RFC 1337")
                    .source(rfc(1337, "3-4"), rfc9293("3.10.7.4"), linux("ip-sysctl tcp_rfc1337"))
                    .description("RFC 1337 fix F1 ignores RST in TIME_WAIT; RFC 9293's text still lets it close the "
                            + "connection; Linux defaults to tcp_rfc1337=0, so a RST kills TIME_WAIT.")
                    .faultSensitive("injects its RST a fixed second after the close: a lost FIN or ACK delays "
                            + "TIME_WAIT's entry past it, or a duplicate draws a RST that ends TIME_WAIT first")
                    .given(established())
                    .when(client().closes(), server().readsEof(), server().closes(), elapse(seconds(1)),
                            server().injects(rstSegment()))
                    .then(where(Profile::rfc1337, "TIME_WAIT ignores RST (RFC 1337)")
                            .expect(client().holds(TIME_WAIT).forAtLeast(timeWait()))
                            .otherwise(client().holds(TIME_WAIT).forAtMost(seconds(2).plusTolerance())))
                    .and(wire().carriesNo(anySegment().from(client()).inReplyTo(injected())));

    public static final Spec TW_7_IN_WINDOW =
            spec("TW-7.in-window", "a RST inside the window but not at RCV.NXT does not end TIME_WAIT")
                    .source(rfc(5961, "3.2"), rfc9293("3.10.7.4"), linux("tcp_minisocks.c tcp_timewait_state_process"))
                    .description("Only a RST at exactly RCV.NXT may assassinate TIME_WAIT (TW-7). One elsewhere in the "
                            + "window draws a challenge ACK under RFC 5961 (the rfc9293 profile), which Linux does "
                            + "not send in TIME_WAIT: it drops such a RST silently. The server's host is gone, so the "
                            + "challenge ACK meets nobody who could answer it with a valid RST.")
                    .faultSensitive("the server's host crashes after its FIN: a lost FIN is never retransmitted, so "
                            + "no TIME_WAIT comes about for the RST to meet")
                    .given(established())
                    .when(client().closes(), server().readsEof(), server().closes(), server().crashes(),
                            elapse(seconds(1)), server().injects(rstSegment().atSeq(100)))
                    .then(client().holds(TIME_WAIT).forAtLeast(timeWait()))
                    .and(where(p -> p.timeWaitRules() == Profile.TimeWaitRules.RFC_9293, "RFC 5961 challenge ACKs in TIME_WAIT")
                            .expect(wire().carries(pureAck().from(client()).inReplyTo(injected())))
                            .otherwise(wire().carriesNo(anySegment().from(client()).inReplyTo(injected()))));

    public static final Spec TW_7_RFC1337 =
            spec("TW-7.rfc1337", "with RFC 1337 on (tcp_rfc1337=1), TIME_WAIT ignores a RST and lasts its full length")
                    .source(rfc(1337, "4 fix F1"), linux("ip-sysctl tcp_rfc1337"))
                    .faultSensitive("injects its RST a fixed second after the close: a lost FIN or ACK delays "
                            + "TIME_WAIT's entry past it")
                    .given(established().with(tcpRfc1337(true)))
                    .when(client().closes(), server().readsEof(), server().closes(), elapse(seconds(1)),
                            server().injects(rstSegment()))
                    .then(client().holds(TIME_WAIT).forAtLeast(timeWait()))
                    .and(wire().carriesNo(anySegment().from(client()).inReplyTo(injected())));

    public static final Spec TW_8 =
            spec("TW-8", "a SYN above RCV.NXT reopens a 4-tuple in TIME_WAIT, and the new ISS lies above the old sequence space")
                    .source(rfc9293("3.6.1 MAY-2, SHLD-4"), rfc(6191), linux("tcp_minisocks.c tcp_timewait_state_process"),
                            MEASURED)
                    .description("The server closes first and holds TIME_WAIT; the client reconnects from the same "
                            + "port. The SYN's sequence number (from the ISN clock) lies above RCV.NXT, so TIME_WAIT "
                            + "gives way at once, and Linux starts the new connection at the old SND.NXT + 65537.")
                    .faultSensitive("reconnects a fixed second after the close: a lost FIN or ACK delays TIME_WAIT's "
                            + "entry, and a duplicate draws a RST that ends it (RFC 1337), so the SYN meets no "
                            + "TIME_WAIT")
                    .given(established())
                    .when(server().closes(), client().readsEof(), client().closes(), elapse(seconds(1)),
                            client().connectsFromSamePort(), server().accepts())
                    .then(client().connect(2).succeeds())
                    .and(client().connect(2).returnsWithin(millis(10).plusTolerance()))
                    .and(server().passesThrough(TIME_WAIT, CLOSED))
                    .and(server().onConnection(1).enters(ESTABLISHED))
                    .and(server().onConnection(1).choosesIssAbove(server()));

    public static final Spec TW_8_OLD_SYN =
            spec("TW-8.old-syn", "an old duplicate SYN, not above RCV.NXT, does not reopen a 4-tuple in TIME_WAIT")
                    .source(rfc(6191, "2"), linux("tcp_minisocks.c tcp_timewait_state_process"))
                    .description("RFC 6191 drops such a SYN silently; Linux answers it with an ACK (which the "
                            + "client's host, having no such connection, answers with a RST).")
                    .faultSensitive("injects its SYN a fixed second after the close: a lost or duplicated FIN or ACK "
                            + "moves TIME_WAIT, or a duplicate draws a RST that ends it")
                    .given(established())
                    .when(server().closes(), client().readsEof(), client().closes(), elapse(seconds(1)),
                            client().injects(synSegment().atSeq(-1000)), elapse(seconds(1)))
                    .then(wire().carriesNo(synAck().from(server()).onAnyConnection().duringSteps()))
                    .and(where(p -> p.timeWaitRules() == Profile.TimeWaitRules.RFC_9293, "RFC 6191 rules")
                            .expect(wire().carriesNo(anySegment().from(server()).inReplyTo(injected())))
                            .otherwise(wire().carries(pureAck().from(server()).inReplyTo(injected()))));

    public static final Spec TW_8_AT_RCV_NXT =
            spec("TW-8.at-rcv-nxt", "a SYN at exactly RCV.NXT is not provably new: it does not reopen a 4-tuple in TIME_WAIT")
                    .source(rfc(6191, "2"), rfc9293("3.6.1 MAY-2"), linux("tcp_minisocks.c tcp_timewait_state_process"))
                    .description("The boundary of TW-8: RFC 6191 and Linux ('after(seq, rcv_nxt)') accept a SYN only "
                            + "above RCV.NXT; one exactly at RCV.NXT (with no newer TSval) is treated as old.")
                    .faultSensitive("injects its SYN a fixed second after the close: a lost or duplicated FIN or ACK "
                            + "moves TIME_WAIT, or a duplicate draws a RST that ends it")
                    .given(established())
                    .when(server().closes(), client().readsEof(), client().closes(), elapse(seconds(1)),
                            client().injects(synSegment().atSeq(0)), elapse(seconds(1)))
                    .then(wire().carriesNo(synAck().from(server()).onAnyConnection().duringSteps()))
                    .and(where(p -> p.timeWaitRules() == Profile.TimeWaitRules.RFC_9293, "RFC 6191 rules")
                            .expect(wire().carriesNo(anySegment().from(server()).inReplyTo(injected())))
                            .otherwise(wire().carries(pureAck().from(server()).inReplyTo(injected()))));

    public static final Spec TW_9 =
            spec("TW-9", "without a reuse policy, connect() cannot take over a TIME_WAIT 4-tuple: EADDRNOTAVAIL")
                    .source(linux("ip-sysctl tcp_tw_reuse"), MEASURED)
                    .description("The ephemeral range is cut to one port, so the client's next connection to the "
                            + "same server needs the 4-tuple its TIME_WAIT holds. With tcp_tw_reuse=0 (and under "
                            + "Linux's default 2, which covers loopback only) connect() fails 'Cannot assign "
                            + "requested address'.")
                    .faultSensitive("needs TIME_WAIT to hold the 4-tuple: a duplicated final ACK draws the closed "
                            + "server's RST, which ends TIME_WAIT early (RFC 1337) and frees it")
                    .given(established().with(ipLocalPortRange(40000, 40000), tcpTwReuse(OFF)))
                    .when(client().closes(), server().readsEof(), server().closes(), elapse(seconds(2)),
                            client().connects())
                    .then(client().connect(2).fails(ADDRESS_NOT_AVAILABLE))
                    .and(client().holds(TIME_WAIT).forAtLeast(timeWait()));

    public static final Spec TW_9_REUSE =
            spec("TW-9.reuse", "under tcp_tw_reuse=1, connect() takes over a TIME_WAIT 4-tuple once it is older than tcp_tw_reuse_delay")
                    .source(linux("ip-sysctl tcp_tw_reuse, tcp_tw_reuse_delay"), linux("tcp_ipv4.c tcp_twsk_unique"))
                    .description("Needs timestamps (PAWS then guards the new incarnation); the new connection starts "
                            + "at the old SND.NXT + 65537.")
                    .faultSensitive("times its connects from the close: a duplicated final ACK draws a RST that ends "
                            + "TIME_WAIT early (RFC 1337), a lost one delays it")
                    .given(established().with(ipLocalPortRange(40000, 40000), tcpTwReuse(ON), tcpTimestamps(true)))
                    .when(client().closes(), server().readsEof(), server().closes(),
                            elapse(millis(500)), client().connects(), elapse(seconds(1)), client().connects())
                    .then(client().connect(2).fails(ADDRESS_NOT_AVAILABLE))
                    .and(client().connect(3).succeeds())
                    .and(client().holds(TIME_WAIT).forAtMost(seconds(2)))
                    .and(client().onConnection(1).choosesIssAbove(client()));

    public static final Spec TW_9_BOUND =
            spec("TW-9.bound", "connect() from a bound port onto a TIME_WAIT 4-tuple succeeds only when timestamps protect it")
                    .source(linux("tcp_ipv4.c tcp_twsk_unique"), MEASURED)
                    .description("Measured on Linux: bind() and connect() to the same 4-tuple during TIME_WAIT "
                            + "succeed while timestamps are on, whatever tcp_tw_reuse says, and fail 'Cannot assign "
                            + "requested address' with tcp_timestamps=0. The rfc9293 profile has no timestamps. "
                            + "Both client sockets set SO_REUSEADDR (a TIME_WAIT keeps its socket's flag): without it "
                            + "on both, bind() already fails 'Address already in use'.")
                    .faultSensitive("needs TIME_WAIT to hold the 4-tuple: a duplicated final ACK draws the closed "
                            + "server's RST, which ends TIME_WAIT early (RFC 1337) and frees it")
                    .given(established().with(client().reuseAddress(true)))
                    .when(client().closes(), server().readsEof(), server().closes(), elapse(seconds(1)),
                            client().connectsFromSamePort())
                    .then(client().enters(TIME_WAIT))
                    .and(where(Profile::timestamps, "timestamps are on")
                            .expect(client().connect(2).succeeds(), client().onConnection(1).choosesIssAbove(client()))
                            .otherwise(client().connect(2).fails(ADDRESS_NOT_AVAILABLE)));

    public static final Spec TW_10 =
            spec("TW-10", "TIME_WAIT pins 4-tuples, not descriptors: a client that closes first runs out of ports to one server")
                    .source(SEED, linux("ip-sysctl ip_local_port_range"), MEASURED)
                    .description("One connection a millisecond to one server address and port, each closed by the "
                            + "client first. The client closes every socket, yet each port stays pinned by TIME_WAIT, "
                            + "so once the whole ephemeral range is used (28,232 ports under linux, 32768-60999; the "
                            + "seed's 32768-61000 is an older default) the next connect() fails 'Cannot assign "
                            + "requested address'. A Linux client runs out at about range / 60 s = 470 connections a "
                            + "second per destination. Linux's connect() takes even ports before odd ones, as "
                            + "measured; that order is a Linux trait, checked only under a profile that claims it "
                            + "(RFC 6056, which rfc9293 follows, recommends random selection). On real time the range "
                            + "must run out before the first TIME_WAITs end: a stack that cannot open connections "
                            + "that fast cannot show the rule (the Linux kernel, on the packet wire, opens the 28,233 "
                            + "in about 50 s, its connect() slowing as the range fills). On real time a stalled process "
                            + "can make a TIME_WAIT re-ACK a late FIN and meet the closed peer's RST, which ends it early "
                            + "where RFC 1337 is off: the port is free again, and the exhaustion is then not judged.")
                    .faultSensitive("counts 28,232 connections to the one: a lost FIN keeps a connection out of "
                            + "TIME_WAIT while the range should be full, and a lost SYN changes which connect() fails")
                    .given(listening())
                    .when(client().opensAndClosesConnections(ephemeralPortCount().plus(1), millis(1), timeWait()))
                    .then(new WhileTimeWaitsPinPorts(client(),
                            client().connect().firstFailureAfter(ephemeralPortCount(), ADDRESS_NOT_AVAILABLE)))
                    .and(new WhileTimeWaitsPinPorts(client(),
                            client().connectionsIn(TIME_WAIT).peakAtLeast(ephemeralPortCount())))
                    .and(client().usesEphemeralPorts())
                    .observingFor(seconds(1));

    public static final Spec TW_10_REUSE =
            spec("TW-10.reuse", "tcp_tw_reuse relieves the exhaustion: connect() recycles TIME_WAITs older than a second, even ports only")
                    .source(linux("ip-sysctl tcp_tw_reuse"), MEASURED)
                    .description("Measured on Linux (loopback, tcp_tw_reuse=2): TIME_WAITs per destination saturate "
                            + "at half the range, because connect() scans even ports first and recycles the oldest "
                            + "TIME_WAIT there before it would need an odd port. Only TIME_WAITs older than "
                            + "tcp_tw_reuse_delay (1 s) may be taken over, so with a connection a millisecond about a "
                            + "thousand are in TIME_WAIT at once. Under a profile with RFC 6056 (random) selection the "
                            + "half-range ceiling, a consequence of the even-first order, is not checked.")
                    .given(listening().with(tcpTwReuse(ON), tcpTimestamps(true)))
                    .when(client().opensAndClosesConnections(ephemeralPortCount().plus(1), millis(1)))
                    .then(client().connect().neverFails())
                    .and(client().connectionsIn(TIME_WAIT).peakAtLeast(count(1000)))
                    .and(client().usesEphemeralPorts())
                    .and(where(p -> p.portSelection() == Profile.PortSelection.EVEN_FIRST, "connect() takes even ports first")
                            .expect(client().connectionsIn(TIME_WAIT).peakAtMost(ephemeralPortCount().half())))
                    .observingFor(seconds(1));

    public static List<Spec> all() {
        return List.of(TW_1, TW_2, TW_3, TW_3_NON_FIN, TW_4, TW_5, TW_6, TW_7, TW_7_IN_WINDOW, TW_7_RFC1337, TW_8,
                TW_8_OLD_SYN, TW_8_AT_RCV_NXT, TW_9, TW_9_REUSE, TW_9_BOUND, TW_10, TW_10_REUSE);
    }
}
