package dev.tcpspec.specs.properties;

import dev.tcpspec.dsl.Source;
import dev.tcpspec.dsl.FaultSpace;
import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.SpecSuite;

import java.util.List;

import static dev.tcpspec.dsl.Tcp.*;

/**
 * The connection lifecycle's properties: specs whose expectations must hold whatever the wire does, explored by the
 * property engine under loss, duplication, delay (up to MSL) and reordering. Unlike a catalog spec, which pins one
 * trace ("the FIN is retransmitted once"), a property says what no fault schedule may break ("both ends end
 * CLOSED"). Each is killed by a planted deviation of the reference stack (see {@code PropertySensitivityTest}).
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> underFaults() {
 *     return ExplorationTests.of(Explore.specs(LifecycleProperties.all()).against(Stacks.simulated()).tries(2_000));
 * }
 * }</pre>
 */
public final class LifecycleProperties {
    private LifecycleProperties() {
    }

    /** The ends' ISSs in PR-8, the same in both incarnations. */
    static final int CLIENT_ISS = 1_000_000;
    static final int SERVER_ISS = 5_000_000;
    /** What the client writes on the first incarnation in PR-8: 512 bytes, one segment. */
    static final String OLD_DATA = "first incarnation, first segment. ".repeat(16).substring(0, 512);
    /** What it writes on the second. */
    static final String NEW_DATA = "second incarnation\n";

    public static final Spec PR_1 =
            spec("PR-1", "an orderly close always ends with both ends CLOSED, after TIME_WAIT on the active closer")
                    .source(SEED, rfc9293("3.6, 3.10.7.4"), rules("OC-7, TW-2, TW-3, TW-4"))
                    .description("One data segment, then the client closes first. Whatever the wire loses, "
                            + "duplicates, delays or reorders, the client passes through TIME_WAIT and holds it for "
                            + "the TIME_WAIT length after the last FIN it received there (each retransmitted FIN "
                            + "restarts the timer), the server leaves LAST_ACK, and both end CLOSED. A RST may end "
                            + "TIME_WAIT early: a duplicated final ACK reaches the closed server, whose reset "
                            + "assassinates TIME_WAIT (RFC 1337); that is reported, not failed.")
                    .given(established())
                    .when(client().sends(100), client().closes(), server().readsEof(), server().closes())
                    .then(client().passesThrough(TIME_WAIT, CLOSED))
                    .and(new TimeWaitHeldInFull(client()))
                    .and(client().endsIn(CLOSED))
                    .and(server().passesThrough(LAST_ACK, CLOSED))
                    .and(server().endsIn(CLOSED));

    public static final Spec PR_2 =
            spec("PR-2", "exactly the active closer passes through TIME_WAIT")
                    .source(SEED, rfc9293("3.6, Figure 12"), rules("TW-1"))
                    .given(established())
                    .when(client().sends(100), client().closes(), server().readsEof(), server().closes())
                    .then(client().enters(TIME_WAIT))
                    .and(server().neverEnters(TIME_WAIT));

    public static final Spec PR_3 =
            spec("PR-3", "on a simultaneous close both ends pass through TIME_WAIT")
                    .source(rfc9293("3.6, Figure 13"), rules("SC-1, SC-3"))
                    .description("Both applications close at the same instant, so each FIN leaves before the other "
                            + "arrives: both ends are active closers, whatever happens to the FINs and ACKs after.")
                    .given(established())
                    .when(client().closes(), server().closes())
                    .then(client().enters(TIME_WAIT))
                    .and(server().enters(TIME_WAIT))
                    .and(client().endsIn(CLOSED))
                    .and(server().endsIn(CLOSED));

