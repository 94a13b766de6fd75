package dev.tcpspec.dsl;

import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpState;

import java.time.Duration;

/**
 * The entry point of the spec language: import its members statically and write rules as sentences.
 *
 * <pre>{@code
 * import static dev.tcpspec.dsl.Tcp.*;
 *
 * Spec activeCloserHoldsTimeWait =
 *     spec("TW-2", "the active closer holds TIME_WAIT for 2MSL, then forgets the connection")
 *         .source(SEED, rfc(9293, "3.6.1"))
 *         .given(established())
 *         .when(client().closes(), server().readsEof(), server().closes())
 *         .then(client().holds(TIME_WAIT).forAtLeast(twoMsl()))
 *         .and(client().reaches(CLOSED).within(twoMsl().plusTolerance()))
 *         .and(server().neverEnters(TIME_WAIT));
 * }</pre>
 *
 * <p>The states and the most common application outcomes are repeated here as constants so that one static import
 * is enough.
 */
public final class Tcp {
    private Tcp() {
    }

    // ---- specs ---------------------------------------------------------------------------------------------------

    /** A new spec with a stable id (from RULES.md) and a one-sentence title. */
    public static SpecStart spec(String id, String title) {
        return SpecDraft.start(id, title);
    }

    // ---- setups --------------------------------------------------------------------------------------------------

    /** The server listens, the client connects, the server accepts: both ends ESTABLISHED. */
    public static Setup established() {
        return Setup.of(Setup.Kind.ESTABLISHED);
    }

    /** The server listens; nobody has connected yet. */
    public static Setup listening() {
        return Setup.of(Setup.Kind.LISTENING);
    }

    // ---- endpoints, wire, time -----------------------------------------------------------------------------------

    /** The end that connects (the main connection's). */
    public static Endpoint client() {
        return new Endpoint(Side.CLIENT, 0);
    }

    /** The end that listens and accepts (the main connection's). */
    public static Endpoint server() {
        return new Endpoint(Side.SERVER, 0);
    }

    /** The network between them. */
    public static Wire wire() {
        return Wire.INSTANCE;
    }

    /** A step in which time passes and nobody calls anything. */
    public static Action elapse(ProfileDuration d) {
        return new Action.Elapse(d);
    }

    /** A step in which a fixed time passes. */
    public static Action elapse(Duration d) {
        return new Action.Elapse(ProfileDuration.fixed(d));
    }

    // ---- durations in profile terms ------------------------------------------------------------------------------

    /** The maximum segment lifetime. */
    public static ProfileDuration msl() {
        return ProfileDuration.of("MSL", Profile::msl);
    }

    /** 2 x MSL, the TIME_WAIT length of RFC 9293. */
    public static ProfileDuration twoMsl() {
        return ProfileDuration.of("2×MSL", Profile::twoMsl);
    }

    /** The TIME_WAIT length the profile claims (2 x MSL per RFC 9293; 60 s on Linux). */
    public static ProfileDuration timeWait() {
        return ProfileDuration.of("the TIME_WAIT length", Profile::timeWait);
    }

    /** The orphaned FIN_WAIT_2 timeout (Linux tcp_fin_timeout); undefined in profiles without one. */
    public static ProfileDuration finTimeout() {
        return ProfileDuration.of("the FIN_WAIT_2 timeout", Profile::finWait2Timeout);
    }

    /** The initial retransmission timeout. */
    public static ProfileDuration initialRto() {
        return ProfileDuration.of("the initial RTO", Profile::rtoInitial);
    }

    /** The minimum retransmission timeout. */
    public static ProfileDuration rtoMin() {
        return ProfileDuration.of("the minimum RTO", Profile::rtoMin);
    }

    /** The time between unanswered keepalive probes. */
    public static ProfileDuration keepAliveInterval() {
        return ProfileDuration.of("the keepalive interval", Profile::keepAliveInterval);
    }

    /** How long a rebooted host keeps quiet (RFC 9293 §3.4.3); undefined in profiles without a quiet time. */
    public static ProfileDuration quietTime() {
        return ProfileDuration.of("the quiet time", Profile::quietTime);
    }

    /** How long TS.Recent stays valid without a segment (RFC 7323 §5.5: 24 days). */
    public static ProfileDuration pawsIdleLimit() {
        return ProfileDuration.of("the PAWS idle limit", Profile::pawsIdleLimit);
    }

    /** The age a TIME_WAIT must reach before tcp_tw_reuse lets connect() take it over. */
    public static ProfileDuration timeWaitReuseDelay() {
        return ProfileDuration.of("the TIME_WAIT reuse delay", Profile::timeWaitReuseDelay);
    }

