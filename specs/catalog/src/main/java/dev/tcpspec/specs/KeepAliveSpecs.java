package dev.tcpspec.specs;

import dev.tcpspec.dsl.Spec;

import java.time.Duration;
import java.util.List;

import static dev.tcpspec.dsl.Tcp.*;

/** RULES.md §I: keepalive. */
public final class KeepAliveSpecs {
    private KeepAliveSpecs() {
    }

    public static final Spec KA_1 =
            spec("KA-1", "keepalive is off by default: an idle connection sends nothing, however long")
                    .source(rfc9293("3.8.4 MAY-5"), rfc(1122, "4.2.3.6"))
                    .faultSensitive("requires a silent wire during the steps: a handshake segment lost or delayed "
                            + "into them is retransmitted or answered")
                    .given(established())
                    .when(elapse(hours(5)))
                    .then(wire().carriesNo(anySegment().onAnyConnection().duringSteps()))
                    .and(client().endsIn(ESTABLISHED))
                    .and(server().endsIn(ESTABLISHED));

    public static final Spec KA_2 =
            spec("KA-2", "keepalive probes start only after the idle time with nothing received; a received segment starts it over")
                    .source(rfc9293("3.8.4 MUST-26, MUST-27"), rfc(1122, "4.2.3.6"), linux("tcp_timer.c tcp_keepalive_timer"))
                    .description("Data arrives one probe interval before the idle time would end; the first "
                            + "probe must wait a full idle time from then. Every wait is in the profile's keepalive "
                            + "times (and shorter than a second idle time), so the spec holds on a kernel whose "
                            + "timers are shortened as well as on the defaults.")
                    .faultSensitive("times the probes from the last segment received: a late or duplicated segment, "
                            + "or a lost ACK, moves the idle timer")
                    .given(established().with(client().keepAlive()))
                    .when(elapse(keepAliveIdle().minus(keepAliveInterval())), server().sends(10), client().reads(),
                            elapse(keepAliveIdle()), elapse(keepAliveInterval()))
                    .then(client().sendsKeepAliveProbes(keepAliveIdle(), keepAliveInterval()))
                    .and(wire().carries(keepAliveProbe().from(client())).times(1))
                    // the probe after an answered one comes a whole idle time later: observe less than that
                    .observingFor(keepAliveInterval());

    public static final Spec KA_2_HALF_CLOSED =
            spec("KA-2.half-closed", "keepalive goes on after a half-close: an idle FIN_WAIT_2 is probed, and the peer answers")
                    .source(rfc(1122, "4.2.3.6"), linux("tcp_timer.c tcp_keepalive_timer"))
                    .description("The client half-closes and the server does not close: the connection is still "
                            + "open in one direction, so keepalive must keep checking it (Linux probes in every "
                            + "state but CLOSE and SYN_SENT). The probe carries SEG.SEQ = SND.NXT - 1, which after "
                            + "the FIN is the FIN's own sequence number.")
                    .faultSensitive("counts the probes of one idle time from the half-close: a lost FIN or ACK is "
                            + "retransmitted and moves the idle timer")
                    .given(established().with(client().keepAlive()))
                    .when(client().shutsDownOutput(), server().readsEof(), elapse(keepAliveIdle().plus(Duration.ofSeconds(1))))
                    .then(wire().carries(keepAliveProbe().from(client()).sentIn(FIN_WAIT_2)).times(1))
                    .and(wire().carries(pureAck().from(server()).inReplyTo(keepAliveProbe().from(client()))))
                    .and(client().endsIn(FIN_WAIT_2))
                    // the probe after an answered one comes a whole idle time later: observe less than that
                    .observingFor(keepAliveInterval());

    public static final Spec KA_3 =
            spec("KA-3", "a keepalive probe carries SEG.SEQ = SND.NXT - 1 and no data, and the peer answers it with an ACK")
                    .source(rfc9293("3.8.4 SHLD-12"), rfc(1122, "4.2.3.6"))
                    .faultSensitive("counts the probes of one idle time: a late or retransmitted segment moves the "
                            + "idle timer")
                    .given(established().with(client().keepAlive()))
                    .when(elapse(keepAliveIdle().plus(Duration.ofSeconds(1))))
                    .then(wire().carries(keepAliveProbe().from(client())).times(1))
                    .and(wire().carries(pureAck().from(server()).inReplyTo(keepAliveProbe().from(client()))))
                    .and(client().endsIn(ESTABLISHED))
                    // the probe after an answered one comes a whole idle time later: observe less than that
                    .observingFor(keepAliveInterval());

    public static final Spec KA_4 =
            spec("KA-4", "after the profile's count of unanswered probes, an interval apart, the connection aborts with a timeout")
                    .source(rfc9293("3.8.4"), rfc(1122, "4.2.3.6"), linux("ip-sysctl tcp_keepalive_probes"), MEASURED)
                    .description("The server's host is gone. Linux (measured): probes at 1, 2 and 3 s with "
                            + "KEEPIDLE/KEEPINTVL/KEEPCNT 1/1/3, read() throws 'Connection timed out' a further "
                            + "interval later and a RST goes out; with the defaults 7200 s + 9 × 75 s = 7875 s.")
                    .faultSensitive("times the probes from the last segment received: a lost or late segment moves "
                            + "the idle timer")
                    .given(established().with(client().keepAlive()))
                    .when(server().crashes(), client().reads(hours(4)))
                    .then(client().read().fails(CONNECTION_TIMED_OUT))
                    .and(wire().carries(keepAliveProbe().from(client())).times(keepAliveProbes()))
                    .and(client().sendsKeepAliveProbes(keepAliveIdle(), keepAliveInterval()))
                    .and(wire().carries(rst().from(client())));

    public static final Spec KA_4_ONE_LOST =
            spec("KA-4.one-lost", "one lost probe is not death: when the next probe is answered, the connection lives on")
                    .source(rfc9293("3.8.4 MUST-29"))
                    .faultSensitive("counts probes under one planned loss: another loss, or a late segment moving "
                            + "the idle timer, changes the count")
                    .given(established().with(client().keepAlive(), wire().drops(first(ACK).from(server()))))
                    .when(elapse(keepAliveIdle().plus(keepAliveInterval().times(2))))
                    .then(wire().carries(keepAliveProbe().from(client())).times(2))
                    .and(client().sendsKeepAliveProbes(keepAliveIdle(), keepAliveInterval()))
                    .and(client().endsIn(ESTABLISHED))
                    // the probe after the answered second comes a whole idle time later: observe less than that
                    .observingFor(keepAliveInterval());

    public static final Spec KA_5 =
            spec("KA-5", "a peer that lost its state answers a keepalive probe with RST, and the prober sees a reset")
                    .source(SEED, rfc9293("3.10.7.1"))
                    .faultSensitive("needs the probe to reach the rebooted server: a late segment arriving first "
                            + "draws the RST, and a lost probe or RST is answered later")
                    .given(established().with(client().keepAlive()))
                    .when(server().crashes(), server().reboots(), client().reads(hours(3)))
                    .then(client().read().fails(CONNECTION_RESET))
                    .and(wire().carries(rst().from(server()).inReplyTo(keepAliveProbe().from(client()))));

    public static List<Spec> all() {
        return List.of(KA_1, KA_2, KA_2_HALF_CLOSED, KA_3, KA_4, KA_4_ONE_LOST, KA_5);
    }
}