    public static final Spec PR_4 =
            spec("PR-4", "every byte sent before a FIN is delivered exactly once, in order, before EOF")
                    .source(rfc9293("3.9, 3.10.7.4"), rules("OC-1, OC-5, HC-1"))
                    .description("A request of three segments, a half-close, a response of three segments, a close: "
                            + "in both directions the reader gets every byte written, once and in order, then EOF, "
                            + "and every write succeeds.")
                    .given(established())
                    .when(client().sends(3000), client().shutsDownOutput(), server().readsEof(),
                            server().sends(4000), server().closes(), client().readsEof(), client().closes())
                    .then(server().receivesAllDataBeforeEof())
                    .and(client().receivesAllDataBeforeEof())
                    .and(client().write().succeeds())
                    .and(server().write().succeeds());

    public static final Spec PR_5 =
            spec("PR-5", "close() with SO_LINGER <1,0> never leaves TIME_WAIT behind")
                    .source(SEED, rfc9293("3.10.5"), rules("LG-2"))
                    .description("The client aborts with a RST; whether or not the RST arrives, neither end ever "
                            + "enters TIME_WAIT and the client sends no FIN.")
                    .given(established().with(client().soLinger(true, 0)))
                    .when(client().sends(100), client().closes(), server().reads(), server().closes())
                    .then(client().neverEnters(TIME_WAIT))
                    .and(server().neverEnters(TIME_WAIT))
                    .and(wire().carries(rst().from(client())))
                    .and(wire().carriesNo(fin().from(client())));

    public static final Spec PR_6 =
            spec("PR-6", "a retransmitted FIN in TIME_WAIT is always re-ACKed")
                    .source(rfc9293("3.10.7.4"), rules("TW-3, TW-4"))
                    .description("Any FIN that reaches the active closer in TIME_WAIT (a retransmission after a lost "
                            + "final ACK, a duplicate, a late copy) is acknowledged again, so the passive closer can "
                            + "leave LAST_ACK cleanly.")
                    .given(established())
                    .when(client().sends(100), client().closes(), server().readsEof(), server().closes())
                    .then(new ReAcksFinInTimeWait(client()))
                    .and(server().endsIn(CLOSED));

    public static final Spec PR_7 =
            spec("PR-7", "no endpoint answers a RST with a RST")
                    .source(rfc9293("3.10.7"), rules("RS-6"))
                    .description("The client aborts (SO_LINGER <1,0>) while data flows both ways; resets meet open "
                            + "connections, closed ones and listening ports, and none draws a reset in reply.")
                    .given(established().with(client().soLinger(true, 0)))
                    .when(client().sends(100), server().sends(100), client().closes(), server().sends(100),
                            server().reads(), server().closes())
                    .then(new NoRstAnswersRst())
                    .and(wire().carries(rst().from(client())));

    public static final Spec PR_8 =
            spec("PR-8", "with TIME_WAIT honoured, no old duplicate reaches a new incarnation of the 4-tuple")
                    .source(SEED, rfc9293("3.4.1, 3.6.1"), rules("TW-6, TW-8"))
                    .description("TIME_WAIT's second purpose. The client writes 512 bytes, both close, and the client "
                            + "reconnects from the same port as soon as the stack lets it. Both ends pin their ISS, so "
                            + "the ISN clock cannot tell the incarnations apart (RFC 9293 §3.4.1): only TIME_WAIT "
                            + "can. Delays stay within "
                            + "MSL, the network's promise, and SYNs and RSTs are left alone (see faultsFor). Honouring TIME_WAIT (2×MSL), no byte of the first "
                            + "incarnation is ever read on the second; without it, a late copy of the first data "
                            + "segment lands in the new connection's window. Timestamps (the linux profile) also "
                            + "protect: PAWS rejects the old segment.")
                    .given(established().with(client().iss(CLIENT_ISS), server().iss(SERVER_ISS)))
                    .when(client().sends(OLD_DATA), client().closes(), server().readsEof(), server().closes(),
                            client().connectsFromSamePortWhenFree(), server().accepts(),
                            client().onConnection(1).sends(NEW_DATA), elapse(seconds(30)),
                            client().onConnection(1).closes(), server().onConnection(1).readsEof(),
                            server().onConnection(1).closes())
                    .then(new NoOldDuplicateDelivered(server().onConnection(1), client()));