    /** The least time between two challenge ACKs of one connection (RFC 5961 §7; Linux tcp_invalid_ratelimit). */
    public static ProfileDuration challengeAckInterval() {
        return ProfileDuration.of("the challenge ACK interval", Profile::challengeAckInterval);
    }

    /** The keepalive idle time. */
    public static ProfileDuration keepAliveIdle() {
        return ProfileDuration.of("the keepalive idle time", Profile::keepAliveIdle);
    }

    /** A fixed duration of {@code n} milliseconds. */
    public static ProfileDuration millis(long n) {
        return ProfileDuration.fixed(Duration.ofMillis(n));
    }

    /** A fixed duration of {@code n} seconds. */
    public static ProfileDuration seconds(long n) {
        return ProfileDuration.fixed(Duration.ofSeconds(n));
    }

    /** A fixed duration of {@code n} minutes. */
    public static ProfileDuration minutes(long n) {
        return ProfileDuration.fixed(Duration.ofMinutes(n));
    }

    /** A fixed duration of {@code n} hours. */
    public static ProfileDuration hours(long n) {
        return ProfileDuration.fixed(Duration.ofHours(n));
    }

    /** A fixed duration of {@code n} days. */
    public static ProfileDuration days(long n) {
        return ProfileDuration.fixed(Duration.ofDays(n));
    }

    // ---- counts in profile terms ---------------------------------------------------------------------------------

    /** Ports in the ephemeral range (Linux 32768-60999: 28,232; IANA 49152-65535: 16,384). */
    public static ProfileCount ephemeralPortCount() {
        return ProfileCount.of("the ephemeral port count", Profile::ephemeralPortCount);
    }

    /** Unanswered keepalive probes before the connection is declared dead. */
    public static ProfileCount keepAliveProbes() {
        return ProfileCount.of("the keepalive probe count", Profile::keepAliveProbes);
    }

    /** Retransmissions of data or FIN before a connection times out (R2). */
    public static ProfileCount maxRetransmissions() {
        return ProfileCount.of("the retransmission limit", Profile::maxRetransmissions);
    }

    /** Retransmissions of a SYN before connect() gives up with a timeout (Linux tcp_syn_retries). */
    public static ProfileCount synRetries() {
        return ProfileCount.of("the SYN retransmission limit", Profile::synRetries);
    }

    /** SYN retransmissions at the initial RTO, before the exponential ones (Linux tcp_syn_linear_timeouts; 0 in RFC 9293). */
    public static ProfileCount synLinearTimeouts() {
        return ProfileCount.of("the linear SYN timeouts", Profile::synLinearTimeouts);
    }

    /** Retransmissions allowed to an orphaned connection (Linux tcp_orphan_retries). */
    public static ProfileCount orphanRetries() {
        return ProfileCount.of("the orphan retransmission limit", Profile::orphanRetries);
    }

    /** A fixed count. */
    public static ProfileCount count(int n) {
        return ProfileCount.fixed(n);
    }

    // ---- policy knobs of the stack, set for one run (PROFILE_CONTROL) ---------------------------------------------

    /** tcp_timestamps: whether the stack offers the timestamps option (RFC 7323), so PAWS protects it. */
    public static SetupStep tcpTimestamps(boolean on) {
        return new SetupStep.ProfileKnob("tcp_timestamps=" + (on ? 1 : 0), b -> b.timestamps(on));
    }

    /** tcp_rfc1337: whether TIME_WAIT ignores RST (RFC 1337 fix F1). */
    public static SetupStep tcpRfc1337(boolean on) {
        return new SetupStep.ProfileKnob("tcp_rfc1337=" + (on ? 1 : 0), b -> b.rfc1337(on));
    }

    /** tcp_tw_reuse: when connect() may take over a 4-tuple in TIME_WAIT. */
    public static SetupStep tcpTwReuse(Profile.TimeWaitReuse policy) {
        int value = switch (policy) {
            case OFF -> 0;
            case ON -> 1;
            case LOOPBACK_ONLY -> 2;
        };
        return new SetupStep.ProfileKnob("tcp_tw_reuse=" + value, b -> b.timeWaitReuse(policy));
    }

    /** RFC 9293 §3.4.3: after a crash the host keeps quiet for one MSL before assigning sequence numbers. */
    public static SetupStep quietTimeAfterCrash() {
        return new SetupStep.ProfileKnob("a quiet time of one MSL after a crash (RFC 9293 §3.4.3)",
                Profile.Builder::quietTimeOfOneMsl);
    }

