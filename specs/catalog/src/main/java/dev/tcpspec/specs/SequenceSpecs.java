package dev.tcpspec.specs;

import dev.tcpspec.dsl.Spec;

import java.time.Duration;
import java.util.List;

import static dev.tcpspec.dsl.Tcp.*;

/** RULES.md §J: sequence arithmetic, PAWS and initial sequence numbers. */
public final class SequenceSpecs {
    private SequenceSpecs() {
    }

    public static final Spec SQ_1 =
            spec("SQ-1", "sequence numbers compare modulo 2^32: data, FINs and their ACKs cross 2^32-1 -> 0 and the close completes")
                    .source(rfc9293("3.4"))
                    .description("The client's ISS is 2^32 - 64, so its data and FIN cross the wrap; the server's is "
                            + "2^32 - 16, so its 14 bytes end at 2^32 - 2, its FIN takes 2^32 - 1, and the ACK of "
                            + "that FIN is 0.")
                    .faultSensitive("forbids any RST: a late ACK or FIN meeting an end that has already closed draws "
                            + "one")
                    .given(established().with(client().iss(0xFFFF_FFC0), server().iss(0xFFFF_FFF0)))
                    .when(client().sends(100), client().shutsDownOutput(), server().readsEof(), server().sends(14),
                            server().closes(), client().readsEof(), client().closes())
                    .then(server().receivesAllDataBeforeEof())
                    .and(client().receivesAllDataBeforeEof())
                    .and(client().passesThrough(FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT))
                    .and(server().passesThrough(CLOSE_WAIT, LAST_ACK, CLOSED))
                    .and(wire().carries(pureAck().from(client()).acking(fin().from(server()))))
                    .and(wire().carriesNo(rst().onAnyConnection()));

    public static final Spec SQ_3 =
            spec("SQ-3", "PAWS: a segment whose TSval is older than TS.Recent is dropped and acknowledged, not delivered")
                    .source(rfc(7323, "5.3"))
                    .description("Timestamps are turned on (Linux's default, tcp_timestamps=1). A copy of a segment "
                            + "with an old TSval arrives with a sequence number inside the window, as one would "
                            + "after the sequence space wrapped (SQ-2): only PAWS can tell it is old.")
                    .faultSensitive("injects its old segment relative to what the wire showed: a lost ACK or data "
                            + "segment shifts the numbers, and its reads bound delivery")
                    .given(established().with(tcpTimestamps(true)))
                    .when(server().sends(100), client().reads(), elapse(seconds(1)),
                            server().injects(dataSegment(50).tsVal(-1000)), elapse(millis(10)),
                            client().reads(millis(100)), server().sends(20), client().reads())
                    .then(wire().carries(pureAck().from(client()).inReplyTo(injected())))
                    .and(client().read(2).returns(STILL_BLOCKED))
                    .and(client().read(3).returns(DATA_READ));

    public static final Spec SQ_3_IDLE =
            spec("SQ-3.idle", "after 24 days without a segment, TS.Recent is no longer trusted: an old TSval is accepted again")
                    .source(rfc(7323, "5.5"), linux("tcp.h TCP_PAWS_24DAYS"))
                    .description("A 1 kHz timestamp clock wraps its sign in 2^31 ms, about 24.8 days, so after that "
                            + "long a TSval comparison means nothing.")
                    .given(established().with(tcpTimestamps(true)))
                    .when(server().sends(100), client().reads(), elapse(pawsIdleLimit().plus(Duration.ofDays(1))),
                            server().injects(dataSegment(50).tsVal(-1000)), client().reads())
                    .then(client().read(2).returns(DATA_READ));

