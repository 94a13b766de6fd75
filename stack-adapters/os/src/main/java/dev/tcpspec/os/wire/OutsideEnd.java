package dev.tcpspec.os.wire;

import dev.tcpspec.sim.ReferencePeer;
import dev.tcpspec.spi.CannotPerform;
import dev.tcpspec.trace.IpPacket;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * The kernel's end of the packet wire: a TUN device in the run's namespace. Segments the wire delivers to the kernel
 * are written into the device (the kernel handles each before the write returns); packets the kernel sends out
 * through it are read, decoded and put on the wire as the kernel's. After each segment in, the kernel's end of that
 * connection is sampled, so every change a segment causes is dated to it.
 *
 * <p>It also decides how the run waits ({@link #await}): the reference stack's loop asks to wait until its next event;
 * a short wait is waited for real; a long one is skipped when no kernel timer can fire within it, waited for real
 * when one can (up to {@link #REAL_WAIT_LIMIT}), and refused ({@link CannotPerform}) beyond.
 */
final class OutsideEnd implements ReferencePeer.Outside {
    /** Waits at most this long are waited out, whatever is pending: the kernel's clock must see them pass. */
    static final long SHORT_WAIT_NANOS = 2_000_000_000L;
    /** The most one wait lasts in real time; a kernel timer further away makes the scenario one a kernel cannot do. */
    static final Duration REAL_WAIT_LIMIT = Duration.ofSeconds(75);
    /**
     * The least real time a skipped wait takes: a delayed ACK (at most 200 ms on Linux) gets out, and the kernel's
     * rate limits (one out-of-window ACK per 500 ms, tcp_invalid_ratelimit; ICMP and challenge ACKs per second),
     * which count real time, see a second pass before it meets the next segment as if much time had passed.
     */
    static final long SKIP_FLOOR_NANOS = 1_000_000_000L;
    /** The longest real wait at a time on a stack whose clock moves with the wire's: its due timer fires within it. */
    static final long CLOCKED_REAL_SLICE_NANOS = 2_000_000L;
    /**
     * While a socket call runs on another thread of a stack whose clock tcpspec moves (a lingering close()), how long
     * the wire waits for real for its answer before it moves the clock, whenever something happened since the last
     * such wait: the call may have finished on the stack's side with its answer still on the way, and a skip then
     * would carry the call's return past the moment it happened.
     */
    static final long CALL_GRACE_NANOS = 20_000_000L;
    /** A kernel timestamp further back than this is not believed (a clock step): the segment is dated when read. */
    static final long STALL_LIMIT_NANOS = 10_000_000_000L;
    /** The longest skip that leaves PAWS alone: TS.Recent ages on the kernel's real clock (RFC 7323 §5.5). */
    static final long PAWS_IDLE_NANOS = Duration.ofDays(24).toNanos();

    private final OutsideStack.PacketLink link;
    /** The outside stack's clock, if tcpspec can move it; null for a kernel. */
    private final OutsideStack.ClockControl stackClock;
    private final WireClock clock;
    private final byte[] kernelAddress;
    private final byte[] peerAddress;
    private ReferencePeer peer;
    private OutsideObserver observer;
    private int ipId;
    private boolean down;
    private boolean timestampsSeen;
    /** The end of a run that reads the kernel's timewait timers: those do not keep the wire waiting. */
    private boolean readingTimewait;
    /** Something the wait must also watch for: a socket call's condition (checked after every slice). */
    private BooleanSupplier wakeWhen = () -> false;
    private long sliceNanos = Long.MAX_VALUE;
    /** Whether the next clocked wait first waits {@link #CALL_GRACE_NANOS} for real (see there). */
    private boolean callGraceDue;
    private long packetsIn;
    /** Time skipped on both clocks, for a stack whose clock moves. */
    private long skippedByClock;
    private long packetsOut;

    OutsideEnd(OutsideStack.PacketLink link, OutsideStack.ClockControl stackClock, WireClock clock,
               byte[] kernelAddress, byte[] peerAddress) {
        this.link = link;
        this.stackClock = stackClock;
        this.clock = clock;
        this.kernelAddress = kernelAddress;
        this.peerAddress = peerAddress;
    }

    void attach(ReferencePeer peer, OutsideObserver observer) {
        this.peer = peer;
        this.observer = observer;
    }

    // ---- segments in and out ---------------------------------------------------------------------------------

    @Override
    public void receive(Segment s) {
        if (down) {
            note("the kernel's host is down: " + s + " is lost");
            return;
        }
        observer.watchSegment(s.dstPort(), s.srcPort(), s.syn() && !s.hasAck());
        try {
            link.write(IpPacket.encode(s, peerAddress, kernelAddress, ipId++));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        packetsIn++;
        if (sliceNanos != Long.MAX_VALUE) callGraceDue = true;
        // the kernel handled the segment inside write(): first the state it moved to, then what it sent in reply
        observer.sample(s.dstPort(), s.srcPort(), "rcvd " + s.flagNames());
        drain(false);
    }

    /**
     * Puts every packet the kernel has sent so far on the wire; true if there was one. {@code ownAccord}: the kernel
     * may have sent them on a timer, so each sender is sampled (what else the timer did shows now); packets it sent
     * in reply to a segment or a call were sampled with it.
     */
    private boolean drain(boolean ownAccord) {
        boolean any = false;
        try {
            byte[] p;
            // look before reading: a read that finds nothing fails with EAGAIN, and an exception costs far more
            while (link.await(0) && (p = link.read()) != null) {
                IpPacket.Decoded d = IpPacket.decode(p, 0, p.length);
                if (d == null) continue;   // neighbour discovery, MLD reports, ...: not TCP
                if (!Arrays.equals(d.source(), kernelAddress) || !Arrays.equals(d.destination(), peerAddress)) {
                    note("the kernel sent a segment from " + IpPacket.text(d.source()) + " to "
                            + IpPacket.text(d.destination()) + ", not between the wire's addresses: " + d.segment());
                    continue;
                }
                any = true;
                packetsOut++;
                Segment s = d.segment();
                if (down) continue;   // a crashed host's last words never reach the wire
                if (s.options().hasTimestamps()) timestampsSeen = true;
                observer.watchSegment(s.srcPort(), s.dstPort(), false);
                // dated when the kernel sent it: after a stall here it still comes before the timers due later
                long sent = link.sentAt(p);
                long now = System.nanoTime();
                if (sent > 0 && sent <= now && now - sent < STALL_LIMIT_NANOS) {
                    peer.fromOutside(s, clock.at(sent));
                } else {
                    peer.fromOutside(s);
                }
                if (ownAccord) observer.sample(s.srcPort(), s.dstPort(), null);
                if (!d.checksumOk()) note("the kernel sent a segment with a bad checksum: " + s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return any;
    }

    // ---- waiting ----------------------------------------------------------------------------------------------

    /**
     * While a socket call of the kernel is under way, the wire must also wake for {@code condition} (data to read, a
     * connect() completed, a lingering close() returned), checked every {@code sliceNanos}.
     */
    void wakeWhen(BooleanSupplier condition, long sliceNanos) {
        this.wakeWhen = condition;
        this.sliceNanos = sliceNanos;
        this.callGraceDue = true;
    }

    void clearWake() {
        this.wakeWhen = () -> false;
        this.sliceNanos = Long.MAX_VALUE;
        this.callGraceDue = false;
    }

    @Override
    public boolean await(long nanos) {
        if (drain(nanos > 0)) {
            if (sliceNanos != Long.MAX_VALUE) callGraceDue = true;
            return true;
        }
        if (nanos <= 0) return false;
        if (stackClock != null) return awaitClocked(nanos);
        if (nanos <= SHORT_WAIT_NANOS) return waitReally(nanos);
        // a long wait: a second of it passes for real (a delayed ACK gets out, the kernel's rate limits see time
        // pass), then, if no kernel timer can fire in the rest, the rest is skipped
        long start = System.nanoTime();
        if (waitReally(SKIP_FLOOR_NANOS)) return true;
        long left = nanos - (System.nanoTime() - start);
        if (left <= 0) return false;
        observer.sampleAll(null);
        long now = System.nanoTime();
        long timer = observer.nextTimerRaw(readingTimewait);
        if (timer == Long.MAX_VALUE || timer > now + left) {
            skip(left);
            return false;
        }
        long limit = REAL_WAIT_LIMIT.toNanos();
        if (timer - now > limit) {
            throw new CannotPerform("letting " + Trace.human(nanos) + " pass takes real time on a kernel, and its "
                    + "timers would fire within it more than " + Trace.human(limit) + " from now, the most the "
                    + "packet wire waits (" + describeTimers() + ")");
        }
        return waitReally(Math.min(left, timer - now + OutsideObserver.SAMPLE_NANOS));
    }

    /**
     * A wait on a stack whose clock tcpspec moves: nothing is in flight and the reference stack has nothing to do
     * for {@code nanos}, so both clocks move forward together, as far as the stack lets them (it stops at a timer of
     * its own that is due); what is left is waited for real, briefly, while that timer fires.
     */
    private boolean awaitClocked(long nanos) {
        if (callGraceDue) {
            callGraceDue = false;
            long grace = Math.min(nanos, CALL_GRACE_NANOS);
            if (waitReally(grace)) {
                callGraceDue = true;
                return true;
            }
            nanos -= grace;
            if (nanos <= 0) return false;
        }
        long moved = stackClock.skip(nanos);
        if (moved > 0) {
            long at = peer.nowNanos();
            clock.skip(moved);
            skippedByClock += moved;
            if (moved >= SHORT_WAIT_NANOS) {
                peer.record(new TraceEvent.Note(at, "wire: moved " + Trace.human(moved) + " on " + "the stack's "
                        + "clock and tcpspec's together: nothing was in flight and no timer of either was due"));
            }
        }
        // a timer of the stack may have fired at its moment: what it sent, and what it changed in silence
        boolean sent = drain(true);
        observer.sampleAll(null);
        if (sent) {
            callGraceDue = sliceNanos != Long.MAX_VALUE;
            return true;
        }
        long left = nanos - moved;
        if (left <= 0) return false;
        return waitReally(Math.min(left, CLOCKED_REAL_SLICE_NANOS));
    }

    /**
     * Waits for real, at most {@code nanos}, for a packet from the kernel or the call's condition; samples the
     * kernel while its timers are pending. True when something happened.
     */
    private boolean waitReally(long nanos) {
        long end = System.nanoTime() + nanos;
        while (true) {
            long now = System.nanoTime();
            long left = end - now;
            if (left <= 0) return false;
            long slice = Math.min(left, sliceNanos);
            long timer = observer.nextTimerRaw(false);
            if (timer != Long.MAX_VALUE) slice = Math.min(slice, Math.max(timer - now, OutsideObserver.SAMPLE_NANOS));
            boolean ready;
            try {
                ready = link.await(slice);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (ready && drain(true)) return true;
            observer.sampleDue();
            if (stackClock != null && stackClock.silentTimersOnRealTime()) observer.sampleAll(null);
            if (wakeWhen.getAsBoolean()) return true;
        }
    }

    private void skip(long nanos) {
        long most = Duration.ofDays(3650).toNanos();
        long n = Math.min(nanos, most);
        if (timestampsSeen && clock.skipped() + n >= PAWS_IDLE_NANOS) {
            throw new CannotPerform("letting " + Trace.human(clock.skipped() + n) + " pass would have to skip it, "
                    + "and the kernel ages TS.Recent on its own real clock: its PAWS idle limit (24 days) cannot pass "
                    + "in a run");
        }
        long at = peer.nowNanos();
        clock.skip(n);
        peer.record(new TraceEvent.Note(at, "wire: skipped " + Trace.human(n) + " of real time: no kernel timer "
                + "could fire meanwhile (" + describeTimers() + ") and nothing was in flight"));
    }

    private String describeTimers() {
        StringBuilder sb = new StringBuilder();
        for (OutsideObserver.Endpoint e : observer.endpoints()) {
            sb.append(sb.length() == 0 ? "" : "; ").append(e);
        }
        return sb.length() == 0 ? "no kernel sockets" : sb.toString();
    }

    // ---- crash, reboot, the end ---------------------------------------------------------------------------------

    /** The kernel's host is down: nothing it sends reaches the wire, nothing reaches it. */
    void down(boolean isDown) {
        drain(false);
        this.down = isDown;
    }

    /** From now on the kernel's timewait sockets do not keep the wire waiting: their timers were read. */
    void readTimewaitTimers() {
        readingTimewait = true;
    }

    boolean readingTimewait() {
        return readingTimewait;
    }

    /**
     * Whether nothing more can happen at the outside end: a kernel with no timer pending but (once they are read)
     * its timewait sockets'; a stack whose clock moves, when it says no timer of its can change anything.
     */
    boolean outsideQuiet() {
        if (stackClock != null) return stackClock.idle();
        return !observer.busy() && (readingTimewait || observer.nextTimerRaw(false) == Long.MAX_VALUE);
    }

    long packetsIn() {
        return packetsIn;
    }

    long packetsOut() {
        return packetsOut;
    }

    private void note(String text) {
        peer.record(new TraceEvent.Note(peer.nowNanos(), "wire: " + text));
    }
}
