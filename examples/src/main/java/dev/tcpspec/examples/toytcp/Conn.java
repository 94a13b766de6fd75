package dev.tcpspec.examples.toytcp;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static dev.tcpspec.examples.toytcp.Packet.Flag.ACK;
import static dev.tcpspec.examples.toytcp.Packet.Flag.FIN;
import static dev.tcpspec.examples.toytcp.Packet.Flag.RST;
import static dev.tcpspec.examples.toytcp.Packet.Flag.SYN;
import static dev.tcpspec.examples.toytcp.SeqNum.ge;
import static dev.tcpspec.examples.toytcp.SeqNum.gt;
import static dev.tcpspec.examples.toytcp.SeqNum.le;
import static dev.tcpspec.examples.toytcp.SeqNum.lt;
import static dev.tcpspec.examples.toytcp.SeqNum.within;
import static dev.tcpspec.examples.toytcp.Transitions.Event.*;

/**
 * One connection of toytcp and the application's handle on it. Arriving packets are validated here (RFC 9293
 * §3.10.7's order of checks: sequence number, RST, SYN, ACK, text, FIN) and turned into events of the
 * {@link Transitions} table, which alone changes the state. Timers are deadlines kept in fields and compared with
 * the host's clock in {@link #runTimers()}.
 *
 * <pre>{@code
 * Conn c = tcp.connect(80, SocketConfig.DEFAULT).conn();
 * Result w = c.send("hello".getBytes(US_ASCII));   // OK with the count queued
 * Result r = c.recv(1024);                          // DATA, EOF, an error, or WOULD_BLOCK
 * c.close();
 * }</pre>
 */
public final class Conn {
    private static final long NONE = Long.MAX_VALUE;
    private static final int MAX_WINDOW = 65535;
    private static final int DEFAULT_PEER_MSS = 536;

    private final ToyTcp tcp;
    final int localPort;
    final int remotePort;
    final SocketConfig options;
    final ToyTcp.Listener listener;
    private State state = State.CLOSED;

    // what we send: SND.UNA, SND.NXT, SND.WND (RFC 9293 §3.3.1); sendQueue holds unacknowledged and unsent data
    private final int iss;
    private int sndUna;
    private int sndNxt;
    private int sndWnd;
    private int sndWl1;
    private int sndWl2;
    private int maxSndWnd;
    private int peerMss = DEFAULT_PEER_MSS;
    private final ByteQueue sendQueue = new ByteQueue();
    private int sendQueueSeq;
    private boolean finQueued;
    private boolean finSent;
    private boolean finAcked;
    private int finSeq;

    // what we receive: RCV.NXT, the bytes the application has not read, segments that arrived ahead of a hole
    private int rcvNxt;
    private final ByteQueue received = new ByteQueue();
    private final List<Early> early = new ArrayList<>();
    private Integer earlyFin;
    private boolean finReceived;
    private boolean finJustArrived;
    private boolean ackNow;

    // the application
    private boolean orphan;
    private boolean readShut;
    private boolean writeShut;
    private Outcome error;
    private boolean errorReported;

    // timers: deadlines on the host's clock, NONE when off
    private long retransmitAt = NONE;
    private long persistAt = NONE;
    private long keepAliveAt = NONE;
    private long finWait2At = NONE;
    private long rto;
    private long srtt = -1;
    private long rttvar;
    private int rttSeq;
    private long rttStart = -1;
    private int retries;
    private long lastHeard;
    private int keepAliveProbes;
    private long lastChallengeAck = Long.MIN_VALUE / 2;

    // timestamps (RFC 7323): on when both SYNs carried them
    private boolean timestamps;
    private int tsRecent;
    private long tsRecentAt;
    private final int tsOffset;

    /** Data that arrived beyond RCV.NXT, kept until the hole before it is filled. */
    private record Early(int seq, byte[] data) {
    }

    Conn(ToyTcp tcp, int localPort, int remotePort, SocketConfig options, ToyTcp.Listener listener) {
        this.tcp = tcp;
        this.localPort = localPort;
        this.remotePort = remotePort;
        this.options = options;
        this.listener = listener;
        this.iss = options.iss() != null ? options.iss() : tcp.initialSequenceNumber(localPort, remotePort);
        this.sndUna = iss;
        this.sndNxt = iss + 1; // the SYN
        this.sendQueueSeq = iss + 1;
        this.rto = tcp.config.rtoInitial();
        this.lastHeard = tcp.now();
        this.tsOffset = (int) ToyTcp.mix(tcp.config.secret() * 31 + ((long) localPort << 16 | remotePort));
    }