    /** ip_local_port_range: the ephemeral ports connect() picks from, both ends inclusive. */
    public static SetupStep ipLocalPortRange(int low, int high) {
        return new SetupStep.ProfileKnob("ip_local_port_range=" + low + " " + high, b -> b.ephemeralRange(low, high));
    }

    // ---- profile-dependent expectations --------------------------------------------------------------------------

    /**
     * An expectation that depends on a policy of the profile, e.g.
     * {@code where(Profile::rfc1337, "TIME_WAIT ignores RST").expect(a).otherwise(b)}.
     */
    public static ProfileCase where(java.util.function.Predicate<Profile> test, String condition) {
        return new ProfileCase(test, condition);
    }

    // ---- crafted segments (injection) ----------------------------------------------------------------------------

    /** A RST (no ACK) at the receiver's RCV.NXT: refine with {@code atSeq}, {@code acking}, {@code toListener}. */
    public static Crafted rstSegment() {
        return Crafted.of("RST", Segment.RST, 0, false);
    }

    /** A SYN (no ACK) at the receiver's RCV.NXT. */
    public static Crafted synSegment() {
        return Crafted.of("SYN", Segment.SYN, 0, false);
    }

    /** A bare ACK at the receiver's RCV.NXT acknowledging everything it sent. */
    public static Crafted ackSegment() {
        return Crafted.of("ACK", 0, 0, true);
    }

    /** {@code n} data bytes with ACK at the receiver's RCV.NXT. */
    public static Crafted dataSegment(int n) {
        return Crafted.of(n + " data bytes", Segment.PSH, n, true);
    }

    /** A FIN with ACK at the receiver's RCV.NXT. */
    public static Crafted finSegment() {
        return Crafted.of("FIN", Segment.FIN, 0, true);
    }

    // ---- segment patterns (expectations) -------------------------------------------------------------------------

    /** Segments with RST set. */
    public static SegmentPattern rst() {
        return SegmentPattern.of("RST", Segment.RST, 0, null);
    }

    /** Segments with FIN set. */
    public static SegmentPattern fin() {
        return SegmentPattern.of("FIN", Segment.FIN, Segment.RST, null);
    }

    /** SYN without ACK. */
    public static SegmentPattern syn() {
        return SegmentPattern.of("SYN", Segment.SYN, Segment.ACK | Segment.RST, null);
    }

    /** SYN with ACK. */
    public static SegmentPattern synAck() {
        return SegmentPattern.of("SYN,ACK", Segment.SYN | Segment.ACK, Segment.RST, null);
    }

    /** Acknowledgements carrying nothing else: no data, SYN, FIN or RST. */
    public static SegmentPattern pureAck() {
        return SegmentPattern.of("pure ACK", Segment.ACK, Segment.SYN | Segment.FIN | Segment.RST, false);
    }

    /** Segments carrying data. */
    public static SegmentPattern data() {
        return SegmentPattern.of("data segment", 0, Segment.SYN | Segment.RST, true);
    }

    /** A keepalive probe: a pure ACK whose SEG.SEQ is SND.NXT - 1 (RFC 9293 §3.8.4, RFC 1122 §4.2.3.6). */
    public static SegmentPattern keepAliveProbe() {
        return SegmentPattern.of("keepalive probe", Segment.ACK, Segment.SYN | Segment.FIN | Segment.RST, false)
                .atSndNxt(-1);
    }

    /**
     * A zero-window probe: a pure ACK whose SEG.SEQ is SND.NXT - 1 (the sequence number just before what the sender
     * has sent), which the receiver must answer with its window (RFC 9293 §3.8.6.1; Linux tcp_xmit_probe_skb).
     * On the wire it looks like a keepalive probe; what differs is when it is sent: while the peer's window is zero.
     */
    public static SegmentPattern windowProbe() {
        return SegmentPattern.of("zero-window probe", Segment.ACK, Segment.SYN | Segment.FIN | Segment.RST, false)
                .atSndNxt(-1);
    }

    /** Segments the harness injected (crafted, not sent by a stack): e.g. {@code pureAck().inReplyTo(injected())}. */
    public static SegmentPattern injected() {
        return SegmentPattern.injectedSegments();
    }

    /** Any segment. */
    public static SegmentPattern anySegment() {
        return SegmentPattern.of("segment", 0, 0, null);
    }

    // ---- moments that timings count from -------------------------------------------------------------------------

    /** When the scenario's first step began: what {@code within}, {@code notBefore} and friends count from by default. */
    public static Anchor stepsBegin() {
        return Anchor.stepsBegin();
    }