    public static final Spec PR_9 =
            spec("PR-9", "closing with unread data resets, and the peer never sees a clean EOF")
                    .source(rfc(2525, "2.17"), rfc9293("3.6.1 SHLD-3"), rules("UD-1"))
                    .description("The client sends 10 bytes the server never reads; the server closes. If the data "
                            + "had reached the server, the close must signal its loss with a RST (never a FIN) and "
                            + "the client must not read EOF. If a fault delays the data past the close, there is "
                            + "nothing unread and the property holds trivially.")
                    .given(established())
                    .when(client().sends(10), elapse(millis(50)), server().closes(), client().reads())
                    .then(new UnreadDataResets(server()));

    public static final Spec PR_10 =
            spec("PR-10", "TIME_WAIT is restarted only by what the profile lets restart it: it never lasts longer than its length after the last such segment")
                    .source(rfc9293("3.10.7.4"), linux("tcp_minisocks.c tcp_timewait_state_process"),
                            rules("TW-2, TW-3"))
                    .description("The server closes first and holds TIME_WAIT. Whatever the wire delays into it (a "
                            + "late copy of the client's data or ACK, an old SYN held up to MSL), TIME_WAIT may restart "
                            + "only for a retransmitted FIN under RFC 9293, and for a segment with an ACK under Linux; "
                            + "never for an ACK-less SYN. So it never outlasts the TIME_WAIT length counted from the "
                            + "last segment allowed to restart it. (How long at least is PR-1's part.)")
                    .given(established())
                    .when(client().sends(100), server().reads(), server().sends(100), server().closes(),
                            client().readsEof(), client().closes())
                    .then(where(p -> p.timeWaitRules() == dev.tcpspec.dsl.Profile.TimeWaitRules.RFC_9293,
                            "only a retransmitted FIN restarts TIME_WAIT (RFC 9293)")
                            .expect(server().holds(TIME_WAIT).countingFromLastArrivalOf(fin().from(client()))
                                    .forAtMost(timeWait()))
                            .otherwise(server().holds(TIME_WAIT)
                                    .countingFromLastArrivalOf(anySegment().from(client()).withAck().notRst())
                                    .forAtMost(timeWait())));

    /**
     * The faults a property is explored under unless told otherwise: {@link FaultSpace#defaults()} (up to 3 faults of
     * every type on any segment, delays up to MSL), except for PR-8, which is about old duplicate data and FINs and
     * their ACKs: it leaves SYN, SYN,ACK and RST alone. With both ISSs pinned, an old duplicate SYN is the new SYN bit
     * for bit, and the half-open connection it makes is a hazard of pinned ISNs that no TIME_WAIT prevents (the ISN
     * clock of RFC 9293 §3.4.1 exists for it); an old RST that resets the new incarnation ends the scenario before
     * anything is read, so the run could only be an ERROR, not a judgement.
     */
    public static FaultSpace faultsFor(Spec property) {
        FaultSpace all = FaultSpace.defaults();
        if (property.id().equals(PR_8.id())) {
            return all.targeting(SegmentKind.DATA, SegmentKind.FIN, SegmentKind.ACK, SegmentKind.ACK_OF_FIN);
        }
        return all;
    }

    /** Every property, in order. */
    public static List<Spec> all() {
        return List.of(PR_1, PR_2, PR_3, PR_4, PR_5, PR_6, PR_7, PR_8, PR_9, PR_10);
    }

    /** The properties as a suite, selectable by id or glob. */
    public static SpecSuite suite() {
        return SpecSuite.of(all());
    }

    private static Source rules(String ids) {
        return new Source("RULES.md " + ids);
    }

}
