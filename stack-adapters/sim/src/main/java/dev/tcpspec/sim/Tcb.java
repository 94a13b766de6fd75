package dev.tcpspec.sim;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.spi.IoResult;
import dev.tcpspec.spi.SocketOptions;
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
 * §3.10 that drives it. Segment arrival follows the RFC's order of checks (sequence number, RST, SYN, ACK, text,
 * FIN); each state's reaction is decided in one place. Timers are events on the network's virtual clock.
 *
 * <p>Where RFC 9293 leaves a choice, the reference stack behaves as Linux does and the profile decides the numbers:
 * close() with unread data or with SO_LINGER &lt;1,0&gt; resets (RFC 2525 §2.17, RFC 9293 §3.10.5); an orphaned
 * FIN_WAIT_2 times out after the profile's FIN_WAIT_2 timeout; data arriving after the application closed is answered
 * with RST (RFC 9293 §3.6.1); RST handling and challenge ACKs follow RFC 5961.
 */
final class Tcb {
    private static final int MAX_WINDOW = 65535;

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

    // send sequence space (RFC 9293 §3.3.1)
    private int iss;
    private int sndUna;
    private int sndNxt;
    private int sndWnd;
    private int sndWl1;
    private int sndWl2;
    private int maxSndWnd;
    /** Bytes from sendBufSeq on: sent but unacknowledged, then unsent. */
    private final ByteQueue sendBuf = new ByteQueue();
    private int sendBufSeq;
    private final int sendCapacity;
    private boolean finQueued;
    private int finSeq;
    private boolean finSent;

    // receive sequence space
    private int irs;
    private int rcvNxt;
    private final ByteQueue recvBuf = new ByteQueue();
    private final int recvCapacity;
    private final List<OutOfOrder> outOfOrder = new ArrayList<>();
    private boolean finReceived;
    private boolean ackNow;

    // the application's side
    private boolean orphan;
    private boolean sndShutdown;
    private boolean rcvShutdown;
    private AppOutcome pendingError;
    private boolean errorReported;
    private final Integer lingerSeconds;

    // retransmission (RFC 6298)
    private long rto;
    private long srtt = -1;
    private long rttvar;
    private int rttSeq;
    private long rttStart = -1;
    private int retries;

    // keepalive (RFC 9293 §3.8.4)
    private final boolean keepAlive;
    private final long keepIdle;
    private final long keepInterval;
    private final int keepProbes;
    private int probesOut;
    private long lastHeard;

    // timestamps (RFC 7323)
    private boolean timestamps;
    private int tsRecent;
    private final int tsOffset;

    private long lastChallengeAck = Long.MIN_VALUE / 2;

    private EventLoop.Event rtxTimer;
    private EventLoop.Event persistTimer;
    private EventLoop.Event keepAliveTimer;
    private EventLoop.Event timeWaitTimer;
    private EventLoop.Event finWait2Timer;