    public int localPort() {
        return localPort;
    }

    public int remotePort() {
        return remotePort;
    }

    public State state() {
        return state;
    }

    // ---- the state machine ---------------------------------------------------------------------------------------

    /** Looks {@code event} up in the table and carries out the transition; false if it changes nothing here. */
    boolean fire(Transitions.Event event, String why) {
        Transitions.Transition t = Transitions.next(state, event);
        if (t == null) return false;
        if (t.error() != null) error = t.error();
        State from = state;
        for (Transitions.Action a : t.actions()) perform(a, from);
        if (t.next() != from) {
            state = t.next();
            tcp.observer.stateChanged(this, from, state, why);
        }
        return true;
    }

    private void perform(Transitions.Action a, State from) {
        switch (a) {
            case SEND_SYN -> {
                sendSyn(false);
                startRtt(iss);
                armRetransmit();
            }
            case SEND_SYN_ACK -> {
                sendSyn(true);
                startRtt(iss);
                armRetransmit();
            }
            case SEND_ACK -> ackNow = true;
            case QUEUE_FIN -> {
                finQueued = true;
                writeShut = true;
            }
            case SEND_RST -> {
                if (from.synchronizedState()) emit(sndNxt, EnumSet.of(RST, ACK), Packet.EMPTY);
                sendQueue.clear();
            }
            case OFFER_TO_ACCEPT -> tcp.offer(this);
            case ARM_FIN_WAIT_2_TIMER -> {
                if (orphan && tcp.config.finWait2Timeout() > 0 && finWait2At == NONE) {
                    finWait2At = tcp.now() + tcp.config.finWait2Timeout();
                    tcp.observer.timerArmed(this, "fin-wait-2", tcp.config.finWait2Timeout());
                }
            }
            case DELETE -> {
                retransmitAt = persistAt = keepAliveAt = finWait2At = NONE;
                tcp.forget(this);
            }
        }
    }

    // ---- packets arriving ----------------------------------------------------------------------------------------

    /** A listener's new child answers the SYN that created it. */
    void passiveOpen(Packet syn) {
        state = State.LISTEN; // the listener's state, which the child leaves at once
        rcvNxt = syn.seq() + 1;
        if (syn.mss() > 0) peerMss = syn.mss();
        takeWindow(syn);
        agreeOnTimestamps(syn);
        fire(RCV_SYN, "rcvd SYN");
        transmit();
    }

    void segmentArrives(Packet p) {
        if (state == State.SYN_SENT) {
            inSynSent(p);
        } else {
            inSynchronizedState(p);
        }
        transmit();
    }

    private void inSynSent(Packet p) {
        boolean ackOk = p.has(ACK) && gt(p.ack(), iss) && le(p.ack(), sndNxt);
        if (p.has(ACK) && !ackOk) {
            if (!p.has(RST)) emit(p.ack(), EnumSet.of(RST), Packet.EMPTY);
            return;
        }
        if (p.has(RST)) {
            if (ackOk) fire(RCV_RST, "rcvd RST in SYN_SENT");
            return;
        }
        if (!p.has(SYN)) return;
        rcvNxt = p.seq() + 1;
        if (p.mss() > 0) peerMss = p.mss();
        agreeOnTimestamps(p);
        lastHeard = tcp.now();
        if (ackOk) {
            ackAdvances(p.ack());
            takeWindow(p);
            fire(RCV_SYN_ACK, "rcvd SYN,ACK");
            armKeepAlive();
        } else {
            fire(RCV_SYN, "rcvd SYN (simultaneous open)");
        }
    }

