package dev.tcpspec.sim;

import dev.tcpspec.dsl.Profile;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A planted deviation in the reference stack, each a precise departure from one rule of RULES.md. Mutants prove the
 * catalog can fail: every mutant must make some spec fail, and a run with no mutant must pass. {@code tcpspec run
 * --mutant NAME} runs the catalog against one, {@code --mutant all} against each, printing the kill matrix.
 *
 * <p>A few deviations can only show under some profiles (there is no orphaned FIN_WAIT_2 timer to skip under
 * rfc9293); such a mutant says so with {@link #observableUnder(Profile)}, and is not expected to be killed elsewhere.
 *
 * <pre>{@code
 * StackAdapter broken = Stacks.simulated(Mutant.NO_TIME_WAIT);
 * }</pre>
 */
public enum Mutant {
    // ---- A. handshake facts ---------------------------------------------------------------------------------------
    FIN_TAKES_NO_SEQUENCE_NUMBER("HS-1", "a received FIN is acknowledged with ACK = FIN.seq instead of FIN.seq + 1"),
    CLOSED_PORT_SILENT("HS-2", "a segment for no connection is dropped silently instead of answered with RST"),
    LISTENER_CLOSE_KEEPS_CHILDREN("HS-3", "closing a listener leaves connections not yet accepted open instead of resetting them"),
    SYN_SENT_CLOSE_KEEPS_TRYING("HS-3", "close() in SYN_SENT leaves the connection to retransmit its SYN"),
    SYN_SENT_ACCEPTS_ANY_RST("HS-4", "in SYN_SENT a RST fails connect() even when its ACK does not cover the SYN"),
    SYN_RECEIVED_IGNORES_RST("HS-4", "a RST in SYN_RECEIVED is ignored: the half-open connection lives on"),
    LISTENER_CLOSE_KEEPS_HALF_OPEN("HS-3", "closing a listener leaves its half-open (SYN_RECEIVED) connections alive, so a late ACK completes them"),
    SYN_SENT_ACCEPTS_ACK_OF_ISS("HS-4", "in SYN_SENT an ACK of exactly ISS counts as acceptable (SEG.ACK >= ISS instead of > ISS)"),

    // ---- B. orderly close ---------------------------------------------------------------------------------------
    FIN_JUMPS_SEND_QUEUE("OC-1", "close() sends FIN at once, discarding data still queued for sending"),
    PARTIAL_ACK_ENDS_FIN_WAIT_1("OC-2", "any new ACK in FIN_WAIT_1 moves to FIN_WAIT_2, even one not covering the FIN"),
    FIN_WAIT_DROPS_DATA("OC-3", "after shutdownOutput(), arriving data is acknowledged but never delivered"),
    FIN_ACCEPTED_OUT_OF_ORDER("OC-6", "a FIN beyond a hole is processed at once, before the missing data arrives"),
    DATA_AFTER_FIN_ACCEPTED("OC-6", "data arriving after the peer's FIN is delivered to the application"),
    LAST_ACK_CLOSES_ON_ANY_ACK("OC-8", "in LAST_ACK any acceptable ACK closes the connection, even one not covering the FIN"),
    NO_RTO_BACKOFF("OC-9", "the retransmission timeout is not doubled after it expires"),
    RTT_SAMPLED_FROM_RETRANSMISSION("OC-9", "the ACK of a retransmitted segment gives an RTT sample (no Karn's rule): the backed-off RTO is thrown away",
            p -> !p.timestamps()),
    REPEATED_CLOSE_SENDS_FIN("OC-10", "close() after shutdownOutput() sends the FIN once more"),
    ORPHAN_FIN_WAIT_2_NEVER_TIMES_OUT("OC-11", "an orphaned FIN_WAIT_2 waits forever though the profile has a FIN_WAIT_2 timeout",
            Profile::hasFinWait2Timeout),
    HALF_CLOSED_FIN_WAIT_2_TIMES_OUT("OC-11", "the FIN_WAIT_2 timeout also ends half-closed connections whose socket is still open",
            Profile::hasFinWait2Timeout),
    CLOSE_AFTER_SHUTDOWN_ARMS_NO_TIMER("OC-11", "close() after shutdownOutput() in FIN_WAIT_2 makes an orphan but arms no FIN_WAIT_2 timer",
            Profile::hasFinWait2Timeout),

    // ---- C. simultaneous close ----------------------------------------------------------------------------------
    CLOSING_SKIPS_TIME_WAIT("SC-1", "the ACK of our FIN in CLOSING closes the connection instead of entering TIME_WAIT"),
    FIN_ACK_IN_FIN_WAIT_1_ENTERS_CLOSING("SC-2", "a FIN that also acknowledges ours, in FIN_WAIT_1, leads to CLOSING instead of TIME_WAIT"),

    // ---- D. half-close ------------------------------------------------------------------------------------------
    SHUTDOWN_INPUT_SENDS_FIN("HC-2", "shutdownInput() sends a FIN, as shutdownOutput() would"),
    ORPHAN_ACCEPTS_DATA("HC-3", "data arriving after close() is acknowledged and discarded instead of answered with RST"),
    SHUTDOWN_INPUT_RESETS_ON_DATA("HC-2", "data arriving after shutdownInput() is answered with RST, as if the socket were closed"),

    // ---- E. TIME_WAIT -------------------------------------------------------------------------------------------
    NO_TIME_WAIT("TW-1", "the active closer goes straight to CLOSED where it should enter TIME_WAIT"),
    SHORT_TIME_WAIT("TW-2", "TIME_WAIT lasts 1 x MSL instead of the profile's TIME_WAIT length"),
    NO_REACK_IN_TIME_WAIT("TW-3", "TIME_WAIT neither ACKs a retransmitted FIN nor restarts its timer"),
    TIME_WAIT_RESTARTED_BY_ACK("TW-3", "a non-FIN segment carrying an ACK restarts TIME_WAIT, though RFC 9293 restarts it only for a FIN",
            p -> p.timeWaitRules() == Profile.TimeWaitRules.RFC_9293),
    TIME_WAIT_RESTARTED_BY_SYN("TW-3", "an old SYN without ACK restarts TIME_WAIT"),
    WINDOW_UPDATE_AFTER_FIN("TW-5", "reading after the peer's FIN sends window updates, though the peer will send nothing more"),
    TIME_WAIT_SILENT_TO_OLD_SEGMENTS("TW-6", "TIME_WAIT drops old duplicates without the duplicate ACK that resynchronises the peer"),
    TIME_WAIT_IGNORES_RST("TW-7", "TIME_WAIT ignores every RST, as if RFC 1337 were on"),
    TIME_WAIT_ACCEPTS_RST_IN_WINDOW("TW-7", "any RST inside the window ends TIME_WAIT, not only one at RCV.NXT"),
    TIME_WAIT_REJECTS_NEW_SYN("TW-8", "a SYN for a 4-tuple in TIME_WAIT is always refused, even a provably new one"),
    TIME_WAIT_ACCEPTS_OLD_SYN("TW-8", "any SYN reopens a 4-tuple in TIME_WAIT, even an old duplicate not above RCV.NXT"),
    TIME_WAIT_SYN_AT_RCV_NXT_IS_NEW("TW-8", "a SYN at exactly RCV.NXT reopens a 4-tuple in TIME_WAIT, as if it lay above RCV.NXT"),
    CONNECT_STEALS_TIME_WAIT("TW-9", "connect() takes over a 4-tuple in TIME_WAIT whatever the reuse policy says"),
    EPHEMERAL_PORTS_OUTSIDE_RANGE("TW-10", "ephemeral ports are picked from 1024-65535 instead of the profile's range"),

    // ---- F. CLOSE_WAIT ------------------------------------------------------------------------------------------
    CLOSE_WAIT_AUTOCLOSE("CW-1", "the passive closer sends its FIN as soon as the peer's FIN arrives, without waiting for close()"),
    CLOSE_WAIT_WRITE_FAILS("CW-2", "write() in CLOSE_WAIT fails with EPIPE, as if the peer's FIN had closed both directions"),
    RST_IN_CLOSE_WAIT_REPORTS_RESET("CW-3", "a RST in CLOSE_WAIT is reported as ECONNRESET instead of EPIPE"),
    CLOSE_IGNORES_OTHER_HANDLES("CW-4", "closing one of several handles closes the socket for all of them"),

    // ---- G. SO_LINGER and unread data ---------------------------------------------------------------------------
    CLOSE_LINGERS_BY_DEFAULT("LG-1", "close() without SO_LINGER blocks until its data and FIN are acknowledged, as if lingering"),
    LINGER_ZERO_SENDS_FIN("LG-2", "close() with SO_LINGER <1,0> closes gracefully with FIN instead of aborting with RST"),
    LINGER_DOES_NOT_BLOCK("LG-3", "close() with SO_LINGER > 0 returns at once instead of waiting for the FIN's ACK"),
    UNREAD_CLOSE_SENDS_FIN("UD-1", "close() with unread received data sends FIN instead of RST"),
    LINGER_BEFORE_UNREAD_CHECK("UD-1", "close() honours SO_LINGER > 0 before the unread-data check: it lingers and sends FIN"),
    UNREAD_CLOSE_AFTER_SHUTDOWN_SILENT("UD-1", "close() after shutdownOutput() with unread data sends no RST: the loss goes unsignalled"),
    ABORT_RST_AT_SND_UNA("LG-2", "an abortive close sends its RST at SND.UNA instead of SND.NXT, behind data in flight"),

    // ---- H. port reuse ------------------------------------------------------------------------------------------
    BIND_IGNORES_TIME_WAIT("RU-1", "bind() without SO_REUSEADDR succeeds on a port that TIME_WAIT connections hold"),
    REUSEADDR_SHARES_LISTENERS("RU-2", "SO_REUSEADDR lets a second listener bind a port that one is listening on"),
    REUSEADDR_ON_NEW_SOCKET_SUFFICES("RU-1", "bind() with SO_REUSEADDR succeeds over a TIME_WAIT whose socket did not set it"),

    // ---- I. keepalive -------------------------------------------------------------------------------------------
    KEEPALIVE_ON_BY_DEFAULT("KA-1", "every connection sends keepalive probes, SO_KEEPALIVE or not"),
    KEEPALIVE_IDLE_NOT_RESTARTED("KA-2", "the keepalive idle time runs from the handshake; segments received do not restart it"),
    KEEPALIVE_PROBE_AT_SND_NXT("KA-3", "a keepalive probe carries SEG.SEQ = SND.NXT, which the peer need not answer"),
    KEEPALIVE_ONE_PROBE_KILLS("KA-4", "the connection is declared dead after the first unanswered keepalive probe"),
    KEEPALIVE_STOPS_AFTER_SHUTDOWN("KA-2", "keepalive probes stop once the connection leaves ESTABLISHED (half-closed FIN_WAIT_2, CLOSE_WAIT)"),

    // ---- J. sequence numbers, PAWS, ISN -------------------------------------------------------------------------
    SEQUENCE_COMPARE_WITHOUT_WRAP("SQ-1", "acknowledgement numbers are compared as unsigned integers, not modulo 2^32"),
    NO_PAWS("SQ-3", "segments with an old TSval are accepted (no PAWS check)"),
    PAWS_NEVER_EXPIRES("SQ-3", "TS.Recent is trusted however long the connection was idle (no 24-day limit)"),
    TS_RECENT_FROM_ANY_SEGMENT("SQ-3", "TS.Recent is taken from any acceptable segment with a newer TSval, even one beyond RCV.NXT (out of order)"),
    ISN_CLOCK_ONLY("IS-1", "the ISN is the clock alone, without the keyed hash of the 4-tuple"),
    ISN_CLOCK_WRAPS_AT_2_31_NS("IS-1", "the ISN clock reads the time as a 32-bit count of nanoseconds, so it jumps back 2^32 ns after 2.1 s"),
    NO_QUIET_TIME("IS-2", "a rebooted host assigns sequence numbers at once, though the profile claims a quiet time"),

    // ---- K. RST and segment validation, R2 ----------------------------------------------------------------------
    RST_CHALLENGED_EVEN_AT_RCV_NXT("RS-1", "even a RST exactly at RCV.NXT draws a challenge ACK instead of aborting"),
    RST_ACCEPTED_ANYWHERE_IN_WINDOW("RS-1", "any RST inside the window aborts, not only one at RCV.NXT (no RFC 5961 challenge ACK)"),
    RST_ACCEPTED_IN_WINDOW_WHEN_CLOSING("RS-1", "once closing (FIN_WAIT_1/2, CLOSE_WAIT, CLOSING, LAST_ACK), any RST inside the window aborts"),
    OUT_OF_WINDOW_RST_ACKED("RS-1", "a RST outside the window is answered with an ACK instead of dropped silently"),
    SYN_IN_ESTABLISHED_RESETS("RS-2", "a SYN in a synchronized state resets the connection (RFC 793) instead of drawing a challenge ACK"),
    OLD_ACK_ACCEPTED("RS-3", "an ACK below SND.UNA - MAX.SND.WND is accepted instead of dropped and answered"),
    ACK_OF_UNSENT_DATA_ACCEPTED("RS-3", "a segment acknowledging data never sent (SEG.ACK > SND.NXT) is processed instead of dropped"),
    NO_CHALLENGE_ACK_RATE_LIMIT("RS-4", "challenge ACKs are sent for every offending segment, without a rate limit"),
    CHALLENGE_ACK_LIMIT_COUNTS_SUPPRESSED("RS-4", "every offending segment restarts the challenge-ACK interval, even one not answered"),
    DUPLICATE_DATA_ACKS_RATE_LIMITED("RS-4", "duplicate ACKs for old data segments are rate-limited like challenge ACKs"),
    RST_DISCARDS_RECEIVED_DATA("RS-5", "an accepted RST discards data received before it, so reads fail at once"),
    /** Named by the property engine (PR-7), which meets it when a fault brings a late abort to a closed port. */
    RST_ANSWERS_RST("RS-6", "a RST,ACK that matches no connection is answered with a RST instead of being discarded"),
    RETRANSMITS_FOREVER("TO-1", "unacknowledged data is retransmitted forever: no R2 limit, no timeout"),
    RETRY_COUNT_NOT_RESET_BY_ACK("TO-1", "the retransmission count is not reset when new data is acknowledged, so separate losses add up to R2"),
    SYN_RETRIES_USE_DATA_LIMIT("TO-1", "a SYN is retransmitted up to the data limit (R2) instead of the SYN limit"),
    CONNECT_TIMEOUT_REPORTED_AS_REFUSED("TO-1", "a connect() whose SYNs all went unanswered fails 'Connection refused' instead of 'Connection timed out'"),
    NO_ZERO_WINDOW_PROBE("TO-1", "a zero window is never probed: only the peer's window update, if it arrives, resumes sending");


    private final String rule;
    private final String description;
    private final Predicate<Profile> observable;

    Mutant(String rule, String description) {
        this(rule, description, p -> true);
    }

    Mutant(String rule, String description, Predicate<Profile> observable) {
        this.rule = rule;
        this.description = description;
        this.observable = observable;
    }

    /** The name used on the command line, e.g. {@code no-time-wait}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** One line saying what the deviation is. */
    public String description() {
        return description;
    }

    /** The RULES.md rule the deviation breaks, e.g. {@code TW-2}. */
    public String rule() {
        return rule;
    }

    /** The rule family: the rule id's prefix, e.g. {@code TW}. */
    public String family() {
        return rule.substring(0, rule.indexOf('-'));
    }

    /**
     * Whether the deviation can show at all under {@code profile}: skipping a quiet time changes nothing under a
     * profile without one. A mutant that cannot show is not expected to be killed there.
     */
    public boolean observableUnder(Profile profile) {
        return observable.test(profile);
    }

    /** The mutant called {@code label}, or an error naming the valid ones. */
    public static Mutant byLabel(String label) {
        for (Mutant m : values()) {
            if (m.label().equals(label)) return m;
        }
        throw new IllegalArgumentException("unknown mutant '" + label + "'; valid mutants: "
                + Arrays.stream(values()).map(Mutant::label).collect(Collectors.joining(", ")) + ", or all");
    }
}