    public static final Spec SQ_3_TS_RECENT =
            spec("SQ-3.ts-recent", "TS.Recent is updated only by a segment at or before RCV.NXT: an out-of-order TSval does not poison PAWS")
                    .source(rfc(7323, "4.3"))
                    .description("A segment beyond RCV.NXT (out of order, inside the window) arrives with a TSval a "
                            + "second newer than the sender's clock. RFC 7323 records TSval only from a segment with "
                            + "SEG.SEQ <= Last.ACK.sent; had TS.Recent taken it, PAWS would reject the sender's next "
                            + "real segment, whose TSval is older, and the data would never be read.")
                    .faultSensitive("injects its segment relative to what the wire showed and reads with a short "
                            + "wait: a lost data segment is retransmitted after the read")
                    .given(established().with(tcpTimestamps(true)))
                    .when(server().sends(100), client().reads(),
                            server().injects(dataSegment(10).atSeq(500).tsVal(1000)), elapse(millis(10)),
                            server().sends(20), client().reads(millis(100)))
                    .then(wire().carries(pureAck().from(client()).inReplyTo(injected())))
                    .and(client().read(2).returns(DATA_READ));

    public static final Spec IS_1 =
            spec("IS-1", "ISNs follow a clock plus a keyed hash of the 4-tuple: rising at the clock's rate for one 4-tuple, unrelated across 4-tuples")
                    .source(rfc9293("3.4.1 MUST-8, MUST-9, SHLD-1"), rfc(6528), linux("secure_seq.c"), MEASURED)
                    .description("RFC 9293's clock ticks every 4 µs; RFCs quote its cycle as 4.55 hours (the seed's "
                            + "figure), but 2^32 × 4 µs is about 4.77 hours. Linux ticks every 64 ns, so its ISN clock "
                            + "wraps in about 275 s (measured: ΔISN ≈ Δt / 64 ns). The SYNs are about 1 s apart: short "
                            + "enough that an adapter on real time waits it out instead of skipping it.")
                    .faultSensitive("reconnects from the same port a fixed second after the close: a lost FIN or ACK "
                            + "delays TIME_WAIT, so the SYN meets it or another incarnation's clock")
                    .given(established())
                    .when(server().closes(), client().readsEof(), client().closes(), elapse(seconds(1)),
                            client().connectsFromSamePort(), client().connects())
                    .then(client().onConnection(1).issAdvancedByTheClockSince(client()))
                    .and(client().onConnection(2).issUnrelatedTo(client()));

    public static final Spec IS_1_LATER =
            spec("IS-1.later", "the ISN clock keeps counting past 2^31 ns: SYNs seconds apart still differ by the clock's ticks")
                    .source(rfc9293("3.4.1 MUST-8"), rfc(6528))
                    .description("IS-1 with the SYNs about 3 s apart, past 2^31 ns (2.147 s) of the clock: a clock kept "
                            + "in a 32-bit count of nanoseconds would jump back there. The client reconnects as soon "
                            + "as its port is free (a lost ACK may keep the old connection in LAST_ACK a while). The "
                            + "wait is three steps of a second, short enough that an adapter on real time waits each "
                            + "out instead of skipping it (the kernel's ISN clock counts real time).")
                    .given(established())
                    .when(server().closes(), client().readsEof(), client().closes(), elapse(seconds(1)),
                            elapse(seconds(1)), elapse(seconds(1)), client().connectsFromSamePortWhenFree())
                    .then(client().onConnection(1).issAdvancedByTheClockSince(client()));

    public static final Spec IS_2 =
            spec("IS-2", "a host that lost its sequence-number memory keeps quiet for one MSL before assigning sequence numbers")
                    .strength(dev.tcpspec.dsl.Strength.MAY)
                    .source(rfc9293("3.4.3"))
                    .description("RFC 9293's quiet time: after a crash, no segment carrying a new sequence number for "
                            + "one MSL. The RFC lets implementers ignore it and no stack in use keeps it (Linux relies "
                            + "on the ISN clock, IS-1), so the built-in profiles have none; this spec gives the run "
                            + "one and checks that the rebooted client's SYN waits for it.")
                    .given(established().with(quietTimeAfterCrash()))
                    .when(client().crashes(), client().reboots(), client().connectsWithoutWaiting(),
                            client().onConnection(1).finishesConnect(minutes(5)))
                    .then(wire().carries(syn().from(client().onConnection(1))).firstNotBefore(quietTime()))
                    .and(client().onConnection(1).enters(ESTABLISHED));

    public static List<Spec> all() {
        return List.of(SQ_1, SQ_3, SQ_3_IDLE, SQ_3_TS_RECENT, IS_1, IS_1_LATER, IS_2);
    }
}