    private void inSynchronizedState(Packet p) {
        lastHeard = tcp.now();
        keepAliveProbes = 0;
        if (keepAliveAt != NONE) armKeepAlive();
        if (pawsRejects(p)) {
            if (!p.has(RST)) ackUnacceptable(p); // RFC 7323 §5.3: an old duplicate, whatever its sequence number
            return;
        }
        if (!acceptable(p)) {
            if (!p.has(RST)) ackUnacceptable(p); // RFC 9293: an unacceptable segment gets an ACK
            return;
        }
        if (p.has(RST)) {
            if (p.seq() == rcvNxt) fire(RCV_RST, "rcvd RST");
            else challengeAck(); // RFC 5961 §3.2: in the window but not exact
            return;
        }
        if (p.has(SYN)) {
            challengeAck(); // RFC 5961 §4
            return;
        }
        if (!p.has(ACK)) return;
        boolean ourFinAckedNow = false;
        if (state == State.SYN_RECEIVED) {
            if (!(gt(p.ack(), sndUna) && le(p.ack(), sndNxt))) {
                emit(p.ack(), EnumSet.of(RST), Packet.EMPTY);
                return;
            }
            ackAdvances(p.ack());
            takeWindow(p);
            fire(RCV_ACK_OF_SYN, "rcvd ACK of SYN");
            armKeepAlive();
        } else {
            if (gt(p.ack(), sndNxt) || lt(p.ack(), sndUna - maxSndWnd)) {
                challengeAck(); // acknowledges what was never sent, or is too old (RFC 5961 §5.2)
                return;
            }
            boolean duplicate = p.ack() == sndUna;
            if (gt(p.ack(), sndUna)) ourFinAckedNow = ackAdvances(p.ack());
            if (lt(sndWl1, p.seq()) || (sndWl1 == p.seq() && le(sndWl2, p.ack()))) takeWindow(p);
            if (state == State.LAST_ACK && duplicate && p.payload().length == 0 && !p.has(FIN)) {
                challengeAck(); // the peer may not know our FIN arrived: remind it where we are
            }
        }
        Packet.Timestamps ts = p.timestamps();
        if (timestamps && ts != null && le(p.seq(), rcvNxt) && (ge(ts.value(), tsRecent) || tsRecentExpired())) {
            noteTsRecent(ts.value());
        }
        boolean receiving = state == State.ESTABLISHED || state == State.FIN_WAIT_1 || state == State.FIN_WAIT_2;
        if (receiving && p.payload().length > 0) {
            if (orphan && gt(p.seq() + p.payload().length, rcvNxt)) {
                fire(APP_ABORT, "rcvd data after close()"); // nobody will read it: tell the peer (RFC 9293 §3.6.1)
                return;
            }
            takeText(p);
        }
        if (receiving && p.has(FIN)) finAt(p.seq() + p.payload().length);
        boolean finNow = finJustArrived;
        finJustArrived = false;
        if (finNow && ourFinAckedNow && state == State.FIN_WAIT_1) {
            fire(RCV_FIN_ACKING_OUR_FIN, "rcvd FIN acknowledging ours");
            return;
        }
        if (ourFinAckedNow) fire(RCV_ACK_OF_FIN, "rcvd ACK of FIN");
        if (finNow) fire(RCV_FIN, "rcvd FIN");
    }

    /** RFC 9293's four cases of acceptability, SYN and FIN counted in the segment's length. */
    private boolean acceptable(Packet p) {
        int len = p.seqLength();
        int wnd = receiveWindow();
        if (len == 0) return wnd == 0 ? p.seq() == rcvNxt : within(p.seq(), rcvNxt, rcvNxt + wnd);
        if (wnd == 0) return false;
        return within(p.seq(), rcvNxt, rcvNxt + wnd) || within(p.seq() + len - 1, rcvNxt, rcvNxt + wnd);
    }

    /** Timestamps are on for the connection when the host offers them and the peer's SYN carried them. */
    private void agreeOnTimestamps(Packet syn) {
        timestamps = tcp.config.timestamps() && syn.timestamps() != null;
        if (timestamps) noteTsRecent(syn.timestamps().value());
    }

    /** PAWS (RFC 7323 §5.3 R1): a TSval older than TS.Recent marks an old duplicate, unless TS.Recent has expired. */
    private boolean pawsRejects(Packet p) {
        Packet.Timestamps ts = p.timestamps();
        return timestamps && !p.has(RST) && ts != null && lt(ts.value(), tsRecent) && !tsRecentExpired();
    }

    private boolean tsRecentExpired() {
        return tcp.now() - tsRecentAt > tcp.config.pawsIdleLimit();
    }

    private void noteTsRecent(int value) {
        tsRecent = value;
        tsRecentAt = tcp.now();
    }

    /** Our TSval: a millisecond clock with an offset of the connection's own. */
    private int tsValue() {
        return (int) (tcp.now() / 1_000_000L) + tsOffset;
    }

    /** SND.UNA moves to {@code ack}: acknowledged data leaves the queue. Returns whether this acknowledged our FIN. */
    private boolean ackAdvances(int ack) {
        int dataAcked = Math.max(0, Math.min(ack - sendQueueSeq, sendQueue.size()));
        sendQueue.drop(dataAcked);
        sendQueueSeq += dataAcked;
        sndUna = ack;
        endRtt(ack);
        retries = 0;
        retransmitAt = sndUna == sndNxt ? NONE : tcp.now() + rto;
        if (finSent && !finAcked && gt(sndUna, finSeq)) {
            finAcked = true;
            return true;
        }
        return false;
    }