    /** A segment that arrived ahead of a hole. */
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
        this.keepAlive = options.keepAlive();
        this.keepIdle = (options.keepAliveIdle() != null ? options.keepAliveIdle() : profile.keepAliveIdle()).toNanos();
        this.keepInterval = (options.keepAliveInterval() != null ? options.keepAliveInterval()
                : profile.keepAliveInterval()).toNanos();
        this.keepProbes = options.keepAliveProbes() != null ? options.keepAliveProbes() : profile.keepAliveProbes();
        this.rto = profile.rtoInitial().toNanos();
        this.iss = options.iss() != null ? options.iss()
                : net.isn.isn(host.address, localPort, host.peer().address, remotePort, net.now());
        this.tsOffset = net.isn.keyed(((long) host.address << 32) | host.peer().address,
                ((long) localPort << 16) | remotePort);
    }

    // ---- opening -------------------------------------------------------------------------------------------------

    /** connect(): send SYN, enter SYN_SENT. */
    void activeOpen() {
        sndUna = iss;
        sndNxt = iss + 1;
        setState(TcpState.SYN_SENT, "connect()");
        startRttSample(iss);
        sendSyn(false);
        armRetransmission();
    }

    /** A listener's child answers a SYN: SYN,ACK, SYN_RECEIVED (from LISTEN, as RFC 9293 draws it). */
    void passiveOpen(Segment syn) {
        state = TcpState.LISTEN;
        irs = syn.seq();
        rcvNxt = syn.seq() + 1;
        sndUna = iss;
        sndNxt = iss + 1;
        takeWindow(syn, syn.seq(), iss);
        timestamps = profile.timestamps() && syn.options().hasTimestamps();
        if (timestamps) tsRecent = syn.options().tsVal();
        lastHeard = net.now();
        setState(TcpState.SYN_RECEIVED, "rcvd SYN");
        startRttSample(iss);
        sendSyn(true);
        armRetransmission();
    }

    private void sendSyn(boolean withAck) {
        TcpOptions options = TcpOptions.NONE.withMss(profile.mss());
        if (profile.timestamps() && (!withAck || timestamps)) options = options.withTimestamps(tsVal(), tsRecent);
        int flags = Segment.SYN | (withAck ? Segment.ACK : 0);
        send(new Segment(localPort, remotePort, iss, withAck ? rcvNxt : 0, flags, receiveWindow(),
                Segment.NO_PAYLOAD, options));
    }

    // ---- segment arrival (RFC 9293 §3.10.7) ----------------------------------------------------------------------

    void receive(Segment s) {
        switch (state) {
            case SYN_SENT -> receiveInSynSent(s);
            case TIME_WAIT -> receiveInTimeWait(s);
            case CLOSED, LISTEN -> host.answerClosed(s);
            default -> receiveSynchronized(s);
        }
    }

    private void receiveInSynSent(Segment s) {
        boolean ackAcceptable = s.hasAck() && Seq.gt(s.ack(), iss) && Seq.le(s.ack(), sndNxt);
        if (s.hasAck() && !ackAcceptable) {
            if (!s.rst()) sendRst(s.ack(), false);
            return;
        }
        if (s.rst()) {
            if (ackAcceptable) {
                pendingError = AppOutcome.CONNECTION_REFUSED;
                close("rcvd RST in SYN_SENT");
            }
            return;
        }
        if (!s.syn()) return;
        irs = s.seq();
        rcvNxt = s.seq() + 1;
        timestamps = profile.timestamps() && s.options().hasTimestamps();
        if (timestamps) tsRecent = s.options().tsVal();
        lastHeard = net.now();
        if (ackAcceptable) {
            sndUna = s.ack();
            sendBufSeq = sndUna;
            takeWindow(s, s.seq(), s.ack());
            endRttSample(s.ack());
            cancel(rtxTimer);
            rtxTimer = null;
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

    private void receiveSynchronized(Segment s) {
        lastHeard = net.now();
        probesOut = 0;
        // first: is the sequence number acceptable?
        if (!acceptable(s)) {
            if (!s.rst()) sendChallengeOrDupAck();
            return;
        }
        if (timestamps && !s.rst() && s.options().hasTimestamps() && Seq.lt(s.options().tsVal(), tsRecent)) {
            sendChallengeOrDupAck(); // PAWS (RFC 7323 §5.3): an old duplicate
            return;
        }
        // second: RST (RFC 5961 §3.2)
        if (s.rst()) {
            if (s.seq() == rcvNxt) {
                onReset();
            } else {
                sendChallengeOrDupAck();
            }
            return;
        }
        // fourth: SYN in a synchronized state draws a challenge ACK (RFC 5961 §4)
        if (s.syn()) {
            sendChallengeOrDupAck();
            return;
        }
        // fifth: ACK
        if (!s.hasAck()) return;
        if (state == TcpState.SYN_RECEIVED) {
            if (!(Seq.gt(s.ack(), sndUna) && Seq.le(s.ack(), sndNxt))) {
                sendRst(s.ack(), false);
                return;
            }
            sndUna = s.ack();
            sendBufSeq = sndUna;
            takeWindow(s, s.seq(), s.ack());
            endRttSample(s.ack());
            cancel(rtxTimer);
            rtxTimer = null;
            retries = 0;
            setState(TcpState.ESTABLISHED, "rcvd ACK of SYN");
            armKeepAlive();
            if (listener != null) listener.established(this);
        } else if (!processAck(s)) {
            return;
        }
        if (timestamps && s.options().hasTimestamps() && Seq.le(s.seq(), rcvNxt)) tsRecent = s.options().tsVal();
        // seventh: segment text
        if (s.len() > 0 && !processText(s)) return;
        // eighth: FIN
        if (s.fin()) processFin(s.seq() + s.len());
        transmit();
    }

    /** RFC 9293's four cases of segment acceptability, with SEG.LEN counting SYN and FIN. */
    private boolean acceptable(Segment s) {
        int len = s.seqLength();
        int wnd = receiveWindow();
        if (len == 0) {
            return wnd == 0 ? s.seq() == rcvNxt : Seq.inWindow(s.seq(), rcvNxt, rcvNxt + wnd);
        }
        if (wnd == 0) return false;
        return Seq.inWindow(s.seq(), rcvNxt, rcvNxt + wnd) || Seq.inWindow(s.seq() + len - 1, rcvNxt, rcvNxt + wnd);
    }

    /** Processes the ACK field; false if the segment must be dropped. */
    private boolean processAck(Segment s) {
        int ack = s.ack();
        if (Seq.gt(ack, sndNxt)) {
            sendChallengeOrDupAck(); // acknowledges something not yet sent
            return false;
        }
        if (Seq.lt(ack, sndUna - maxSndWnd)) {
            sendChallengeOrDupAck(); // too old (RFC 5961 §5.2)
            return false;
        }
        if (Seq.gt(ack, sndUna)) {
            int dataAcked = Math.min(Seq.diff(ack, sendBufSeq), sendBuf.size());
            sendBuf.drop(dataAcked);
            sendBufSeq += dataAcked;
            sndUna = ack;
            endRttSample(ack);
            retries = 0;
            cancel(rtxTimer);
            rtxTimer = null;
            if (sndUna != sndNxt) armRetransmission();
        }
        if (Seq.lt(sndWl1, s.seq()) || (sndWl1 == s.seq() && Seq.le(sndWl2, ack))) takeWindow(s, s.seq(), ack);
        boolean finAcked = finSent && Seq.gt(sndUna, finSeq);
        switch (state) {
            case FIN_WAIT_1 -> {
                // a FIN that also acknowledges ours goes straight to TIME_WAIT (processFin), not via FIN_WAIT_2
                boolean finInSequenceHere = s.fin() && Seq.le(s.seq(), rcvNxt);
                if (finAcked && !finInSequenceHere) {
                    setState(TcpState.FIN_WAIT_2, "rcvd ACK of FIN");
                    if (orphan) armFinWait2();
                }
            }
            case CLOSING -> {
                if (finAcked) enterTimeWait("rcvd ACK of FIN");
            }
            case LAST_ACK -> {
                if (finAcked) {
                    close("rcvd ACK of FIN");
                    return false;
                }
            }
            default -> {
            }
        }
        return true;
    }

    /** Segment text in ESTABLISHED, FIN_WAIT_1 or FIN_WAIT_2; false if the connection was reset for it. */
    private boolean processText(Segment s) {
        if (state != TcpState.ESTABLISHED && state != TcpState.FIN_WAIT_1 && state != TcpState.FIN_WAIT_2) {
            return true; // after a FIN the peer cannot send more: ignore
        }
        if (orphan && Seq.gt(s.seq() + s.len(), rcvNxt)) {
            // RFC 9293 §3.6.1 / RFC 1122 §4.2.2.13: nobody will read this; tell the peer it was lost
            abortWithRst("rcvd data after close()");
            return false;
        }
        int skip = Seq.diff(rcvNxt, s.seq());
        if (skip < 0) {
            outOfOrder.add(new OutOfOrder(s.seq(), s.payload(), s.fin()));
            ackNow = true; // a duplicate ACK tells the sender where the hole is
            return true;
        }
        if (skip < s.len()) {
            byte[] p = s.payload();
            int n = Math.min(p.length - skip, Math.max(0, receiveWindow()));
            accept(p, skip, n);
        }
        drainOutOfOrder();
        ackNow = true;
        return true;
    }

    private void accept(byte[] p, int off, int n) {
        if (!rcvShutdown) recvBuf.append(p, off, n);
        rcvNxt += n;
    }

    /** Moves segments that the latest data made contiguous into the receive buffer (and processes their FIN). */
    private void drainOutOfOrder() {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = 0; i < outOfOrder.size(); i++) {
                OutOfOrder o = outOfOrder.get(i);
                if (Seq.gt(o.seq(), rcvNxt)) continue;
                outOfOrder.remove(i);
                int skip = Seq.diff(rcvNxt, o.seq());
                if (skip < o.data().length) accept(o.data(), skip, o.data().length - skip);
                if (o.fin() && o.end() == rcvNxt) processFin(o.end());
                progress = true;
                break;
            }
        }
    }

    /** A FIN at sequence number {@code at}: processed only in sequence (RFC 9293 §3.10.7.4, eighth). */
    private void processFin(int at) {
        if (finReceived) return;
        if (at != rcvNxt) {
            if (Seq.gt(at, rcvNxt)) outOfOrder.add(new OutOfOrder(at, Segment.NO_PAYLOAD, true));
            return;
        }
        rcvNxt = at + 1;
        finReceived = true;
        ackNow = true;
        switch (state) {
            case SYN_RECEIVED, ESTABLISHED -> {
                setState(TcpState.CLOSE_WAIT, "rcvd FIN");
                if (net.has(Mutant.CLOSE_WAIT_AUTOCLOSE)) shutdownOutput("closed without the application");
            }
            case FIN_WAIT_1 -> {
                if (finSent && Seq.gt(sndUna, finSeq)) {
                    enterTimeWait("rcvd FIN");
                } else {
                    setState(TcpState.CLOSING, "rcvd FIN");
                }
            }
            case FIN_WAIT_2 -> enterTimeWait("rcvd FIN");
            default -> {
            }
        }
    }

    /** TIME_WAIT (RFC 9293 §3.10.7.4 and RFC 1337): only a retransmitted FIN is expected here. */
    private void receiveInTimeWait(Segment s) {
        if (s.rst()) {
            if (profile.rfc1337()) return; // RFC 1337 fix F1: ignore RST in TIME_WAIT
            if (s.seq() == rcvNxt) close("rcvd RST in TIME_WAIT");
            return;
        }
        if (net.has(Mutant.NO_REACK_IN_TIME_WAIT)) return;
        if (s.fin()) {
            send(segment(sndNxt, Segment.ACK, Segment.NO_PAYLOAD));
            armTimeWait(); // restart the 2MSL timer
            return;
        }
        sendChallengeOrDupAck();
    }

    private void onReset() {
        switch (state) {
            case SYN_RECEIVED -> {
                if (listener != null) listener.forget(this);
            }
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 -> pendingError = AppOutcome.CONNECTION_RESET;
            case CLOSE_WAIT -> pendingError = AppOutcome.BROKEN_PIPE;
            default -> {
            }
        }
        close("rcvd RST");
    }

    // ---- the application's calls ---------------------------------------------------------------------------------

    /** Queues as much of {@code data} as the send buffer takes; the count accepted, or an error. */
    IoResult write(byte[] data) {
        AppOutcome err = takeError();
        if (err != null) return IoResult.of(err);
        if (sndShutdown || state == TcpState.CLOSED) return IoResult.of(AppOutcome.BROKEN_PIPE);
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

    /** Reads up to {@code max} bytes: data, EOF or an error; null if a read would still block. */
    IoResult read(int max) {
        if (!recvBuf.isEmpty() && !rcvShutdown) {
            boolean wasClosed = receiveWindow() == 0;
            byte[] data = recvBuf.take(max);
            if (wasClosed && receiveWindow() > 0 && !state.finReceived()) {
                ackNow = true; // window update after a zero window
                transmit();
            }
            return IoResult.data(data, 0);
        }
        AppOutcome err = takeError();
        if (err != null) return IoResult.of(err);
        if (finReceived || rcvShutdown || state == TcpState.CLOSED) return IoResult.of(AppOutcome.EOF);
        return null;
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
        finSeq = sendBufSeq + sendBuf.size();
        switch (state) {
            case ESTABLISHED, SYN_RECEIVED -> setState(TcpState.FIN_WAIT_1, cause);
            case CLOSE_WAIT -> setState(TcpState.LAST_ACK, cause);
            default -> {
            }
        }
        transmit();
    }

    /** shutdown(SHUT_RD): reads return EOF; data already buffered is discarded. */
    void shutdownInput() {
        rcvShutdown = true;
        recvBuf.clear();
    }

    /** The last handle was closed (close(2) of the last descriptor). */
    void appClose() {
        orphan = true;
        switch (state) {
            case CLOSED, CLOSING, LAST_ACK, TIME_WAIT -> {
                // RFC 9293 §3.10.4: already closing; nothing more to send (OC-10)
            }
            case SYN_SENT, LISTEN -> close("close() in " + state);
            default -> {
                boolean unread = !recvBuf.isEmpty();
                rcvShutdown = true;
                if (unread && !net.has(Mutant.UNREAD_CLOSE_SENDS_FIN)) {
                    abortWithRst("close() with unread data");
                } else if (lingerSeconds != null && lingerSeconds == 0 && !net.has(Mutant.LINGER_ZERO_SENDS_FIN)) {
                    abortWithRst("close() with SO_LINGER <1,0>");
                } else {
                    shutdownOutput("close()");
                    if (state == TcpState.FIN_WAIT_2) armFinWait2();
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

    // ---- sending -------------------------------------------------------------------------------------------------

    /** Sends what the window allows: data, then FIN once all data is out; otherwise a pending ACK. */
    private void transmit() {
        if (state == TcpState.CLOSED || state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED
                || state == TcpState.LISTEN || state == TcpState.TIME_WAIT) {
            if (ackNow && state == TcpState.TIME_WAIT) send(segment(sndNxt, Segment.ACK, Segment.NO_PAYLOAD));
            ackNow = false;
            return;
        }
        while (true) {
            int offset = Seq.diff(sndNxt, sendBufSeq);
            int unsent = sendBuf.size() - offset;
            if (unsent < 0) break; // only the FIN is outstanding
            int allowed = Math.max(0, Seq.diff(sndUna + sndWnd, sndNxt));
            int n = Math.min(Math.min(unsent, profile.mss()), allowed);
            boolean fin = finQueued && !finSent && n == unsent;
            if (n == 0 && !fin) {
                if (unsent > 0 && sndWnd == 0 && rtxTimer == null) armPersist();
                break;
            }
            byte[] payload = n == 0 ? Segment.NO_PAYLOAD : sendBuf.peek(offset, n);
            send(segment(sndNxt, Segment.ACK | (fin ? Segment.FIN : 0), payload));
            if (rttStart < 0) startRttSample(sndNxt);
            sndNxt += n + (fin ? 1 : 0);
            if (fin) finSent = true;
            ackNow = false;
            if (rtxTimer == null) armRetransmission();
        }
        if (ackNow) {
            send(segment(sndNxt, Segment.ACK, Segment.NO_PAYLOAD));
            ackNow = false;
        }
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

    /** An ACK answering an unacceptable segment, at most one per challengeAckInterval (RFC 5961 §7). */
    private void sendChallengeOrDupAck() {
        long now = net.now();
        if (now - lastChallengeAck < profile.challengeAckInterval().toNanos()) return;
        lastChallengeAck = now;
        send(segment(sndNxt, Segment.ACK, Segment.NO_PAYLOAD));
    }

    private void sendRst(int seq, boolean withAck) {
        send(new Segment(localPort, remotePort, seq, withAck ? rcvNxt : 0, Segment.RST | (withAck ? Segment.ACK : 0),
                0, Segment.NO_PAYLOAD, TcpOptions.NONE));
    }

    private Segment segment(int seq, int flags, byte[] payload) {
        TcpOptions options = timestamps ? TcpOptions.NONE.withTimestamps(tsVal(), tsRecent) : TcpOptions.NONE;
        return new Segment(localPort, remotePort, seq, rcvNxt, flags, receiveWindow(), payload, options);
    }

    private void send(Segment s) {
        host.send(s);
    }

    private int receiveWindow() {
        return Math.max(0, Math.min(MAX_WINDOW, recvCapacity - recvBuf.size()));
    }

    private int tsVal() {
        return (int) (net.now() / 1_000_000L) + tsOffset;
    }

    private void takeWindow(Segment s, int seq, int ack) {
        sndWnd = s.window();
        sndWl1 = seq;
        sndWl2 = ack;
        maxSndWnd = Math.max(maxSndWnd, sndWnd);
        if (sndWnd > 0 && persistTimer != null) {
            cancel(persistTimer);
            persistTimer = null;
        }
    }

    // ---- closing -------------------------------------------------------------------------------------------------

    /** Abortive close: RST to the peer, queues dropped, CLOSED at once (no TIME_WAIT). */
    void abortWithRst(String cause) {
        if (state == TcpState.CLOSED) return;
        if (state != TcpState.SYN_SENT) sendRst(sndNxt, true);
        sendBuf.clear();
        close(cause);
    }

    private void enterTimeWait(String cause) {
        cancelTimers();
        if (net.has(Mutant.NO_TIME_WAIT)) {
            if (ackNow) send(segment(sndNxt, Segment.ACK, Segment.NO_PAYLOAD));
            ackNow = false;
            close(cause + "; no TIME_WAIT");
            return;
        }
        setState(TcpState.TIME_WAIT, cause);
        armTimeWait();
    }

    /** The connection is gone: CLOSED, timers cancelled, removed from the host (its port is free again). */
    private void close(String cause) {
        cancelTimers();
        if (listener != null && state == TcpState.SYN_RECEIVED) listener.forget(this);
        setState(TcpState.CLOSED, cause);
        host.remove(this);
    }

    /** The host crashed: the connection disappears without a segment or a state change the peer could see. */
    void vanish() {
        cancelTimers();
        setState(TcpState.CLOSED, "host crashed");
    }

    /** A new connection takes over this TIME_WAIT 4-tuple (tcp_tw_reuse). */
    void reuseTimeWait() {
        close("4-tuple reused by a new connection");
    }

    private void setState(TcpState next, String cause) {
        if (next == state) return;
        net.record(new TraceEvent.StateChange(net.now(), host.side, conn, state, next, cause));
        state = next;
        enteredStateAt = net.now();
    }

    // ---- timers --------------------------------------------------------------------------------------------------

    private void armRetransmission() {
        cancel(rtxTimer);
        rtxTimer = net.loop.schedule(net.now() + rto, this::onRetransmissionTimeout);
    }

    private void onRetransmissionTimeout() {
        rtxTimer = null;
        retries++;
        int limit = switch (state) {
            case SYN_SENT, SYN_RECEIVED -> profile.synRetries();
            default -> orphan ? profile.orphanRetries() : profile.maxRetransmissions();
        };
        net.record(new TraceEvent.Timer(net.now(), host.side, conn, TimerKind.RETRANSMISSION,
                TraceEvent.TimerAction.FIRED, rto));
        if (retries > limit) {
            pendingError = AppOutcome.CONNECTION_TIMED_OUT;
            close("retransmission limit reached (" + limit + " retries)");
            return;
        }
        rto = Math.min(rto * 2, profile.rtoMax().toNanos());
        rttStart = -1; // Karn: no RTT sample from a retransmitted segment
        retransmitHead();
        armRetransmission();
    }

    private void armPersist() {
        cancel(persistTimer);
        persistTimer = net.loop.schedule(net.now() + rto, this::onPersistTimeout);
    }

    private void onPersistTimeout() {
        persistTimer = null;
        if (sndWnd > 0 || state == TcpState.CLOSED) return;
        // zero-window probe at SND.UNA - 1, as Linux sends it: the peer must answer with its window
        send(segment(sndUna - 1, Segment.ACK, Segment.NO_PAYLOAD));
        rto = Math.min(rto * 2, profile.rtoMax().toNanos());
        armPersist();
    }

    private void armKeepAlive() {
        if (!keepAlive) return;
        cancel(keepAliveTimer);
        keepAliveTimer = net.loop.schedule(net.now() + keepIdle, this::onKeepAliveTimeout);
    }

    private void onKeepAliveTimeout() {
        keepAliveTimer = null;
        if (state != TcpState.ESTABLISHED && state != TcpState.CLOSE_WAIT) return;
        long idle = net.now() - lastHeard;
        if (sndUna != sndNxt || idle < keepIdle) {
            long wait = sndUna != sndNxt ? keepIdle : keepIdle - idle;
            keepAliveTimer = net.loop.schedule(net.now() + wait, this::onKeepAliveTimeout);
            return;
        }
        net.record(new TraceEvent.Timer(net.now(), host.side, conn, TimerKind.KEEPALIVE,
                TraceEvent.TimerAction.FIRED, probesOut == 0 ? keepIdle : keepInterval));
        if (probesOut >= keepProbes) {
            pendingError = AppOutcome.CONNECTION_TIMED_OUT;
            abortWithRst("keepalive: " + keepProbes + " probes unanswered");
            return;
        }
        send(segment(sndNxt - 1, Segment.ACK, Segment.NO_PAYLOAD)); // SEG.SEQ = SND.NXT - 1, no data (SHLD-12)
        probesOut++;
        keepAliveTimer = net.loop.schedule(net.now() + keepInterval, this::onKeepAliveTimeout);
    }

    private void armTimeWait() {
        cancel(timeWaitTimer);
        long length = (net.has(Mutant.SHORT_TIME_WAIT) ? profile.msl() : profile.timeWait()).toNanos();
        net.record(new TraceEvent.Timer(net.now(), host.side, conn, TimerKind.TIME_WAIT,
                TraceEvent.TimerAction.ARMED, length));
        timeWaitTimer = net.loop.schedule(net.now() + length, () -> {
            timeWaitTimer = null;
            close("TIME_WAIT timer expired");
        });
    }

    private void armFinWait2() {
        if (!profile.hasFinWait2Timeout() || finWait2Timer != null) return;
        long length = profile.finWait2Timeout().toNanos();
        net.record(new TraceEvent.Timer(net.now(), host.side, conn, TimerKind.FIN_WAIT_2,
                TraceEvent.TimerAction.ARMED, length));
        finWait2Timer = net.loop.schedule(net.now() + length, () -> {
            finWait2Timer = null;
            close("orphaned FIN_WAIT_2 timed out");
        });
    }

    private void cancelTimers() {
        for (EventLoop.Event e : new EventLoop.Event[]{rtxTimer, persistTimer, keepAliveTimer, timeWaitTimer,
                finWait2Timer}) {
            cancel(e);
        }
        rtxTimer = persistTimer = keepAliveTimer = timeWaitTimer = finWait2Timer = null;
    }

    private void cancel(EventLoop.Event e) {
        net.loop.cancel(e);
    }

    // ---- round-trip time (RFC 6298) ------------------------------------------------------------------------------

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
}