    /** When the {@code n}-th step of the scenario began, counting from 1: {@code countedFrom(step(4))}. */
    public static Anchor step(int n) {
        return Anchor.step(n);
    }

    /** When the first call selected returned: {@code countedFrom(returnOf(client().close()))}. */
    public static Anchor returnOf(AppCallCheck calls) {
        return Anchor.returnOf(calls);
    }

    /** When the first segment matching {@code pattern} arrived: {@code countingFrom(arrivalOf(injected()))}. */
    public static Anchor arrivalOf(SegmentPattern pattern) {
        return Anchor.arrivalOf(pattern);
    }

    // ---- segment selectors (planned faults) ----------------------------------------------------------------------

    /** The first segment of a kind (say whose with {@code .from(...)}). */
    public static SegmentSelector first(SegmentKind kind) {
        return new SegmentSelector(kind, 1, null);
    }

    /** The n-th segment of a kind, counting from 1. */
    public static SegmentSelector nth(int n, SegmentKind kind) {
        if (n < 1) throw new IllegalArgumentException("segments are counted from 1, not " + n);
        return new SegmentSelector(kind, n, null);
    }

    // ---- sources -------------------------------------------------------------------------------------------------

    public static final Source SEED = Source.SEED;
    public static final Source MEASURED = Source.MEASURED;

    /** A section of an RFC, e.g. {@code rfc(5961, "3.2")}. */
    public static Source rfc(int number, String section) {
        return Source.rfc(number, section);
    }

    /** A whole RFC, e.g. {@code rfc(6191)}. */
    public static Source rfc(int number) {
        return Source.rfc(number);
    }

    /** A section of RFC 9293, e.g. {@code rfc9293("3.10.7.4")}. */
    public static Source rfc9293(String section) {
        return Source.rfc(9293, section);
    }

    /** A place in Linux, e.g. {@code linux("tcp_minisocks.c tcp_timewait_state_process")}. */
    public static Source linux(String where) {
        return Source.linux(where);
    }

    /** A manual page, e.g. {@code manual("socket(7)")}. */
    public static Source manual(String page) {
        return new Source("man " + page);
    }

    // ---- constants for a single static import --------------------------------------------------------------------

    public static final TcpState CLOSED = TcpState.CLOSED;
    public static final TcpState LISTEN = TcpState.LISTEN;
    public static final TcpState SYN_SENT = TcpState.SYN_SENT;
    public static final TcpState SYN_RECEIVED = TcpState.SYN_RECEIVED;
    public static final TcpState ESTABLISHED = TcpState.ESTABLISHED;
    public static final TcpState FIN_WAIT_1 = TcpState.FIN_WAIT_1;
    public static final TcpState FIN_WAIT_2 = TcpState.FIN_WAIT_2;
    public static final TcpState CLOSE_WAIT = TcpState.CLOSE_WAIT;
    public static final TcpState CLOSING = TcpState.CLOSING;
    public static final TcpState LAST_ACK = TcpState.LAST_ACK;
    public static final TcpState TIME_WAIT = TcpState.TIME_WAIT;

    public static final AppOutcome CONNECTION_RESET = AppOutcome.CONNECTION_RESET;
    public static final AppOutcome BROKEN_PIPE = AppOutcome.BROKEN_PIPE;
    public static final AppOutcome CONNECTION_TIMED_OUT = AppOutcome.CONNECTION_TIMED_OUT;
    public static final AppOutcome CONNECTION_REFUSED = AppOutcome.CONNECTION_REFUSED;
    public static final AppOutcome ADDRESS_IN_USE = AppOutcome.ADDRESS_IN_USE;
    public static final AppOutcome ADDRESS_NOT_AVAILABLE = AppOutcome.ADDRESS_NOT_AVAILABLE;
    public static final AppOutcome EOF = AppOutcome.EOF;
    public static final AppOutcome DATA_READ = AppOutcome.DATA;
    public static final AppOutcome STILL_BLOCKED = AppOutcome.STILL_BLOCKED;
    public static final AppOutcome WOULD_BLOCK = AppOutcome.WOULD_BLOCK;
    public static final AppOutcome OK = AppOutcome.OK;

    public static final SegmentKind SYN = SegmentKind.SYN;
    public static final SegmentKind SYN_ACK = SegmentKind.SYN_ACK;
    public static final SegmentKind DATA = SegmentKind.DATA;
    public static final SegmentKind FIN = SegmentKind.FIN;
    public static final SegmentKind ACK = SegmentKind.ACK;
    public static final SegmentKind ACK_OF_FIN = SegmentKind.ACK_OF_FIN;
    public static final SegmentKind RST = SegmentKind.RST;
}
