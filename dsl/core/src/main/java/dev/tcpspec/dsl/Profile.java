package dev.tcpspec.dsl;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The timing and policy constants a stack claims: MSL, TIME_WAIT length, FIN_WAIT_2 timeout, keepalive defaults,
 * retransmission bounds, ephemeral port range, RFC 1337 behaviour, TIME_WAIT reuse. Specs write durations in these
 * terms ({@link Tcp#twoMsl()}, {@link Tcp#finTimeout()}), so one spec serves every profile.
 *
 * <p>Two profiles ship: {@link #rfc9293()} (the RFC's values: MSL 2 min, so TIME_WAIT 4 min) and {@link #linux()}
 * (Linux 6.x defaults, as measured: TIME_WAIT 60 s, tcp_fin_timeout 60 s, RTO 200 ms to 120 s). A stack that claims
 * other values declares its own:
 *
 * <pre>{@code
 * Profile embedded = Profile.builder("embedded").basedOn(Profile.rfc9293())
 *         .msl(Duration.ofSeconds(5)).timeWait(Duration.ofSeconds(10))
 *         .build();
 * }</pre>
 */
public final class Profile {
    /** Policy of connect() towards a 4-tuple still in TIME_WAIT (Linux tcp_tw_reuse). */
    public enum TimeWaitReuse {
        /** Never reuse (tcp_tw_reuse = 0). */
        OFF,
        /** Reuse when timestamps prove the new connection is newer (tcp_tw_reuse = 1). */
        ON,
        /** Reuse only for loopback traffic (tcp_tw_reuse = 2, the Linux default). */
        LOOPBACK_ONLY
    }

    /** What a close() with SO_LINGER &gt; 0 does when the linger time runs out before the FIN is acknowledged. */
    public enum LingerTimeout {
        /** close() returns, the connection lives on as an orphan and delivers its data (Linux, measured). */
        KEEP_ORPHAN,
        /** close() fails with EWOULDBLOCK and the connection is reset (BSD; the seed's claim). */
        ABORT
    }

    /**
     * How TIME_WAIT treats what arrives in it, beyond the rules every profile shares (a retransmitted FIN is ACKed
     * again and restarts the timer; a RST with SEG.SEQ = RCV.NXT ends it unless {@link #rfc1337()}).
     */
    public enum TimeWaitRules {
        /**
         * RFC 9293 §3.10.7.4 with RFC 5961 and RFC 6191: a new SYN is accepted if its sequence number lies above
         * RCV.NXT or (with timestamps) its TSval is newer, otherwise silently dropped; only a FIN restarts the timer;
         * a RST inside the window but not at RCV.NXT draws a challenge ACK.
         */
        RFC_9293,
        /**
         * Linux {@code tcp_timewait_state_process}: a SYN is accepted if SEG.SEQ is after RCV.NXT or its TSval is
         * newer (and PAWS does not reject it), otherwise answered with an ACK; every out-of-window segment carrying an
         * ACK restarts the timer; a RST not at RCV.NXT is silently dropped.
         */
        LINUX
    }

    /** How connect() picks an ephemeral port: an order the profile claims, checked by TW-10. */
    public enum PortSelection {
        /**
         * Linux {@code __inet_hash_connect}: from a per-destination offset, ports of the range's low parity (the even
         * ones for 32768-60999) first, then the others; so one destination sees at most half the range in TIME_WAIT
         * when tcp_tw_reuse recycles them.
         */
        EVEN_FIRST,
        /**
         * RFC 6056: any selection that stays in the range, random ones recommended (Algorithm 1: a random start, then
         * the next free port); no order is claimed.
         */
        RANDOM
    }

    private final String name;
    private final String description;
    private final Duration msl;
    private final Duration timeWait;
    private final Duration finWait2Timeout;
    private final Duration rtoInitial;
    private final Duration rtoMin;
    private final Duration rtoMax;
    private final int maxRetransmissions;
    private final int synRetries;
    private final int orphanRetries;
    private final Duration keepAliveIdle;
    private final Duration keepAliveInterval;
    private final int keepAliveProbes;
    private final int ephemeralLow;
    private final int ephemeralHigh;
    private final boolean rfc1337;
    private final TimeWaitReuse timeWaitReuse;
    private final boolean timestamps;
    private final long isnTickNanos;
    private final LingerTimeout lingerTimeout;
    private final int mss;
    private final int receiveBuffer;
    private final int sendBuffer;
    private final Duration challengeAckInterval;
    private final TimeWaitRules timeWaitRules;
    private final Duration timeWaitReuseDelay;
    private final Duration pawsIdleLimit;
    private final Duration quietTime;
    private final PortSelection portSelection;
    private final int synLinearTimeouts;

    private Profile(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.description = b.description == null ? "" : b.description;
        this.msl = Objects.requireNonNull(b.msl, "profile " + b.name + ": msl is not set");
        this.timeWait = Objects.requireNonNull(b.timeWait, "profile " + b.name + ": timeWait is not set");
        this.finWait2Timeout = b.finWait2Timeout;
        this.rtoInitial = Objects.requireNonNull(b.rtoInitial, "profile " + b.name + ": rtoInitial is not set");
        this.rtoMin = Objects.requireNonNull(b.rtoMin, "profile " + b.name + ": rtoMin is not set");
        this.rtoMax = Objects.requireNonNull(b.rtoMax, "profile " + b.name + ": rtoMax is not set");
        this.maxRetransmissions = b.maxRetransmissions;
        this.synRetries = b.synRetries;
        this.orphanRetries = b.orphanRetries;
        this.keepAliveIdle = Objects.requireNonNull(b.keepAliveIdle, "profile " + b.name + ": keepAliveIdle is not set");
        this.keepAliveInterval = Objects.requireNonNull(b.keepAliveInterval, "profile " + b.name + ": keepAliveInterval is not set");
        this.keepAliveProbes = b.keepAliveProbes;
        this.ephemeralLow = b.ephemeralLow;
        this.ephemeralHigh = b.ephemeralHigh;
        this.rfc1337 = b.rfc1337;
        this.timeWaitReuse = b.timeWaitReuse;
        this.timestamps = b.timestamps;
        this.isnTickNanos = b.isnTickNanos;
        this.lingerTimeout = b.lingerTimeout;
        this.mss = b.mss;
        this.receiveBuffer = b.receiveBuffer;
        this.sendBuffer = b.sendBuffer;
        this.challengeAckInterval = Objects.requireNonNull(b.challengeAckInterval, "profile " + b.name + ": challengeAckInterval is not set");
        this.timeWaitRules = Objects.requireNonNull(b.timeWaitRules, "profile " + b.name + ": timeWaitRules is not set");
        this.timeWaitReuseDelay = Objects.requireNonNull(b.timeWaitReuseDelay, "profile " + b.name + ": timeWaitReuseDelay is not set");
        this.pawsIdleLimit = Objects.requireNonNull(b.pawsIdleLimit, "profile " + b.name + ": pawsIdleLimit is not set");
        this.quietTime = b.quietTime;
        this.portSelection = Objects.requireNonNull(b.portSelection, "profile " + b.name + ": portSelection is not set");
        this.synLinearTimeouts = b.synLinearTimeouts;
        if (ephemeralLow < 1 || ephemeralHigh > 65535 || ephemeralLow > ephemeralHigh) {
            throw new IllegalArgumentException("profile " + name + ": ephemeral range " + ephemeralLow + "-"
                    + ephemeralHigh + " is not a range of ports within 1-65535");
        }
    }

    /** The profile of RFC 9293 itself: MSL 2 minutes, TIME_WAIT 4 minutes, no FIN_WAIT_2 timer, RTO 1 s to 60 s. */
    public static Profile rfc9293() {
        return RFC9293;
    }

    /** Linux 6.x defaults as measured (LINUX.md): TIME_WAIT 60 s, tcp_fin_timeout 60 s, RTO 200 ms to 120 s. */
    public static Profile linux() {
        return LINUX;
    }

    /** The profiles that ship with tcpspec. */
    public static List<Profile> builtIn() {
        return List.of(RFC9293, LINUX);
    }

    /** The built-in profile called {@code name}. */
    public static Profile named(String name) {
        for (Profile p : builtIn()) {
            if (p.name.equals(name)) return p;
        }
        throw new IllegalArgumentException("unknown profile '" + name + "'; valid profiles: " + String.join(", ",
                builtIn().stream().map(Profile::name).toList()));
    }

    private static final Profile RFC9293 = builder("rfc9293")
            .description("RFC 9293 values: MSL 2 min (TIME_WAIT 4 min), no FIN_WAIT_2 timer, RFC 6298 RTO 1-60 s")
            .msl(Duration.ofMinutes(2)).timeWait(Duration.ofMinutes(4)).finWait2Timeout(null)
            .rtoInitial(Duration.ofSeconds(1)).rtoMin(Duration.ofSeconds(1)).rtoMax(Duration.ofSeconds(60))
            .maxRetransmissions(7).synRetries(5).orphanRetries(7)
            .keepAliveIdle(Duration.ofHours(2)).keepAliveInterval(Duration.ofSeconds(75)).keepAliveProbes(9)
            .ephemeralRange(49152, 65535).rfc1337(false).timeWaitReuse(TimeWaitReuse.OFF).timestamps(false)
            .isnTickNanos(4_000).lingerTimeout(LingerTimeout.ABORT)
            .mss(1460).receiveBuffer(65535).sendBuffer(65535).challengeAckInterval(Duration.ofSeconds(1))
            .timeWaitRules(TimeWaitRules.RFC_9293).timeWaitReuseDelay(Duration.ofSeconds(1))
            .pawsIdleLimit(Duration.ofDays(24)).quietTime(null).portSelection(PortSelection.RANDOM)
            .build();

    private static final Profile LINUX = builder("linux")
            .description("Linux 6.x defaults: TIME_WAIT 60 s, tcp_fin_timeout 60 s, RTO 200 ms-120 s, ports 32768-60999")
            .msl(Duration.ofSeconds(30)).timeWait(Duration.ofSeconds(60)).finWait2Timeout(Duration.ofSeconds(60))
            .rtoInitial(Duration.ofSeconds(1)).rtoMin(Duration.ofMillis(200)).rtoMax(Duration.ofSeconds(120))
            .maxRetransmissions(15).synRetries(6).orphanRetries(8)
            .keepAliveIdle(Duration.ofHours(2)).keepAliveInterval(Duration.ofSeconds(75)).keepAliveProbes(9)
            .ephemeralRange(32768, 60999).rfc1337(false).timeWaitReuse(TimeWaitReuse.LOOPBACK_ONLY).timestamps(true)
            .isnTickNanos(64).lingerTimeout(LingerTimeout.KEEP_ORPHAN)
            .mss(1460).receiveBuffer(65535).sendBuffer(65535).challengeAckInterval(Duration.ofMillis(500))
            .timeWaitRules(TimeWaitRules.LINUX).timeWaitReuseDelay(Duration.ofSeconds(1))
            .pawsIdleLimit(Duration.ofDays(24)).quietTime(null).portSelection(PortSelection.EVEN_FIRST)
            .synLinearTimeouts(4)
            .build();

    /** A builder for a profile called {@code name}; start from a shipped profile with {@link Builder#basedOn}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder holding this profile's values, to derive a variant (which should get its own name). */
    public Builder toBuilder() {
        return new Builder(name).basedOn(this).description(description);
    }

    /** The profile's name, as reports show it: {@code rfc9293}, {@code linux}. */
    public String name() {
        return name;
    }

    /** One line saying what the profile stands for. */
    public String description() {
        return description;
    }

    /** 2 x MSL, the length RFC 9293 gives TIME_WAIT. */
    public Duration twoMsl() {
        return msl.multipliedBy(2);
    }

    /** Number of ports in the ephemeral range. */
    public int ephemeralPortCount() {
        return ephemeralHigh - ephemeralLow + 1;
    }

    /** Whether orphaned FIN_WAIT_2 connections time out. */
    public boolean hasFinWait2Timeout() {
        return finWait2Timeout != null;
    }

    /** Maximum segment lifetime (MSL): RFC 9293 uses 2 minutes. {@code twoMsl()} in a spec is twice this. */
    public Duration msl() {
        return msl;
    }

    /** How long TIME_WAIT lasts: 2 x MSL per RFC 9293; Linux fixes it at 60 s (TCP_TIMEWAIT_LEN). */
    public Duration timeWait() {
        return timeWait;
    }

    /** How long an orphaned FIN_WAIT_2 (the application closed) lasts, or null for no timer (RFC 9293). Linux: tcp_fin_timeout, 60 s. */
    public Duration finWait2Timeout() {
        return finWait2Timeout;
    }

    /** Initial retransmission timeout before any RTT sample (RFC 6298: 1 s). */
    public Duration rtoInitial() {
        return rtoInitial;
    }

    /** Lower bound of the retransmission timeout (RFC 6298: 1 s; Linux: 200 ms). */
    public Duration rtoMin() {
        return rtoMin;
    }

    /** Upper bound of the retransmission timeout (RFC 6298: at least 60 s; Linux: 120 s). */
    public Duration rtoMax() {
        return rtoMax;
    }

    /** Retransmissions of data or FIN before the connection aborts with a timeout (R2; Linux tcp_retries2 = 15). */
    public int maxRetransmissions() {
        return maxRetransmissions;
    }

    /** Retransmissions of a SYN before connect() fails (Linux tcp_syn_retries = 6). */
    public int synRetries() {
        return synRetries;
    }

    /** Retransmissions allowed to an orphaned connection (Linux tcp_orphan_retries 0, meaning 8). */
    public int orphanRetries() {
        return orphanRetries;
    }

    /** Idle time before the first keepalive probe (RFC 1122: at least 2 h; Linux tcp_keepalive_time 7200 s). */
    public Duration keepAliveIdle() {
        return keepAliveIdle;
    }

    /** Time between unanswered keepalive probes (Linux tcp_keepalive_intvl 75 s). */
    public Duration keepAliveInterval() {
        return keepAliveInterval;
    }

    /** Unanswered probes before the connection is declared dead (Linux tcp_keepalive_probes 9). */
    public int keepAliveProbes() {
        return keepAliveProbes;
    }

    /** First port of the ephemeral range (Linux 32768; IANA 49152). */
    public int ephemeralLow() {
        return ephemeralLow;
    }

    /** Last port of the ephemeral range (Linux 60999; IANA 65535). */
    public int ephemeralHigh() {
        return ephemeralHigh;
    }

    /** Whether TIME_WAIT ignores RST (RFC 1337 fix F1; Linux tcp_rfc1337, default off). */
    public boolean rfc1337() {
        return rfc1337;
    }

    /** Whether connect() may take over a 4-tuple in TIME_WAIT (Linux tcp_tw_reuse). */
    public TimeWaitReuse timeWaitReuse() {
        return timeWaitReuse;
    }

    /** Whether the stack offers the timestamps option (RFC 7323; Linux tcp_timestamps = 1). */
    public boolean timestamps() {
        return timestamps;
    }

    /** Tick of the ISN clock (RFC 9293: 4 us; Linux: 64 ns). */
    public long isnTickNanos() {
        return isnTickNanos;
    }

    /** What happens when an SO_LINGER &gt; 0 close times out. */
    public LingerTimeout lingerTimeout() {
        return lingerTimeout;
    }

    /** Maximum segment size offered and used. */
    public int mss() {
        return mss;
    }

    /** Receive buffer size in bytes: the largest window advertised. */
    public int receiveBuffer() {
        return receiveBuffer;
    }

    /** Send buffer size in bytes: how much a write() may queue. */
    public int sendBuffer() {
        return sendBuffer;
    }

    /** Minimum time between challenge or duplicate ACKs on one connection (RFC 5961 §7; Linux tcp_invalid_ratelimit 500 ms). */
    public Duration challengeAckInterval() {
        return challengeAckInterval;
    }

    /** How TIME_WAIT treats SYNs, ACKs and RSTs that arrive in it. */
    public TimeWaitRules timeWaitRules() {
        return timeWaitRules;
    }

    /** How old a TIME_WAIT must be before tcp_tw_reuse lets connect() take it over (Linux tcp_tw_reuse_delay, 1 s). */
    public Duration timeWaitReuseDelay() {
        return timeWaitReuseDelay;
    }

    /** After this long without a segment, TS.Recent is no longer trusted for PAWS (RFC 7323 §5.5: 24 days). */
    public Duration pawsIdleLimit() {
        return pawsIdleLimit;
    }

    /**
     * How long a host that lost its connection state (a crash) keeps quiet before assigning sequence numbers again
     * (RFC 9293 §3.4.3: one MSL), or null when it does not. RFC 9293 lets implementers ignore the quiet time and no
     * stack in use keeps it, so neither built-in profile has one; a spec that needs it sets it for its run.
     */
    public Duration quietTime() {
        return quietTime;
    }

    /** Whether a rebooted host keeps quiet before assigning sequence numbers. */
    public boolean hasQuietTime() {
        return quietTime != null;
    }

    /** How connect() picks ephemeral ports: Linux's even-first order, or RFC 6056's any (random) order. */
    public PortSelection portSelection() {
        return portSelection;
    }

    /**
     * SYN retransmissions made at the initial RTO, without backoff, before the exponential ones (Linux 6.5+
     * tcp_syn_linear_timeouts, default 4, measured: a SYN went out 4 times a second apart, then 1, 2, 4, ... s);
     * they come on top of {@link #synRetries()}. 0 under RFC 9293.
     */
    public int synLinearTimeouts() {
        return synLinearTimeouts;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Builds a {@link Profile}; every duration must be set (start from {@link #basedOn}). */
    public static final class Builder {
        private final String name;
        private String description;
        private Duration msl;
        private Duration timeWait;
        private Duration finWait2Timeout;
        private Duration rtoInitial;
        private Duration rtoMin;
        private Duration rtoMax;
        private int maxRetransmissions;
        private int synRetries;
        private int orphanRetries;
        private Duration keepAliveIdle;
        private Duration keepAliveInterval;
        private int keepAliveProbes;
        private int ephemeralLow;
        private int ephemeralHigh;
        private boolean rfc1337;
        private TimeWaitReuse timeWaitReuse;
        private boolean timestamps;
        private long isnTickNanos;
        private LingerTimeout lingerTimeout;
        private int mss;
        private int receiveBuffer;
        private int sendBuffer;
        private Duration challengeAckInterval;
        private TimeWaitRules timeWaitRules;
        private Duration timeWaitReuseDelay;
        private Duration pawsIdleLimit;
        private Duration quietTime;
        private PortSelection portSelection = PortSelection.RANDOM;
        private int synLinearTimeouts;

        private Builder(String name) {
            this.name = name;
        }

        /** Copies every value of {@code p} (not its name). */
        public Builder basedOn(Profile p) {
            this.msl = p.msl;
            this.timeWait = p.timeWait;
            this.finWait2Timeout = p.finWait2Timeout;
            this.rtoInitial = p.rtoInitial;
            this.rtoMin = p.rtoMin;
            this.rtoMax = p.rtoMax;
            this.maxRetransmissions = p.maxRetransmissions;
            this.synRetries = p.synRetries;
            this.orphanRetries = p.orphanRetries;
            this.keepAliveIdle = p.keepAliveIdle;
            this.keepAliveInterval = p.keepAliveInterval;
            this.keepAliveProbes = p.keepAliveProbes;
            this.ephemeralLow = p.ephemeralLow;
            this.ephemeralHigh = p.ephemeralHigh;
            this.rfc1337 = p.rfc1337;
            this.timeWaitReuse = p.timeWaitReuse;
            this.timestamps = p.timestamps;
            this.isnTickNanos = p.isnTickNanos;
            this.lingerTimeout = p.lingerTimeout;
            this.mss = p.mss;
            this.receiveBuffer = p.receiveBuffer;
            this.sendBuffer = p.sendBuffer;
            this.challengeAckInterval = p.challengeAckInterval;
            this.timeWaitRules = p.timeWaitRules;
            this.timeWaitReuseDelay = p.timeWaitReuseDelay;
            this.pawsIdleLimit = p.pawsIdleLimit;
            this.quietTime = p.quietTime;
            this.portSelection = p.portSelection;
            this.synLinearTimeouts = p.synLinearTimeouts;
            return this;
        }

        /** One line saying what the profile stands for. */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** Both ends of the ephemeral port range, inclusive. */
        public Builder ephemeralRange(int low, int high) {
            this.ephemeralLow = low;
            this.ephemeralHigh = high;
            return this;
        }

        /** The maximum segment lifetime. */
        public Builder msl(Duration msl) {
            this.msl = msl;
            return this;
        }

        /** How long TIME_WAIT lasts (2 x MSL per RFC 9293; 60 s on Linux). */
        public Builder timeWait(Duration timeWait) {
            this.timeWait = timeWait;
            return this;
        }

        /** The orphaned FIN_WAIT_2 timeout, or null for none (RFC 9293 has none). */
        public Builder finWait2Timeout(Duration finWait2Timeout) {
            this.finWait2Timeout = finWait2Timeout;
            return this;
        }

        /** The initial retransmission timeout. */
        public Builder rtoInitial(Duration rtoInitial) {
            this.rtoInitial = rtoInitial;
            return this;
        }

        /** The least retransmission timeout. */
        public Builder rtoMin(Duration rtoMin) {
            this.rtoMin = rtoMin;
            return this;
        }

        /** The greatest retransmission timeout, where backoff stops doubling. */
        public Builder rtoMax(Duration rtoMax) {
            this.rtoMax = rtoMax;
            return this;
        }

        /** Retransmissions of data or FIN before a timeout (R2). */
        public Builder maxRetransmissions(int maxRetransmissions) {
            this.maxRetransmissions = maxRetransmissions;
            return this;
        }

        /** Retransmissions of a SYN before connect() fails. */
        public Builder synRetries(int synRetries) {
            this.synRetries = synRetries;
            return this;
        }

        /** Retransmissions allowed to an orphaned connection. */
        public Builder orphanRetries(int orphanRetries) {
            this.orphanRetries = orphanRetries;
            return this;
        }

        /** Idle time before the first keepalive probe. */
        public Builder keepAliveIdle(Duration keepAliveIdle) {
            this.keepAliveIdle = keepAliveIdle;
            return this;
        }

        /** Time between unanswered keepalive probes. */
        public Builder keepAliveInterval(Duration keepAliveInterval) {
            this.keepAliveInterval = keepAliveInterval;
            return this;
        }

        /** Unanswered probes before the connection is declared dead. */
        public Builder keepAliveProbes(int keepAliveProbes) {
            this.keepAliveProbes = keepAliveProbes;
            return this;
        }

        /** Whether TIME_WAIT ignores RST (RFC 1337 fix F1; Linux tcp_rfc1337). */
        public Builder rfc1337(boolean rfc1337) {
            this.rfc1337 = rfc1337;
            return this;
        }

        /** When connect() may take over a TIME_WAIT 4-tuple (Linux tcp_tw_reuse). */
        public Builder timeWaitReuse(TimeWaitReuse timeWaitReuse) {
            this.timeWaitReuse = timeWaitReuse;
            return this;
        }

        /** Whether the stack offers the timestamps option (RFC 7323). */
        public Builder timestamps(boolean timestamps) {
            this.timestamps = timestamps;
            return this;
        }

        /** The ISN clock's tick: 4 µs in RFC 9293, 64 ns on Linux. */
        public Builder isnTickNanos(long isnTickNanos) {
            this.isnTickNanos = isnTickNanos;
            return this;
        }

        /** What a lingering close does when its time runs out. */
        public Builder lingerTimeout(LingerTimeout lingerTimeout) {
            this.lingerTimeout = lingerTimeout;
            return this;
        }

        /** The maximum segment size. */
        public Builder mss(int mss) {
            this.mss = mss;
            return this;
        }

        /** The default receive buffer, in bytes. */
        public Builder receiveBuffer(int receiveBuffer) {
            this.receiveBuffer = receiveBuffer;
            return this;
        }

        /** The default send buffer, in bytes. */
        public Builder sendBuffer(int sendBuffer) {
            this.sendBuffer = sendBuffer;
            return this;
        }

        /** The least time between two challenge ACKs of one connection (RFC 5961 §7). */
        public Builder challengeAckInterval(Duration challengeAckInterval) {
            this.challengeAckInterval = challengeAckInterval;
            return this;
        }

        /** How TIME_WAIT treats SYNs, ACKs and RSTs: RFC 9293's rules or Linux's. */
        public Builder timeWaitRules(TimeWaitRules timeWaitRules) {
            this.timeWaitRules = timeWaitRules;
            return this;
        }

        /** The age a TIME_WAIT must reach before tcp_tw_reuse may take it over. */
        public Builder timeWaitReuseDelay(Duration timeWaitReuseDelay) {
            this.timeWaitReuseDelay = timeWaitReuseDelay;
            return this;
        }

        /** How long TS.Recent stays valid without a segment (RFC 7323 §5.5). */
        public Builder pawsIdleLimit(Duration pawsIdleLimit) {
            this.pawsIdleLimit = pawsIdleLimit;
            return this;
        }

        /** The quiet time after a crash, or null for none. */
        /** SYN retransmissions at the initial RTO before exponential backoff (Linux tcp_syn_linear_timeouts). */
        public Builder synLinearTimeouts(int n) {
            if (n < 0) throw new IllegalArgumentException("profile " + name + ": synLinearTimeouts cannot be " + n);
            this.synLinearTimeouts = n;
            return this;
        }

        /** How connect() picks ephemeral ports (RFC 6056 random selection unless said otherwise). */
        public Builder portSelection(PortSelection portSelection) {
            this.portSelection = portSelection;
            return this;
        }

        /** The quiet time after a crash (RFC 9293 §3.4.3), or null for none. */
        public Builder quietTime(Duration quietTime) {
            this.quietTime = quietTime;
            return this;
        }

        /** A quiet time of one MSL (of the MSL set so far), as RFC 9293 §3.4.3 describes it. */
        public Builder quietTimeOfOneMsl() {
            this.quietTime = msl;
            return this;
        }

        /** The profile; every duration must have been set. */
        public Profile build() {
            return new Profile(this);
        }
    }
}
