package dev.tcpspec.sim;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.spi.IoResult;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Seq;
import dev.tcpspec.trace.TcpOptions;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.TimerKind;
import dev.tcpspec.trace.TraceEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * One connection of the reference stack: the transmission control block of RFC 9293 §3.3.1 and the state machine of
 * §3.10 that drives it.
 *
 * <p>How to read it. A segment enters at {@link #receive}, which hands it to one of three handlers: {@link
 * #onSegmentInSynSent}, {@link #onSegmentInTimeWait}, or {@link #onSegment} for every other synchronized state (and
 * SYN_RECEIVED). {@code onSegment} follows the RFC's order of checks (PAWS, sequence number, RST, SYN, ACK, text,
 * FIN); the reaction of each state to an acknowledgement is decided in one switch ({@link #onAck}), its reaction to a
 * FIN in another ({@link #onFin}). The application's calls come in below ({@link #write}, {@link #read}, {@link
 * #shutdownOutput}, {@link #appClose}), timers after them. Everything runs on the network's virtual clock.
 *
 * <p>Where RFC 9293 leaves a choice the stack behaves as Linux does, and the profile supplies the numbers and the
 * policies where stacks differ (RFC 1337, TIME_WAIT's treatment of SYNs, tcp_tw_reuse, what a lingering close does
 * when its time runs out, the orphaned FIN_WAIT_2 timeout): close() with unread data or with SO_LINGER &lt;1,0&gt;
 * resets (RFC 2525 §2.17, RFC 9293 §3.10.5); data arriving after the application closed is answered with RST (RFC
 * 9293 §3.6.1, RFC 1122 §4.2.2.13); RST, SYN and ACK validation follow RFC 5961 with rate-limited challenge ACKs;
 * timestamps bring PAWS (RFC 7323); a RST in CLOSE_WAIT reports EPIPE, elsewhere ECONNRESET, as Linux's tcp_reset.
 *
 * <p>Each planted {@link Mutant} is a single, marked departure from this: search for {@code Mutant.}.
 */
final class Tcb {
    private static final int MAX_WINDOW = 65535;
    /** Linux starts a connection that takes over a TIME_WAIT 4-tuple at the old SND.NXT + 65535 + 2. */
    static final int TIME_WAIT_ISS_GAP = 65537;

    final Host host;
    final Network net;
    final Profile profile;
    final int localPort;
    final int remotePort;
    final int conn;
    final boolean reuseAddress;
    private final SimListener listener;

    TcpState state = TcpState.CLOSED;
    long enteredStateAt;

    // ---- send sequence space (RFC 9293 §3.3.1) ----
    private int iss;
    private boolean issFixed;
    private final long createdAt;
    private int sndUna;
    private int sndNxt;
    private int sndWnd;
    private int sndWl1;
    private int sndWl2;
    private int maxSndWnd;
    /** Bytes from {@code sendBufSeq} on: sent but unacknowledged, then not yet sent. */
    private final ByteQueue sendBuf = new ByteQueue();
    private int sendBufSeq;
    private final int sendCapacity;
    private boolean finQueued;
    private int finSeq;
    private boolean finSent;

    // ---- receive sequence space ----
    private int irs;
    private int rcvNxt;
    private final ByteQueue recvBuf = new ByteQueue();
    private final int recvCapacity;
    private final List<OutOfOrder> outOfOrder = new ArrayList<>(0);
    private boolean finReceived;
    private int advertisedWindow;
    private boolean ackNow;

    // ---- the application's side ----
    private boolean orphan;
    private boolean sndShutdown;
    private boolean rcvShutdown;
    private AppOutcome pendingError;
    private boolean errorReported;
    private final Integer lingerSeconds;

    // ---- retransmission (RFC 6298) ----
    private long rto;
    private long srtt = -1;
    private long rttvar;
    private int rttSeq;
    private long rttStart = -1;
    private int retries;

    // ---- keepalive (RFC 9293 §3.8.4) ----
    private final boolean keepAlive;
    private final long keepIdle;
    private final long keepInterval;
    private final int keepProbes;
    private int probesOut;
    private long lastHeard;

    // ---- timestamps and PAWS (RFC 7323) ----
    private boolean timestamps;
    private int tsRecent;
    private long tsRecentAt;
    private final int tsOffset;

    private long lastRateLimitedAck = Long.MIN_VALUE / 2;

    private final Timer rtxTimer;
    private Timer persistTimer;
    private Timer keepAliveTimer;
    private Timer timeWaitTimer;
    private Timer finWait2Timer;

    /** Data (and perhaps a FIN) that arrived ahead of a hole. */
    private record OutOfOrder(int seq, byte[] data, boolean fin) {
        int end() {
            return seq + data.length;
        }
    }

    Tcb(Host host, int localPort, int remotePort, int conn, SocketOptions options, SimListener listener) {
        this.host = host;
        this.net = host.net;
        this.profile = net.profile;
        this.localPort = localPort;
        this.remotePort = remotePort;
        this.conn = conn;
        this.listener = listener;
        this.reuseAddress = Boolean.TRUE.equals(options.reuseAddress());
        this.lingerSeconds = options.lingerSeconds();
        this.sendCapacity = options.sendBuffer() != null ? options.sendBuffer() : profile.sendBuffer();
        this.recvCapacity = options.receiveBuffer() != null ? options.receiveBuffer() : profile.receiveBuffer();
        this.keepAlive = options.keepAlive() || net.has(Mutant.KEEPALIVE_ON_BY_DEFAULT);
        this.keepIdle = (options.keepAliveIdle() != null ? options.keepAliveIdle() : profile.keepAliveIdle()).toNanos();
        this.keepInterval = (options.keepAliveInterval() != null ? options.keepAliveInterval()
                : profile.keepAliveInterval()).toNanos();
        this.keepProbes = options.keepAliveProbes() != null ? options.keepAliveProbes() : profile.keepAliveProbes();
        this.rto = profile.rtoInitial().toNanos();
        this.createdAt = net.now();
        this.issFixed = options.iss() != null;
        this.iss = options.iss() != null ? options.iss()
                : net.isn.isn(host.address, localPort, host.peer().address, remotePort, isnClock());
        this.tsOffset = net.isn.keyed(((long) host.address << 32) | host.peer().address,
                ((long) localPort << 16) | remotePort);
        this.rtxTimer = new Timer(net.loop, this, Timer.Kind.RETRANSMISSION);
    }

    /** A timer expired: what each kind does. The timers other than retransmission are made when first needed. */
    void onTimer(Timer.Kind kind) {
        switch (kind) {
            case RETRANSMISSION -> onRetransmissionTimeout();
            case PERSIST -> onPersistTimeout();
            case KEEPALIVE -> onKeepAliveTimeout();
            case TIME_WAIT -> close("TIME_WAIT timer expired");
            case FIN_WAIT_2 -> close("orphaned FIN_WAIT_2 timed out");
        }
    }

    private Timer persistTimer() {
        if (persistTimer == null) persistTimer = new Timer(net.loop, this, Timer.Kind.PERSIST);
        return persistTimer;
    }

    private Timer keepAliveTimer() {
        if (keepAliveTimer == null) keepAliveTimer = new Timer(net.loop, this, Timer.Kind.KEEPALIVE);
        return keepAliveTimer;
    }

    private Timer timeWaitTimer() {
        if (timeWaitTimer == null) timeWaitTimer = new Timer(net.loop, this, Timer.Kind.TIME_WAIT);
        return timeWaitTimer;
    }

    private Timer finWait2Timer() {
        if (finWait2Timer == null) finWait2Timer = new Timer(net.loop, this, Timer.Kind.FIN_WAIT_2);
        return finWait2Timer;
    }

    // =================================================================================================================
    // Opening
    // =================================================================================================================

    /**
     * connect(): SYN_SENT and a SYN. A host in its quiet time after a reboot (RFC 9293 §3.4.3) holds the SYN, and the
     * choice of ISS, until the quiet time ends.
     */
    void activeOpen(long quietUntil) {
        setState(TcpState.SYN_SENT, "connect()");
        if (quietUntil > net.now()) {
            net.note(host.side.label() + " keeps quiet until " + dev.tcpspec.trace.Trace.human(quietUntil)
                    + " (RFC 9293 §3.4.3) before sending its SYN");
            net.loop.schedule(quietUntil, this::sendFirstSyn);
            return;
        }
        sendFirstSyn();
    }

    private void sendFirstSyn() {
        if (state != TcpState.SYN_SENT) return;
        if (!issFixed && net.now() != createdAt) {
            iss = net.isn.isn(host.address, localPort, host.peer().address, remotePort, isnClock());
        }
        sndUna = iss;
        sndNxt = iss + 1;
        sendBufSeq = iss + 1;
        startRttSample(iss);
        sendSyn(false);
        rtxTimer.armIn(rto);
    }

    /** The time the ISN clock reads: the virtual clock (the IS-1 mutant truncates it to 32 bits of nanoseconds). */
    private long isnClock() {
        return net.has(Mutant.ISN_CLOCK_WRAPS_AT_2_31_NS) ? (int) net.now() : net.now();
    }

    /** A connection that takes over a TIME_WAIT 4-tuple starts above the old sequence space, with its TS.Recent. */
    void inheritFrom(Tcb timeWait) {
        issFixed = true;
        iss = timeWait.sndNxt + TIME_WAIT_ISS_GAP;
        if (iss == 0) iss = 1;
        if (timeWait.timestamps) {
            tsRecent = timeWait.tsRecent;
            tsRecentAt = timeWait.tsRecentAt;
        }
    }

    /**
     * A listener's child answers a SYN with SYN,ACK and enters SYN_RECEIVED (from LISTEN, as RFC 9293 draws it).
     *
     * @param issOverride the ISS to use, or null for the ISN generator's (a SYN that reopens a TIME_WAIT 4-tuple
     *                    brings old SND.NXT + 65537)
     */
    void passiveOpen(Segment syn, Integer issOverride) {
        if (issOverride != null) iss = issOverride;
        state = TcpState.LISTEN;
        irs = syn.seq();
        rcvNxt = syn.seq() + 1;
        sndUna = iss;
        sndNxt = iss + 1;
        sendBufSeq = iss + 1;
        takeWindow(syn, syn.seq(), iss);
        timestamps = profile.timestamps() && syn.options().hasTimestamps();
        if (timestamps) noteTsRecent(syn.options().tsVal());
        lastHeard = net.now();
        setState(TcpState.SYN_RECEIVED, "rcvd SYN");
        startRttSample(iss);
        sendSyn(true);
        rtxTimer.armIn(rto);
    }

    private void sendSyn(boolean withAck) {
        TcpOptions options = TcpOptions.NONE.withMss(profile.mss());
        if (profile.timestamps() && (!withAck || timestamps)) options = options.withTimestamps(tsVal(), tsRecent);
        int flags = Segment.SYN | (withAck ? Segment.ACK : 0);
        send(new Segment(localPort, remotePort, iss, withAck ? rcvNxt : 0, flags, receiveWindow(),
                Segment.NO_PAYLOAD, options));
    }

    // =================================================================================================================
    // Segment arrival (RFC 9293 §3.10.7)
    // =================================================================================================================

    void receive(Segment seg) {
        switch (state) {
            case SYN_SENT -> onSegmentInSynSent(seg);
            case TIME_WAIT -> onSegmentInTimeWait(seg);
            case CLOSED, LISTEN -> host.answerWithReset(seg);
            default -> onSegment(seg);
        }
    }

    /** RFC 9293 §3.10.7.3: SYN_SENT. */
    private void onSegmentInSynSent(Segment seg) {
        boolean ackAcceptable = seg.hasAck() && (Seq.gt(seg.ack(), iss)
                || (net.has(Mutant.SYN_SENT_ACCEPTS_ACK_OF_ISS) && seg.ack() == iss)) && Seq.le(seg.ack(), sndNxt);
        if (seg.hasAck() && !ackAcceptable) {
            if (seg.rst() && net.has(Mutant.SYN_SENT_ACCEPTS_ANY_RST)) {
                refused();
                return;
            }
            if (!seg.rst()) sendRst(seg.ack()); // <SEQ=SEG.ACK><CTL=RST>
            return;
        }
        if (seg.rst()) {
            if (ackAcceptable || net.has(Mutant.SYN_SENT_ACCEPTS_ANY_RST)) refused();
            return; // a RST without an ACK cannot be validated here: dropped
        }
        if (!seg.syn()) return;
        irs = seg.seq();
        rcvNxt = seg.seq() + 1;
        timestamps = profile.timestamps() && seg.options().hasTimestamps();
        if (timestamps) noteTsRecent(seg.options().tsVal());
        lastHeard = net.now();
        if (ackAcceptable) {
            sndUna = seg.ack();
            sendBufSeq = sndUna;
            takeWindow(seg, seg.seq(), seg.ack());
            endRttSample(seg.ack());
            rtxTimer.disarm();
            retries = 0;
            setState(TcpState.ESTABLISHED, "rcvd SYN,ACK");
            ackNow = true;
            armKeepAlive();
            transmit();
        } else {
            setState(TcpState.SYN_RECEIVED, "rcvd SYN (simultaneous open)");
            sendSyn(true);
        }
    }

    private void refused() {
        pendingError = AppOutcome.CONNECTION_REFUSED;
        close("rcvd RST in SYN_SENT");
    }

    /** Every state from SYN_RECEIVED to LAST_ACK: RFC 9293 §3.10.7.4 in its order of checks. */
    private void onSegment(Segment seg) {
        // PAWS (RFC 7323 §5.3 R1): an old TSval marks an old duplicate, whatever its sequence number
        if (pawsRejects(seg)) {
            if (!seg.rst()) ackUnacceptable(seg);
            return;
        }
        // first: is the sequence number acceptable?
        if (!acceptable(seg)) {
            if (!seg.rst() || net.has(Mutant.OUT_OF_WINDOW_RST_ACKED)) ackUnacceptable(seg);
            return;
        }
        heardFrom(seg);
        // second: RST (RFC 5961 §3.2: only at RCV.NXT exactly; elsewhere in the window, a challenge ACK)
        if (seg.rst()) {
            if (state == TcpState.SYN_RECEIVED && net.has(Mutant.SYN_RECEIVED_IGNORES_RST)) return;
            boolean exact = seg.seq() == rcvNxt && !net.has(Mutant.RST_CHALLENGED_EVEN_AT_RCV_NXT);
            boolean closing = state != TcpState.ESTABLISHED && state != TcpState.SYN_RECEIVED;
            if (exact || net.has(Mutant.RST_ACCEPTED_ANYWHERE_IN_WINDOW)
                    || (closing && net.has(Mutant.RST_ACCEPTED_IN_WINDOW_WHEN_CLOSING))) {
                onReset();
            } else {
                sendChallengeAck();
            }
            return;
        }
        // fourth: SYN in a synchronized state (RFC 5961 §4): a challenge ACK, never a reset
        if (seg.syn()) {
            if (net.has(Mutant.SYN_IN_ESTABLISHED_RESETS) && state != TcpState.SYN_RECEIVED) {
                pendingError = AppOutcome.CONNECTION_RESET;
                abortWithRst("rcvd SYN in " + state + " (RFC 793)");
            } else {
                sendChallengeAck();
            }
            return;
        }
        // fifth: ACK
        if (!seg.hasAck()) return;
        if (!onAck(seg)) return;
        if (timestamps && seg.options().hasTimestamps()
                && (Seq.le(seg.seq(), rcvNxt) || net.has(Mutant.TS_RECENT_FROM_ANY_SEGMENT))
                && (Seq.ge(seg.options().tsVal(), tsRecent) || tsRecentExpired())) {
            noteTsRecent(seg.options().tsVal());
        }
        // seventh: segment text
        if (seg.len() > 0 && !onData(seg)) return;
        // eighth: FIN
        if (seg.fin()) onFin(seg.seq() + seg.len());
        if (seg.seqLength() > 0) ackNow = true;
        transmit();
    }

    /** RFC 9293's four cases of segment acceptability, SEG.LEN counting SYN and FIN. */
    private boolean acceptable(Segment seg) {
        int len = seg.seqLength();
        int wnd = receiveWindow();
        if (len == 0) return wnd == 0 ? seg.seq() == rcvNxt : Seq.inWindow(seg.seq(), rcvNxt, rcvNxt + wnd);
        if (wnd == 0) return false;
        return Seq.inWindow(seg.seq(), rcvNxt, rcvNxt + wnd)
                || Seq.inWindow(seg.seq() + len - 1, rcvNxt, rcvNxt + wnd);
    }

    /** An acceptable segment arrived: the keepalive idle time starts over and unanswered probes are forgiven. */
    private void heardFrom(Segment seg) {
        if (!net.has(Mutant.KEEPALIVE_IDLE_NOT_RESTARTED)) lastHeard = net.now();
        probesOut = 0;
    }

    /**
     * The acknowledgement of an acceptable segment, and what it does in each state. Returns false if the segment
     * must be dropped here.
     */
    private boolean onAck(Segment seg) {
        int ack = seg.ack();
        if (state == TcpState.SYN_RECEIVED) {
            if (!(after(ack, sndUna) && !after(ack, sndNxt))) {
                sendRst(ack); // <SEQ=SEG.ACK><CTL=RST>
                return false;
            }
            sndUna = ack;
            sendBufSeq = sndUna;
            takeWindow(seg, seg.seq(), ack);
            endRttSample(ack);
            rtxTimer.disarm();
            retries = 0;
            setState(TcpState.ESTABLISHED, "rcvd ACK of SYN");
            armKeepAlive();
            if (listener != null) listener.established(this);
        }
        // RFC 5961 §5.2: SND.UNA - MAX.SND.WND <= SEG.ACK <= SND.NXT, else send an ACK and drop
        if (after(ack, sndNxt)) {
            if (!net.has(Mutant.ACK_OF_UNSENT_DATA_ACCEPTED)) {
                sendChallengeAck(); // acknowledges something not yet sent
                return false;
            }
            ack = sndUna; // the deviation: keep the segment, ignore its ACK field
        }
        if (before(ack, sndUna - maxSndWnd) && !net.has(Mutant.OLD_ACK_ACCEPTED)) {
            sendChallengeAck(); // acknowledges data long gone: an old duplicate or a blind attack
            return false;
        }
        boolean duplicate = ack == sndUna;
        boolean advanced = after(ack, sndUna);
        if (advanced) acknowledge(ack);
        if (Seq.lt(sndWl1, seg.seq()) || (sndWl1 == seg.seq() && Seq.le(sndWl2, ack))) takeWindow(seg, seg.seq(), ack);
        boolean finAcked = finSent && after(sndUna, finSeq);
        switch (state) {
            case FIN_WAIT_1 -> {
                // a FIN that also acknowledges ours goes straight to TIME_WAIT (onFin), not through FIN_WAIT_2
                boolean finHereInSequence = seg.fin() && Seq.le(seg.seq(), rcvNxt);
                boolean leave = net.has(Mutant.PARTIAL_ACK_ENDS_FIN_WAIT_1) ? advanced : finAcked;
                if (leave && !finHereInSequence) enterFinWait2("rcvd ACK of FIN");
            }
            case CLOSING -> {
                if (finAcked) {
                    if (net.has(Mutant.CLOSING_SKIPS_TIME_WAIT)) {
                        close("rcvd ACK of FIN in CLOSING");
                        return false;
                    }
                    enterTimeWait("rcvd ACK of FIN");
                }
            }
            case LAST_ACK -> {
                if (finAcked || (net.has(Mutant.LAST_ACK_CLOSES_ON_ANY_ACK) && !after(ack, sndNxt))) {
                    close("rcvd ACK of FIN");
                    return false;
                }
                // a pure duplicate: the peer may not know our state; a partial ACK only advances SND.UNA
                if (duplicate && seg.len() == 0 && !seg.fin()) sendChallengeAck();
            }
            default -> {
            }
        }
        return true;
    }

    /** SND.UNA moves to {@code ack}: acknowledged data leaves the send buffer, the RTO is re-armed or stopped. */
    private void acknowledge(int ack) {
        int dataAcked = Math.min(Seq.diff(ack, sendBufSeq), sendBuf.size());
        if (dataAcked > 0) {
            sendBuf.drop(dataAcked);
            sendBufSeq += dataAcked;
        }
        sndUna = ack;
        endRttSample(ack);
        if (!net.has(Mutant.RETRY_COUNT_NOT_RESET_BY_ACK)) retries = 0;
        if (sndUna == sndNxt) {
            rtxTimer.disarm();
        } else {
            rtxTimer.armIn(rto);
        }
    }

    /**
     * Segment text in ESTABLISHED, FIN_WAIT_1 or FIN_WAIT_2 (elsewhere the peer has sent its FIN and cannot send
     * more). Returns false if the connection was reset for it.
     */
    private boolean onData(Segment seg) {
        if (state != TcpState.ESTABLISHED && state != TcpState.FIN_WAIT_1 && state != TcpState.FIN_WAIT_2) {
            if (net.has(Mutant.DATA_AFTER_FIN_ACCEPTED) && seg.seq() == rcvNxt && !orphan) {
                recvBuf.append(seg.payload(), 0, seg.len());
                rcvNxt += seg.len();
            }
            return true;
        }
        boolean closedForReading = rcvShutdown && (state != TcpState.ESTABLISHED
                || net.has(Mutant.SHUTDOWN_INPUT_RESETS_ON_DATA));
        if (closedForReading && Seq.gt(seg.seq() + seg.len(), rcvNxt) && !net.has(Mutant.ORPHAN_ACCEPTS_DATA)) {
            // RFC 9293 §3.6.1, RFC 1122 §4.2.2.13: nobody will read this; tell the peer it was lost (TCPAbortOnData)
            host.answerWithReset(seg);
            close("rcvd data after close()");
            return false;
        }
        int skip = Seq.diff(rcvNxt, seg.seq());
        if (skip < 0) {
            outOfOrder.add(new OutOfOrder(seg.seq(), seg.payload(), seg.fin()));
            ackNow = true; // a duplicate ACK tells the sender where the hole is
            return true;
        }
        if (skip < seg.len()) {
            byte[] p = seg.payload();
            int n = Math.min(p.length - skip, Math.max(0, receiveWindow()));
            accept(p, skip, n);
        }
        drainOutOfOrder();
        ackNow = true;
        return true;
    }

    private void accept(byte[] p, int off, int n) {
        boolean deliver = !(net.has(Mutant.FIN_WAIT_DROPS_DATA) && sndShutdown && !orphan);
        if (deliver && !closedToData()) recvBuf.append(p, off, n);
        rcvNxt += n;
    }

    /** After close() the application reads nothing more; data that still arrives in sequence is dropped. */
    private boolean closedToData() {
        return orphan;
    }

    /** Moves segments that the latest data made contiguous into the receive buffer, and processes their FIN. */
    private void drainOutOfOrder() {
        boolean progress = true;
        while (progress && !outOfOrder.isEmpty()) {
            progress = false;
            for (int i = 0; i < outOfOrder.size(); i++) {
                OutOfOrder o = outOfOrder.get(i);
                if (Seq.gt(o.seq(), rcvNxt)) continue;
                outOfOrder.remove(i);
                int skip = Seq.diff(rcvNxt, o.seq());
                if (skip < o.data().length) accept(o.data(), skip, o.data().length - skip);
                if (o.fin() && o.end() == rcvNxt) onFin(o.end());
                progress = true;
                break;
            }
        }
    }

    /**
     * A FIN at sequence number {@code at}, and what it does in each state. It is processed only in sequence (RFC
     * 9293 §3.10.7.4, eighth): a FIN beyond a hole waits for the hole to fill; a duplicate changes nothing.
     */
    private void onFin(int at) {
        if (finReceived) return;
        if (at != rcvNxt) {
            if (!Seq.gt(at, rcvNxt)) return;
            if (!net.has(Mutant.FIN_ACCEPTED_OUT_OF_ORDER)) {
                outOfOrder.add(new OutOfOrder(at, Segment.NO_PAYLOAD, true));
                return;
            }
            rcvNxt = at; // the deviation: skip the hole
        }
        rcvNxt = net.has(Mutant.FIN_TAKES_NO_SEQUENCE_NUMBER) ? at : at + 1;
        finReceived = true;
        ackNow = true;
        switch (state) {
            case SYN_RECEIVED, ESTABLISHED -> {
                setState(TcpState.CLOSE_WAIT, "rcvd FIN");
                if (net.has(Mutant.CLOSE_WAIT_AUTOCLOSE)) shutdownOutput("closed without the application");
            }
            case FIN_WAIT_1 -> {
                boolean ourFinAcked = finSent && Seq.gt(sndUna, finSeq);
                if (ourFinAcked && !net.has(Mutant.FIN_ACK_IN_FIN_WAIT_1_ENTERS_CLOSING)) {
                    enterTimeWait("rcvd FIN acknowledging ours");
                } else {
                    setState(TcpState.CLOSING, "rcvd FIN");
                }
            }
            case FIN_WAIT_2 -> enterTimeWait("rcvd FIN");
            default -> {
            }
        }
    }

    /** A RST was accepted (RFC 9293 §3.10.7.4 second): what each state makes of it. */
    private void onReset() {
        if (net.has(Mutant.RST_DISCARDS_RECEIVED_DATA)) recvBuf.clear();
        switch (state) {
            case SYN_RECEIVED -> {
                if (listener != null) {
                    // a passive open returns to LISTEN: the child goes (CLOSED), the listener stays
                    close("rcvd RST in SYN_RECEIVED: the passive open returns to LISTEN");
                    return;
                }
                pendingError = AppOutcome.CONNECTION_REFUSED;
            }
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 -> pendingError = AppOutcome.CONNECTION_RESET;
            case CLOSE_WAIT -> pendingError = net.has(Mutant.RST_IN_CLOSE_WAIT_REPORTS_RESET)
                    ? AppOutcome.CONNECTION_RESET : AppOutcome.BROKEN_PIPE; // Linux tcp_reset
            default -> {
            }
        }
        close("rcvd RST");
    }

    /**
     * TIME_WAIT (RFC 9293 §3.10.7.4, RFC 1337, RFC 6191; Linux tcp_timewait_state_process): the only thing expected
     * is a retransmission of the peer's FIN, to be ACKed again with the timer restarted; a RST at RCV.NXT ends it
     * unless RFC 1337 is on; a provably new SYN may reopen the 4-tuple.
     */
    private void onSegmentInTimeWait(Segment seg) {
        boolean linux = profile.timeWaitRules() == Profile.TimeWaitRules.LINUX;
        boolean paws = pawsRejects(seg);
        if (!paws && seg.seq() == rcvNxt && (seg.seqLength() == 0 || seg.rst()) && !seg.syn()) {
            // in the window, exactly at RCV.NXT: a RST or a bare ACK
            if (seg.rst()) {
                if (!profile.rfc1337() && !net.has(Mutant.TIME_WAIT_IGNORES_RST)) close("rcvd RST in TIME_WAIT");
                return; // RFC 1337 fix F1: TIME_WAIT is not assassinated
            }
            if (linux) armTimeWait();
            if (timestamps && seg.options().hasTimestamps()) noteTsRecent(seg.options().tsVal());
            return;
        }
        if (seg.syn() && !seg.rst() && !seg.hasAck() && !paws) {
            boolean accept = net.has(Mutant.TIME_WAIT_ACCEPTS_OLD_SYN) || provablyNewSyn(seg);
            if (accept && !net.has(Mutant.TIME_WAIT_REJECTS_NEW_SYN)) {
                host.reopenFromTimeWait(this, seg);
                return;
            }
            if (!linux) {
                if (net.has(Mutant.TIME_WAIT_RESTARTED_BY_SYN)) armTimeWait();
                return; // RFC 6191: an old duplicate SYN is silently dropped
            }
        }
        if (seg.rst()) {
            boolean inWindow = Seq.inWindow(seg.seq(), rcvNxt, rcvNxt + Math.max(1, receiveWindow()));
            if (inWindow && net.has(Mutant.TIME_WAIT_ACCEPTS_RST_IN_WINDOW)) {
                close("rcvd RST in the window in TIME_WAIT");
                return;
            }
            if (!linux && inWindow && !profile.rfc1337() && !net.has(Mutant.TIME_WAIT_IGNORES_RST)) sendChallengeAck();
            return;
        }
        if (net.has(Mutant.NO_REACK_IN_TIME_WAIT) && seg.fin()) return;
        // a retransmitted FIN (or another old segment): restart the timer and acknowledge. RFC 9293: only a FIN
        // restarts it; Linux: any segment with an ACK (or one PAWS rejects); an ACK-less SYN never does
        boolean restartedByAck = (linux || net.has(Mutant.TIME_WAIT_RESTARTED_BY_ACK)) && (paws || seg.hasAck());
        boolean restartedBySyn = net.has(Mutant.TIME_WAIT_RESTARTED_BY_SYN) && seg.syn() && !seg.hasAck();
        if (seg.fin() || restartedByAck || restartedBySyn) armTimeWait();
        if (net.has(Mutant.TIME_WAIT_SILENT_TO_OLD_SEGMENTS) && !seg.fin()) return;
        ackUnacceptable(seg);
    }

    /**
     * Whether a SYN arriving in TIME_WAIT is provably of a new incarnation. RFC 6191: a newer TSval, or (equal TSval
     * or no timestamps) a sequence number above RCV.NXT. Linux: SEG.SEQ after RCV.NXT or a newer TSval.
     */
    private boolean provablyNewSyn(Segment syn) {
        boolean seqAbove = Seq.gt(syn.seq(), rcvNxt)
                || (net.has(Mutant.TIME_WAIT_SYN_AT_RCV_NXT_IS_NEW) && syn.seq() == rcvNxt);
        boolean hasTs = timestamps && syn.options().hasTimestamps();
        if (profile.timeWaitRules() == Profile.TimeWaitRules.LINUX) {
            return seqAbove || (hasTs && Seq.gt(syn.options().tsVal(), tsRecent));
        }
        if (!hasTs) return seqAbove || (!timestamps && syn.options().hasTimestamps() && profile.timestamps());
        int ts = syn.options().tsVal();
        return Seq.gt(ts, tsRecent) || (ts == tsRecent && seqAbove);
    }

    // ---- PAWS and timestamps (RFC 7323) ----------------------------------------------------------------------------

    private boolean pawsRejects(Segment seg) {
        if (!timestamps || seg.rst() || !seg.options().hasTimestamps() || net.has(Mutant.NO_PAWS)) return false;
        if (!Seq.lt(seg.options().tsVal(), tsRecent)) return false;
        // RFC 7323 §5.5: after 24 days of silence TS.Recent is no longer trusted
        return !tsRecentExpired();
    }

    private boolean tsRecentExpired() {
        return !net.has(Mutant.PAWS_NEVER_EXPIRES) && net.now() - tsRecentAt > profile.pawsIdleLimit().toNanos();
    }

    private void noteTsRecent(int tsVal) {
        tsRecent = tsVal;
        tsRecentAt = net.now();
    }

    // =================================================================================================================
    // The application's calls
    // =================================================================================================================

    /** Queues as much of {@code data} as the send buffer takes; the count accepted, or an error. */
    IoResult write(byte[] data) {
        AppOutcome err = takeError();
        if (err != null) return IoResult.of(err);
        if (sndShutdown || state == TcpState.CLOSED) return IoResult.of(AppOutcome.BROKEN_PIPE);
        if (state == TcpState.CLOSE_WAIT && net.has(Mutant.CLOSE_WAIT_WRITE_FAILS)) {
            return IoResult.of(AppOutcome.BROKEN_PIPE);
        }
        if (state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED || state == TcpState.LISTEN) {
            return IoResult.of(AppOutcome.NOT_CONNECTED);
        }
        int n = Math.min(data.length, sendCapacity - sendBuf.size());
        sendBuf.append(data, 0, n);
        transmit();
        return IoResult.written(n, 0);
    }

    /** Whether a blocked read would return now. */
    boolean readable() {
        return !recvBuf.isEmpty() || finReceived || rcvShutdown || pendingError != null || state == TcpState.CLOSED;
    }

    /**
     * Reads up to {@code max} bytes, or null if a read would still block. As on Linux: data already received comes
     * first, even after a reset; then EOF if the peer's FIN arrived; then a pending error, reported once; then EOF.
     */
    IoResult read(int max) {
        if (!recvBuf.isEmpty()) {
            byte[] data = recvBuf.take(max);
            maybeSendWindowUpdate();
            return IoResult.data(data, 0);
        }
        if (finReceived) return IoResult.of(AppOutcome.EOF);
        AppOutcome err = takeError();
        if (err != null) return IoResult.of(err);
        if (rcvShutdown || state == TcpState.CLOSED) return IoResult.of(AppOutcome.EOF);
        return null;
    }

    /** The error ending a connect(), for a socket that never got established. */
    AppOutcome connectError() {
        AppOutcome err = takeError();
        return err != null ? err : AppOutcome.CONNECTION_REFUSED;
    }

    /** The pending error, reported once (as Linux's sk_err); afterwards reads see EOF and writes EPIPE. */
    private AppOutcome takeError() {
        if (pendingError == null || errorReported) return null;
        errorReported = true;
        return pendingError;
    }

    /** shutdown(SHUT_WR): queue FIN behind the data. */
    void shutdownOutput(String cause) {
        if (sndShutdown) return;
        sndShutdown = true;
        finQueued = true;
        if (net.has(Mutant.FIN_JUMPS_SEND_QUEUE) && sendBuf.size() > Seq.diff(sndNxt, sendBufSeq)) {
            sendBuf.truncate(Math.max(0, Seq.diff(sndNxt, sendBufSeq))); // unsent data thrown away
        }
        finSeq = sendBufSeq + sendBuf.size();
        switch (state) {
            case ESTABLISHED, SYN_RECEIVED -> setState(TcpState.FIN_WAIT_1, cause);
            case CLOSE_WAIT -> setState(TcpState.LAST_ACK, cause);
            default -> {
            }
        }
        transmit();
    }

    /**
     * shutdown(SHUT_RD): no segment is sent; reads return what was already received, then EOF, repeatedly (Linux).
     */
    void shutdownInput() {
        rcvShutdown = true;
        if (net.has(Mutant.SHUTDOWN_INPUT_SENDS_FIN)) shutdownOutput("shutdownInput()");
    }

    /** The last handle was closed: close(2) of the last descriptor (Linux __tcp_close). */
    void appClose() {
        boolean wasOrphan = orphan;
        orphan = true;
        rcvShutdown = true;
        switch (state) {
            case CLOSED, TIME_WAIT -> {
                // nothing left to close (OC-10); a TIME_WAIT runs on without its descriptor
            }
            case LISTEN, SYN_SENT -> {
                if (state == TcpState.SYN_SENT && net.has(Mutant.SYN_SENT_CLOSE_KEEPS_TRYING)) return;
                close("close() in " + state); // nothing sent (HS-3)
            }
            default -> {
                boolean unread = !recvBuf.isEmpty();
                boolean lingering = lingerSeconds != null && lingerSeconds > 0;
                boolean lingerZero = lingerSeconds != null && lingerSeconds == 0;
                if (unread && !net.has(Mutant.UNREAD_CLOSE_SENDS_FIN)
                        && !(lingering && net.has(Mutant.LINGER_BEFORE_UNREAD_CHECK))
                        && !(sndShutdown && net.has(Mutant.UNREAD_CLOSE_AFTER_SHUTDOWN_SILENT))) {
                    abortWithRst("close() with unread data"); // RFC 2525 §2.17: signal the loss
                } else if (lingerZero && !net.has(Mutant.LINGER_ZERO_SENDS_FIN)) {
                    if (state == TcpState.CLOSING || state == TcpState.LAST_ACK) {
                        close("close() with SO_LINGER <1,0>"); // Linux tcp_disconnect: all sent, no RST needed
                    } else {
                        abortWithRst("close() with SO_LINGER <1,0>");
                    }
                } else if (sndShutdown) {
                    // already closing: close() sends nothing more (OC-10)
                    if (net.has(Mutant.REPEATED_CLOSE_SENDS_FIN) && finSent && !wasOrphan) resendFin();
                    if (state == TcpState.FIN_WAIT_2 && !net.has(Mutant.CLOSE_AFTER_SHUTDOWN_ARMS_NO_TIMER)) armFinWait2();
                } else {
                    shutdownOutput("close()");
                }
            }
        }
    }

    /** Whether a lingering close may return: the FIN is acknowledged or the connection is gone. */
    boolean lingerDone() {
        return state == TcpState.CLOSED || state == TcpState.TIME_WAIT || state == TcpState.FIN_WAIT_2
                || (finSent && Seq.gt(sndUna, finSeq));
    }

    Integer lingerSeconds() {
        return lingerSeconds;
    }

    boolean timestampsOn() {
        return timestamps;
    }

    // =================================================================================================================
    // Sending
    // =================================================================================================================

    /** Sends what the window allows: data, then the FIN once all data is out; otherwise a pending ACK. */
    private void transmit() {
        switch (state) {
            case CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, TIME_WAIT -> {
                if (ackNow && state == TcpState.TIME_WAIT) sendAck();
                ackNow = false;
                return;
            }
            default -> {
            }
        }
        while (true) {
            int offset = Seq.diff(sndNxt, sendBufSeq);
            int unsent = sendBuf.size() - offset;
            if (unsent < 0) break; // only the FIN is outstanding
            int allowed = Math.max(0, Seq.diff(sndUna + sndWnd, sndNxt));
            int n = Math.min(Math.min(unsent, profile.mss()), allowed);
            boolean fin = finQueued && !finSent && n == unsent;
            if (n == 0 && !fin) {
                if (unsent > 0 && sndWnd == 0 && !rtxTimer.armed() && !persistTimer().armed()) {
                    persistTimer().armIn(rto);
                }
                break;
            }
            byte[] payload = n == 0 ? Segment.NO_PAYLOAD : sendBuf.peek(offset, n);
            int flags = Segment.ACK | (fin ? Segment.FIN : 0) | (n > 0 && n == unsent ? Segment.PSH : 0);
            send(segment(sndNxt, flags, payload));
            if (rttStart < 0) startRttSample(sndNxt);
            sndNxt += n + (fin ? 1 : 0);
            if (fin) finSent = true;
            ackNow = false;
            if (!rtxTimer.armed()) rtxTimer.armIn(rto);
        }
        if (ackNow) sendAck();
    }

    private void sendAck() {
        send(segment(sndNxt, Segment.ACK, Segment.NO_PAYLOAD));
        ackNow = false;
    }

    /** On RTO: resend the oldest unacknowledged segment (SYN, data or FIN). */
    private void retransmitHead() {
        switch (state) {
            case SYN_SENT -> sendSyn(false);
            case SYN_RECEIVED -> sendSyn(true);
            default -> {
                int offset = Seq.diff(sndUna, sendBufSeq);
                int n = Math.max(0, Math.min(sendBuf.size() - offset, profile.mss()));
                boolean fin = finSent && sndUna + n == finSeq;
                byte[] payload = n == 0 ? Segment.NO_PAYLOAD : sendBuf.peek(offset, n);
                send(segment(sndUna, Segment.ACK | (fin ? Segment.FIN : 0), payload));
            }
        }
    }

    /** The planted deviation of OC-10: the FIN sent once more. */
    private void resendFin() {
        send(segment(finSeq, Segment.ACK | Segment.FIN, Segment.NO_PAYLOAD));
    }

    /**
     * RFC 9293 §3.8.6.2.2: after the application reads, tell the sender about a window that grew by at least
     * min(half the buffer, one MSS). Not once the peer's FIN has arrived: it will send nothing more (TW-5).
     */
    private void maybeSendWindowUpdate() {
        boolean peerMaySend = !finReceived || net.has(Mutant.WINDOW_UPDATE_AFTER_FIN);
        if (!peerMaySend || state == TcpState.CLOSED || state == TcpState.TIME_WAIT || !state.isSynchronized()) {
            return;
        }
        int grown = receiveWindow() - advertisedWindow;
        if (grown >= Math.min(recvCapacity / 2, profile.mss())) {
            ackNow = true;
            transmit();
        }
    }

    /**
     * The ACK that answers an unacceptable segment (RFC 9293 §3.10.7.4 first). Data and FIN segments always get
     * theirs (they are retransmissions whose ACK was lost); others at most one per challengeAckInterval (RFC 5961 §7;
     * Linux tcp_invalid_ratelimit).
     */
    private void ackUnacceptable(Segment seg) {
        boolean carriesSequence = (seg.len() > 0 || seg.fin()) && !seg.syn();
        if (carriesSequence && !net.has(Mutant.DUPLICATE_DATA_ACKS_RATE_LIMITED)) {
            sendAck();
        } else {
            sendChallengeAck();
        }
    }

    /** A challenge or duplicate ACK, at most one per challengeAckInterval (RFC 5961 §7). */
    private void sendChallengeAck() {
        long now = net.now();
        if (now - lastRateLimitedAck < profile.challengeAckInterval().toNanos()
                && !net.has(Mutant.NO_CHALLENGE_ACK_RATE_LIMIT)) {
            if (net.has(Mutant.CHALLENGE_ACK_LIMIT_COUNTS_SUPPRESSED)) lastRateLimitedAck = now;
            return;
        }
        lastRateLimitedAck = now;
        sendAck();
    }

    /** A RST with SEG.SEQ = {@code seq}, no ACK. */
    private void sendRst(int seq) {
        send(new Segment(localPort, remotePort, seq, 0, Segment.RST, 0, Segment.NO_PAYLOAD, TcpOptions.NONE));
    }

    private Segment segment(int seq, int flags, byte[] payload) {
        TcpOptions options = timestamps ? TcpOptions.NONE.withTimestamps(tsVal(), tsRecent) : TcpOptions.NONE;
        int window = receiveWindow();
        advertisedWindow = window;
        return new Segment(localPort, remotePort, seq, rcvNxt, flags, window, payload, options);
    }

    private void send(Segment s) {
        host.send(s);
    }

    private int receiveWindow() {
        return Math.max(0, Math.min(MAX_WINDOW, recvCapacity - recvBuf.size()));
    }

    /** TSval: a 1 kHz clock plus a per-connection offset (Linux randomises it per connection). */
    private int tsVal() {
        return (int) (net.now() / 1_000_000L) + tsOffset;
    }

    private void takeWindow(Segment s, int seq, int ack) {
        sndWnd = s.window();
        sndWl1 = seq;
        sndWl2 = ack;
        maxSndWnd = Math.max(maxSndWnd, sndWnd);
        if (sndWnd > 0 && persistTimer != null) persistTimer.disarm();
    }

    /** Sequence comparison used on acknowledgement numbers (the SQ-1 mutant compares them without the wrap). */
    private boolean after(int a, int b) {
        return net.has(Mutant.SEQUENCE_COMPARE_WITHOUT_WRAP) ? Integer.compareUnsigned(a, b) > 0 : Seq.gt(a, b);
    }

    private boolean before(int a, int b) {
        return net.has(Mutant.SEQUENCE_COMPARE_WITHOUT_WRAP) ? Integer.compareUnsigned(a, b) < 0 : Seq.lt(a, b);
    }

    // =================================================================================================================
    // Closing
    // =================================================================================================================

    /** Abortive close: RST,ACK at SND.NXT (a RST consumes no sequence number), queues dropped, CLOSED at once. */
    void abortWithRst(String cause) {
        if (state == TcpState.CLOSED) return;
        if (state != TcpState.SYN_SENT) {
            int seq = net.has(Mutant.ABORT_RST_AT_SND_UNA) ? sndUna : sndNxt;
            send(new Segment(localPort, remotePort, seq, rcvNxt, Segment.RST | Segment.ACK, 0, Segment.NO_PAYLOAD,
                    TcpOptions.NONE));
        }
        sendBuf.clear();
        close(cause);
    }

    private void enterFinWait2(String cause) {
        setState(TcpState.FIN_WAIT_2, cause);
        if (orphan || net.has(Mutant.HALF_CLOSED_FIN_WAIT_2_TIMES_OUT)) armFinWait2();
    }

    private void enterTimeWait(String cause) {
        stopTimers();
        if (net.has(Mutant.NO_TIME_WAIT)) {
            if (ackNow) sendAck();
            close(cause + "; no TIME_WAIT");
            return;
        }
        setState(TcpState.TIME_WAIT, cause);
        armTimeWait();
    }

    /** The connection is gone: CLOSED, timers stopped, removed from the host (its 4-tuple is free again). */
    void close(String cause) {
        stopTimers();
        if (listener != null && state == TcpState.SYN_RECEIVED) listener.forget(this);
        setState(TcpState.CLOSED, cause);
        host.remove(this);
    }

    /** The host crashed: the connection disappears without a segment. */
    void vanish() {
        stopTimers();
        setState(TcpState.CLOSED, "host crashed");
    }

    /** A new connection takes over this TIME_WAIT 4-tuple (tcp_tw_reuse, a bound connect(), or a new SYN). */
    void yieldTimeWait(String cause) {
        close(cause);
    }

    private void setState(TcpState next, String cause) {
        if (next == state) return;
        if (net.recording) net.record(new TraceEvent.StateChange(net.now(), host.side, conn, state, next, cause));
        state = next;
        enteredStateAt = net.now();
    }

    // =================================================================================================================
    // Timers
    // =================================================================================================================

    private void onRetransmissionTimeout() {
        retries++;
        // Linux 6.5+ (tcp_syn_linear_timeouts): the first SYN retransmissions come at the initial RTO, unbacked, and
        // on top of the SYN limit
        int linear = state == TcpState.SYN_SENT ? profile.synLinearTimeouts() : 0;
        int limit = switch (state) {
            case SYN_SENT, SYN_RECEIVED -> (net.has(Mutant.SYN_RETRIES_USE_DATA_LIMIT) ? profile.maxRetransmissions()
                    : profile.synRetries()) + linear;
            default -> orphan ? profile.orphanRetries() : profile.maxRetransmissions();
        };
        if (net.recording) {
            net.record(new TraceEvent.Timer(net.now(), host.side, conn, TimerKind.RETRANSMISSION,
                    TraceEvent.TimerAction.FIRED, rto));
        }
        if (retries > limit && !net.has(Mutant.RETRANSMITS_FOREVER)) {
            if (!orphan) {
                pendingError = state == TcpState.SYN_SENT && net.has(Mutant.CONNECT_TIMEOUT_REPORTED_AS_REFUSED)
                        ? AppOutcome.CONNECTION_REFUSED : AppOutcome.CONNECTION_TIMED_OUT;
            }
            close("retransmission limit reached (" + limit + " retries)");
            return;
        }
        if (!net.has(Mutant.NO_RTO_BACKOFF) && retries > linear) rto = Math.min(rto * 2, profile.rtoMax().toNanos());
        if (!net.has(Mutant.RTT_SAMPLED_FROM_RETRANSMISSION)) rttStart = -1; // Karn: no RTT sample from a retransmission
        retransmitHead();
        rtxTimer.armIn(rto);
    }

    private void onPersistTimeout() {
        if (sndWnd > 0 || state == TcpState.CLOSED || net.has(Mutant.NO_ZERO_WINDOW_PROBE)) return;
        // a zero-window probe at SND.UNA - 1, as Linux sends it: the peer must answer with its window
        send(segment(sndUna - 1, Segment.ACK, Segment.NO_PAYLOAD));
        persistTimer().armIn(Math.min(rto * 2, profile.rtoMax().toNanos()));
    }

    private void armKeepAlive() {
        if (keepAlive) keepAliveTimer().armIn(keepIdle);
    }

    /** Linux tcp_keepalive_timer: idle time counted from the last segment received, probes every interval. */
    private void onKeepAliveTimeout() {
        switch (state) {
            case ESTABLISHED, CLOSE_WAIT, FIN_WAIT_2 -> {
            }
            default -> {
                return;
            }
        }
        if (state != TcpState.ESTABLISHED && net.has(Mutant.KEEPALIVE_STOPS_AFTER_SHUTDOWN)) return;
        if (sndUna != sndNxt || !sendBuf.isEmpty() && Seq.diff(sndNxt, sendBufSeq) < sendBuf.size()) {
            keepAliveTimer().armIn(keepIdle); // data outstanding: retransmissions watch the peer
            return;
        }
        long idle = net.now() - lastHeard;
        if (idle < keepIdle) {
            keepAliveTimer().armIn(keepIdle - idle);
            return;
        }
        int limit = net.has(Mutant.KEEPALIVE_ONE_PROBE_KILLS) ? 1 : keepProbes;
        if (net.recording) {
            net.record(new TraceEvent.Timer(net.now(), host.side, conn, TimerKind.KEEPALIVE,
                    TraceEvent.TimerAction.FIRED, probesOut == 0 ? keepIdle : keepInterval));
        }
        if (probesOut >= limit) {
            pendingError = AppOutcome.CONNECTION_TIMED_OUT;
            abortWithRst("keepalive: " + probesOut + " probes unanswered");
            return;
        }
        // SEG.SEQ = SND.NXT - 1 and no data (SHLD-12): an old sequence number the peer must acknowledge
        int seq = net.has(Mutant.KEEPALIVE_PROBE_AT_SND_NXT) ? sndNxt : sndNxt - 1;
        send(segment(seq, Segment.ACK, Segment.NO_PAYLOAD));
        probesOut++;
        keepAliveTimer().armIn(keepInterval);
    }

    private void armTimeWait() {
        long length = (net.has(Mutant.SHORT_TIME_WAIT) ? profile.msl() : profile.timeWait()).toNanos();
        if (net.recording) {
            net.record(new TraceEvent.Timer(net.now(), host.side, conn, TimerKind.TIME_WAIT,
                    TraceEvent.TimerAction.ARMED, length));
        }
        timeWaitTimer().armIn(length);
    }

    private void armFinWait2() {
        if (!profile.hasFinWait2Timeout() || (finWait2Timer != null && finWait2Timer.armed())) return;
        if (net.has(Mutant.ORPHAN_FIN_WAIT_2_NEVER_TIMES_OUT) && orphan) return;
        long length = profile.finWait2Timeout().toNanos();
        if (net.recording) {
            net.record(new TraceEvent.Timer(net.now(), host.side, conn, TimerKind.FIN_WAIT_2,
                    TraceEvent.TimerAction.ARMED, length));
        }
        finWait2Timer().armIn(length);
    }

    private void stopTimers() {
        rtxTimer.disarm();
        if (persistTimer != null) persistTimer.disarm();
        if (keepAliveTimer != null) keepAliveTimer.disarm();
        if (timeWaitTimer != null) timeWaitTimer.disarm();
        if (finWait2Timer != null) finWait2Timer.disarm();
    }

    // ---- round-trip time (RFC 6298) -------------------------------------------------------------------------------

    private void startRttSample(int seq) {
        rttSeq = seq;
        rttStart = net.now();
    }

    private void endRttSample(int ack) {
        if (rttStart < 0 || !Seq.gt(ack, rttSeq)) return;
        long r = net.now() - rttStart;
        rttStart = -1;
        if (srtt < 0) {
            srtt = r;
            rttvar = r / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - r)) / 4;
            srtt = (7 * srtt + r) / 8;
        }
        rto = Math.max(profile.rtoMin().toNanos(), Math.min(profile.rtoMax().toNanos(), srtt + 4 * rttvar));
    }

    // ---- for the reference stack's own tests -----------------------------------------------------------------------

    int sndNxt() {
        return sndNxt;
    }

    int sndUna() {
        return sndUna;
    }

    /** The window this end advertises now. */
    int window() {
        return receiveWindow();
    }

    int rcvNxt() {
        return rcvNxt;
    }

    int iss() {
        return iss;
    }
}