    private void takeWindow(Packet p) {
        sndWnd = p.window();
        sndWl1 = p.seq();
        sndWl2 = p.ack();
        maxSndWnd = Math.max(maxSndWnd, sndWnd);
        if (sndWnd > 0) persistAt = NONE;
    }

    /** Data in order goes to the application; data beyond a hole waits in {@link #early}. */
    private void takeText(Packet p) {
        ackNow = true; // in order or not, the peer learns where we are (a duplicate ACK marks a hole)
        if (gt(p.seq(), rcvNxt)) {
            early.add(new Early(p.seq(), p.payload()));
            return;
        }
        append(p.seq(), p.payload());
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Early e : new ArrayList<>(early)) {
                if (gt(e.seq(), rcvNxt)) continue;
                early.remove(e);
                append(e.seq(), e.data());
                progress = true;
            }
        }
        if (earlyFin != null && earlyFin == rcvNxt) finAt(earlyFin);
    }

    private void append(int seq, byte[] data) {
        int skip = rcvNxt - seq;
        if (skip >= data.length) return;
        int n = Math.min(data.length - skip, receiveWindow());
        if (!readShut) received.append(data, skip, n);
        rcvNxt += n;
    }

    /** A FIN at {@code seq}: taken only in sequence (RFC 9293 §3.10.7.4, eighth), otherwise remembered. */
    private void finAt(int seq) {
        if (finReceived) return;
        if (seq != rcvNxt) {
            if (gt(seq, rcvNxt)) earlyFin = seq;
            return;
        }
        rcvNxt++;
        finReceived = true;
        finJustArrived = true;
        ackNow = true;
    }

    // ---- sending -------------------------------------------------------------------------------------------------

    private void sendSyn(boolean withAck) {
        EnumSet<Packet.Flag> flags = withAck ? EnumSet.of(SYN, ACK) : EnumSet.of(SYN);
        boolean offer = withAck ? timestamps : tcp.config.timestamps();
        Packet.Timestamps ts = offer ? new Packet.Timestamps(tsValue(), withAck ? tsRecent : 0) : null;
        tcp.send(new Packet(localPort, remotePort, iss, withAck ? rcvNxt : 0, flags, receiveWindow(),
                tcp.config.mss(), ts, Packet.EMPTY));
    }

    /** Sends what the peer's window allows, then the FIN once all data is out, else a pending ACK. */
    void transmit() {
        if (state == State.CLOSED || state == State.LISTEN || state == State.SYN_SENT
                || state == State.SYN_RECEIVED) {
            if (ackNow && state == State.CLOSED && finReceived) emit(sndNxt, EnumSet.of(ACK), Packet.EMPTY);
            ackNow = false;
            return;
        }
        int mss = Math.min(tcp.config.mss(), peerMss);
        while (true) {
            int offset = sndNxt - sendQueueSeq;
            int unsent = sendQueue.size() - offset;
            if (unsent < 0) break; // only the FIN is outstanding
            int allowed = Math.max(0, sndUna + sndWnd - sndNxt);
            int n = Math.min(Math.min(unsent, mss), allowed);
            boolean fin = finQueued && !finSent && n == unsent;
            if (n == 0 && !fin) {
                if (unsent > 0 && sndWnd == 0 && retransmitAt == NONE && persistAt == NONE) persistAt = tcp.now() + rto;
                break;
            }
            EnumSet<Packet.Flag> flags = fin ? EnumSet.of(ACK, FIN) : EnumSet.of(ACK);
            emit(sndNxt, flags, n == 0 ? Packet.EMPTY : sendQueue.copy(offset, n));
            if (rttStart < 0) startRtt(sndNxt);
            if (fin) {
                finSent = true;
                finSeq = sndNxt + n;
            }
            sndNxt += n + (fin ? 1 : 0);
            ackNow = false;
            if (retransmitAt == NONE) armRetransmit();
        }
        if (ackNow) emit(sndNxt, EnumSet.of(ACK), Packet.EMPTY);
        ackNow = false;
    }

    private void emit(int seq, EnumSet<Packet.Flag> flags, byte[] payload) {
        boolean rst = flags.contains(RST);
        int ack = flags.contains(ACK) ? rcvNxt : 0;
        Packet.Timestamps ts = timestamps && !rst ? new Packet.Timestamps(tsValue(), tsRecent) : null;
        tcp.send(new Packet(localPort, remotePort, seq, ack, flags, rst ? 0 : receiveWindow(), 0, ts, payload));
    }

    /**
     * The ACK for a segment we will not take: data and FIN segments always get theirs (they are retransmissions
     * whose ACK was lost); anything else at most one per challenge interval.
     */
    private void ackUnacceptable(Packet p) {
        if ((p.payload().length > 0 || p.has(FIN)) && !p.has(SYN)) {
            emit(sndNxt, EnumSet.of(ACK), Packet.EMPTY);
        } else {
            challengeAck();
        }
    }

    /** An ACK for a segment we will not take, at most one per challenge interval (RFC 5961 §7). */
    private void challengeAck() {
        long now = tcp.now();
        if (now - lastChallengeAck < tcp.config.challengeAckInterval()) return;
        lastChallengeAck = now;
        emit(sndNxt, EnumSet.of(ACK), Packet.EMPTY);
    }

    private int receiveWindow() {
        int capacity = options.receiveBuffer() > 0 ? options.receiveBuffer() : tcp.config.receiveBuffer();
        return Math.max(0, Math.min(MAX_WINDOW, capacity - received.size()));
    }

    // ---- timers --------------------------------------------------------------------------------------------------

    long nextDeadline() {
        return Math.min(Math.min(retransmitAt, persistAt), Math.min(keepAliveAt, finWait2At));
    }

    /** Runs every timer whose deadline has passed, then sends what that produced. */
    void runTimers() {
        long now = tcp.now();
        if (retransmitAt <= now) retransmissionTimeout();
        if (state != State.CLOSED && persistAt <= now) persistTimeout();
        if (state != State.CLOSED && keepAliveAt <= now) keepAliveTimeout();
        if (state != State.CLOSED && finWait2At <= now) {
            finWait2At = NONE;
            tcp.observer.timerFired(this, "fin-wait-2");
            fire(FIN_WAIT_2_TIMEOUT, "orphaned FIN_WAIT_2 timed out");
        }
        if (state != State.CLOSED) transmit();
    }

    private void armRetransmit() {
        retransmitAt = tcp.now() + rto;
    }

    private void retransmissionTimeout() {
        retransmitAt = NONE;
        tcp.observer.timerFired(this, "retransmission");
        retries++;
        boolean opening = state == State.SYN_SENT || state == State.SYN_RECEIVED;
        // a connect()'s first SYN retransmissions may come at the initial RTO, unbacked, on top of the limit (Linux)
        int linear = state == State.SYN_SENT ? tcp.config.synLinearTimeouts() : 0;
        int limit = opening ? tcp.config.synRetries() + linear
                : orphan ? tcp.config.orphanRetries() : tcp.config.maxRetries();
        if (retries > limit) {
            fire(RETRANSMISSIONS_EXHAUSTED, "gave up after " + limit + " retransmissions");
            return;
        }
        if (retries > linear) rto = Math.min(rto * 2, tcp.config.rtoMax());
        rttStart = -1; // Karn: no sample from a retransmitted segment
        if (opening) {
            sendSyn(state == State.SYN_RECEIVED);
        } else {
            int offset = sndUna - sendQueueSeq;
            int n = Math.max(0, Math.min(sendQueue.size() - offset, Math.min(tcp.config.mss(), peerMss)));
            boolean fin = finSent && sndUna + n == finSeq;
            emit(sndUna, fin ? EnumSet.of(ACK, FIN) : EnumSet.of(ACK), n == 0 ? Packet.EMPTY : sendQueue.copy(offset, n));
        }
        armRetransmit();
    }

    private void persistTimeout() {
        persistAt = NONE;
        if (sndWnd > 0) return;
        emit(sndUna - 1, EnumSet.of(ACK), Packet.EMPTY); // a window probe the peer must answer
        rto = Math.min(rto * 2, tcp.config.rtoMax());
        persistAt = tcp.now() + rto;
    }

    private void armKeepAlive() {
        long idle = options.keepAliveIdle();
        if (idle <= 0 || !keepsAlive()) return;
        keepAliveAt = lastHeard + idle;
    }

    /** Keepalive checks a connection open in at least one direction: also a half-closed, not orphaned, FIN_WAIT_2. */
    private boolean keepsAlive() {
        return state == State.ESTABLISHED || state == State.CLOSE_WAIT || (state == State.FIN_WAIT_2 && !orphan);
    }

    private void keepAliveTimeout() {
        keepAliveAt = NONE;
        if (!keepsAlive()) return;
        long now = tcp.now();
        if (sndUna != sndNxt) {
            keepAliveAt = now + options.keepAliveIdle(); // data outstanding: retransmission watches the peer
            return;
        }
        if (keepAliveProbes == 0 && now - lastHeard < options.keepAliveIdle()) {
            keepAliveAt = lastHeard + options.keepAliveIdle();
            return;
        }
        tcp.observer.timerFired(this, "keepalive");
        if (keepAliveProbes >= options.keepAliveProbes()) {
            fire(KEEPALIVE_UNANSWERED, options.keepAliveProbes() + " keepalive probes unanswered");
            return;
        }
        emit(sndNxt - 1, EnumSet.of(ACK), Packet.EMPTY); // SEG.SEQ = SND.NXT - 1, no data (RFC 9293 §3.8.4)
        keepAliveProbes++;
        keepAliveAt = now + options.keepAliveInterval();
    }

    private void startRtt(int seq) {
        rttSeq = seq;
        rttStart = tcp.now();
    }

    /** RFC 6298 §2: SRTT, RTTVAR and the RTO from a sample, bounded by the host's minimum and maximum. */
    private void endRtt(int ack) {
        if (rttStart < 0 || !gt(ack, rttSeq)) return;
        long r = tcp.now() - rttStart;
        rttStart = -1;
        if (srtt < 0) {
            srtt = r;
            rttvar = r / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - r)) / 4;
            srtt = (7 * srtt + r) / 8;
        }
        rto = Math.max(tcp.config.rtoMin(), Math.min(tcp.config.rtoMax(), srtt + 4 * rttvar));
    }

    // ---- the application's calls ---------------------------------------------------------------------------------

    /** Queues what fits of {@code data}; the count queued, or an error. */
    public Result send(byte[] data) {
        Outcome e = takeError();
        if (e != null) return Result.of(e);
        if (writeShut || state == State.CLOSED) return Result.of(Outcome.BROKEN_PIPE);
        if (!state.synchronizedState() || state == State.SYN_RECEIVED) return Result.of(Outcome.NOT_CONNECTED);
        int capacity = options.sendBuffer() > 0 ? options.sendBuffer() : tcp.config.sendBuffer();
        int n = Math.min(data.length, capacity - sendQueue.size());
        sendQueue.append(data, 0, n);
        transmit();
        return Result.written(n);
    }

    /** Up to {@code max} bytes; then EOF, or the error that ended the connection (once); WOULD_BLOCK if nothing yet. */
    public Result recv(int max) {
        if (!received.isEmpty() && !readShut) {
            boolean wasClosed = receiveWindow() == 0;
            byte[] data = received.take(max);
            if (wasClosed && !finReceived && state != State.CLOSED) {
                ackNow = true; // tell the peer the window opened again
                transmit();
            }
            return Result.data(data);
        }
        Outcome e = takeError();
        if (e != null) return Result.of(e);
        if (finReceived || readShut || state == State.CLOSED) return Result.of(Outcome.EOF);
        return Result.of(Outcome.WOULD_BLOCK);
    }

    /**
     * close(): the application lets go of the connection. toytcp always closes gracefully and at once: there is no
     * SO_LINGER (DEVIATION 2), and unread data is dropped without telling the peer (DEVIATION 3).
     */
    public Result close() {
        orphan = true;
        readShut = true;
        received.clear();
        fire(APP_CLOSE, "close()");
        if (state != State.CLOSED) transmit();
        return Result.of(Outcome.OK);
    }

    /** shutdown(SHUT_WR): FIN after the queued data; receiving goes on. */
    public Result shutdownWrite() {
        if (!writeShut) fire(APP_SHUTDOWN_WRITE, "shutdown(SHUT_WR)");
        if (state != State.CLOSED) transmit();
        return Result.of(Outcome.OK);
    }

    /** shutdown(SHUT_RD): reads return EOF from now on; buffered data is dropped; nothing is sent. */
    public Result shutdownRead() {
        readShut = true;
        received.clear();
        return Result.of(Outcome.OK);
    }

    /** An error is reported once, as a socket's pending error is; afterwards reads see EOF and writes EPIPE. */
    private Outcome takeError() {
        if (error == null || errorReported) return null;
        errorReported = true;
        return error;
    }

    @Override
    public String toString() {
        return "toytcp " + localPort + "->" + remotePort + " " + state;
    }
}
