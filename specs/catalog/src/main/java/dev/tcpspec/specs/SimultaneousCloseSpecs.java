package dev.tcpspec.specs;

import dev.tcpspec.dsl.SetupStep;
import dev.tcpspec.dsl.Spec;

import java.time.Duration;
import java.util.List;

import static dev.tcpspec.dsl.Tcp.*;

/** RULES.md §C: simultaneous close. */
public final class SimultaneousCloseSpecs {
    private SimultaneousCloseSpecs() {
    }

    /**
     * Each end's first FIN, and its first ACK of the other's FIN, spend 50 ms on the wire, so FINs sent within 50 ms of
     * each other cross: each reaches its peer before the peer learns that its own FIN arrived. (On virtual time both
     * close at one instant; on real time, through the packet wire, the second close() follows the first by a fraction
     * of a millisecond, and an ACK sent at once would overtake the other FIN.)
     */
    private static final SetupStep CLIENT_FIN_LATE = wire().delays(first(FIN).from(client()), Duration.ofMillis(50));
    private static final SetupStep SERVER_FIN_LATE = wire().delays(first(FIN).from(server()), Duration.ofMillis(50));
    private static final SetupStep CLIENT_ACK_LATE =
            wire().delays(first(ACK_OF_FIN).from(client()), Duration.ofMillis(50));
    private static final SetupStep SERVER_ACK_LATE =
            wire().delays(first(ACK_OF_FIN).from(server()), Duration.ofMillis(50));

    public static final Spec SC_1 =
            spec("SC-1", "simultaneous close: a FIN in FIN_WAIT_1 that does not ACK ours leads to CLOSING, the ACK of ours to TIME_WAIT")
                    .source(rfc9293("3.6 case 3, Figure 13"))
                    .description("Both applications close at once and each FIN, and each ACK of a FIN, spends 50 ms "
                            + "on the wire, so the FINs cross. (On loopback a FIN arrives within microseconds, before "
                            + "a second close() could begin: a real kernel needs a wire that delays, such as the "
                            + "packet wire, or netem.)")
                    .given(established().with(CLIENT_FIN_LATE, SERVER_FIN_LATE, CLIENT_ACK_LATE, SERVER_ACK_LATE))
                    .when(client().closes(), server().closes())
                    .then(client().passesThrough(FIN_WAIT_1, CLOSING, TIME_WAIT))
                    .and(server().passesThrough(FIN_WAIT_1, CLOSING, TIME_WAIT))
                    .and(wire().carries(pureAck().from(client()).acking(fin().from(server())).sentIn(CLOSING)));

    public static final Spec SC_2 =
            spec("SC-2", "a FIN that also acknowledges ours, arriving in FIN_WAIT_1, leads straight to TIME_WAIT")
                    .source(rfc9293("3.10.7.4"))
                    .description("The server's separate ACK of the client's FIN is lost; its FIN, which also "
                            + "acknowledges the client's, arrives while the client is still in FIN_WAIT_1. RFC 9293 "
                            + "processes the segment's ACK (step 5: FIN_WAIT_2) before its FIN (step 8: TIME_WAIT), "
                            + "and Linux does the same, so a stack may pass FIN_WAIT_2 on the way, as the kernel's "
                            + "state tracepoint shows; the reference stack goes straight. Either way it waits in "
                            + "FIN_WAIT_2 for no further segment.")
                    .faultSensitive("needs the server's ACK of the client's FIN to be the only segment lost: other "
                            + "losses change which segment carries the ACK of which FIN")
                    .given(established().with(wire().drops(first(ACK_OF_FIN).from(server()))))
                    .when(client().closes(), server().readsEof(), server().closes())
                    .then(client().passesThrough(FIN_WAIT_1, TIME_WAIT))
                    .and(client().neverWaitsIn(FIN_WAIT_2))
                    .and(client().neverEnters(CLOSING))
                    .and(wire().carries(fin().from(server()).acking(fin().from(client()))));

    public static final Spec SC_3 =
            spec("SC-3", "after a simultaneous close both ends hold TIME_WAIT, and CLOSING sends nothing beyond its ACK")
                    .source(rfc9293("Figure 13"))
                    .description("The close of SC-1: both at once, each FIN and each ACK of a FIN 50 ms on the "
                            + "wire.")
                    .faultSensitive("counts the segments each end sends in CLOSING: a lost ACK of a FIN makes the "
                            + "FIN come again and be ACKed again")
                    .given(established().with(CLIENT_FIN_LATE, SERVER_FIN_LATE, CLIENT_ACK_LATE, SERVER_ACK_LATE))
                    .when(client().closes(), server().closes())
                    .then(client().holds(TIME_WAIT).forAtLeast(timeWait()))
                    .and(server().holds(TIME_WAIT).forAtLeast(timeWait()))
                    .and(wire().carries(anySegment().from(client()).sentIn(CLOSING)).times(1))
                    .and(wire().carries(anySegment().from(server()).sentIn(CLOSING)).times(1));

    public static List<Spec> all() {
        return List.of(SC_1, SC_2, SC_3);
    }
}
