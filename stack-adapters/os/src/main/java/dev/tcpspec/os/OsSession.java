package dev.tcpspec.os;

import dev.tcpspec.os.host.IpFamily;
import dev.tcpspec.os.observe.Observations;
import dev.tcpspec.os.observe.PacketCapture;
import dev.tcpspec.trace.Pcap;
import dev.tcpspec.os.observe.ProcNetTcp;
import dev.tcpspec.os.observe.ProcPoller;
import dev.tcpspec.os.observe.SocketRow;
import dev.tcpspec.os.observe.StateTracer;
import dev.tcpspec.os.observe.Timeline;
import dev.tcpspec.os.place.DropRules;
import dev.tcpspec.os.place.NamespacePlace;
import dev.tcpspec.os.place.Place;
import dev.tcpspec.os.place.RootPlace;
import dev.tcpspec.os.sockets.Reply;
import dev.tcpspec.os.sockets.SocketDriver;

import dev.tcpspec.spi.CannotPerform;
import dev.tcpspec.spi.IoResult;
import dev.tcpspec.spi.ListenResult;
import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.spi.SocketResult;
import dev.tcpspec.spi.StackSession;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Fate;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;
import dev.tcpspec.trace.TraceRecorder;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.awaitility.Awaitility.await;

/**
 * One spec's run on the kernel: its sockets (in the root namespace or in a namespace of its own), the observers of
 * its 4-tuples, and its clock.
 *
 * <p>Time is real, with one exception: when a step lets a long time pass ({@code elapse(10 hours)}) and no kernel
 * timer is pending on any of the session's sockets that could fire within it, nothing can change (a socket without a
 * timer does not change on its own, and nothing is in flight), so the session skips that time: its clock jumps, and
 * a note in the trace says so and why. Otherwise it waits, for real.
 */
public final class OsSession implements StackSession {
    /** Steps that let at most this much time pass wait it out, whatever is pending. */
    static final Duration SHORT_ELAPSE = Duration.ofSeconds(2);
    /** The most connections one session follows (a churn of thousands is for the packet wire). */
    static final int MAX_CONNECTIONS = 1_000;
    /** The most a step or the end of a scenario waits in real time. */
    static final Duration REAL_WAIT_LIMIT = Duration.ofSeconds(75);

    private final OsStack stack;
    private final SessionSettings settings;
    private final TraceRecorder recorder;
    private final long startRaw = System.nanoTime();
    private final long startEpochNanos;
    private final List<long[]> skips = new ArrayList<>();
    /** The latest time {@link #nowNanos()} handed out: the clock never goes back from it. */
    private final java.util.concurrent.atomic.AtomicLong lastNow = new java.util.concurrent.atomic.AtomicLong();
    private final Place place;
    private final Map<Integer, Integer> connByClientPort = new HashMap<>();
    private final Map<Integer, Long> startByClientPort = new HashMap<>();
    private Observations obs;
    private final List<ProcPoller.Subscription> watches = new ArrayList<>();
    private PacketCapture capture;
    private boolean traced;
    private final List<OsSocket> sockets = new ArrayList<>();
    private int listenerHandle = -1;
    private SocketOptions listenerOptions;
    private int nextConn;
    /** After a skip past timewait sockets' timers: the raw time the skip ended at, which the kernel must reach; else 0. */
    private long debtEnd;
    private boolean finished;

    OsSession(OsStack stack, SessionSettings settings) throws IOException {
        this.stack = stack;
        this.settings = settings;
        this.recorder = settings.recorder();
        this.startEpochNanos = epochAt(startRaw);
        boolean needsNamespace = stack.namespaces() == OsStack.Namespaces.ALWAYS
                || (stack.namespaces() == OsStack.Namespaces.AUTO && stack.host().whyNoNamespaces().isEmpty());
        this.place = needsNamespace ? NamespacePlace.create(stack.host(), stack.family(), settings) : new RootPlace(stack.family(), settings.profile());
        LIVE.add(this);
    }

    /** Sessions not yet closed: if the JVM exits with some still running (a spec abandoned as hung), they are closed. */
    private static final java.util.Set<OsSession> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            List<Thread> closing = new ArrayList<>();
            for (OsSession s : List.copyOf(LIVE)) {
                Thread t = new Thread(() -> {
                    try {
                        s.close();
                    } catch (RuntimeException e) {
                        // best effort on the way out
                    }
                }, "tcpspec-os-close");
                t.start();
                closing.add(t);
            }
            for (Thread t : closing) {
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "tcpspec-os-cleanup"));
    }

    // ---- clock ---------------------------------------------------------------------------------------------------

    @Override
    public long nowNanos() {
        long t = traceNanos(System.nanoTime());
        lastNow.accumulateAndGet(t, Math::max);
        return t;
    }

    /** A {@link System#nanoTime()} reading in trace time: since the session opened, plus the time skipped before it. */
    long traceNanos(long raw) {
        long t = raw - startRaw;
        synchronized (skips) {
            for (long[] s : skips) {
                if (s[0] <= raw) t += s[1];
            }
        }
        return t;
    }

    /**
     * The wall-clock time (what the capture stamps packets with) at the {@link System#nanoTime()} reading
     * {@code raw}: measured between two readings of the monotonic clock, the tightest of a few tries, so that a
     * segment and the state change it causes, microseconds apart, keep their order in the trace.
     */
    private static long epochAt(long raw) {
        long bestGap = Long.MAX_VALUE;
        long offset = 0;
        for (int i = 0; i < 7; i++) {
            long before = System.nanoTime();
            Instant now = Instant.now();
            long after = System.nanoTime();
            if (after - before < bestGap) {
                bestGap = after - before;
                offset = now.getEpochSecond() * 1_000_000_000L + now.getNano() - (before + (after - before) / 2);
            }
        }
        return raw + offset;
    }

    private long rawFromEpoch(long epochNanos) {
        return epochNanos - startEpochNanos + startRaw;
    }

    /** The loopback address both ends use, as a literal (traces and pcaps carry it); the namespace is in a note. */
    @Override
    public String address(Side side) {
        return stack.family().loopbackText();
    }

    // ---- socket calls --------------------------------------------------------------------------------------------

    @Override
    public ListenResult listen(Side side, int port, SocketOptions options) {
        payDebt();
        if (obs != null) return listenAgain(port, options);
        Reply r = place.driver().listen(port == 0 ? place.serverPort() : port, options);
        if (r.outcome() != AppOutcome.OK) return ListenResult.failed(r.outcome());
        obs = new Observations(r.localPort());
        watches.add(ProcPoller.watch(table(), obs));
        try {
            if (stack.host().tracepoint() == null) {
                watches.add(StateTracer.watch(stack.host(), obs));
                traced = true;
            }
            if (stack.host().whyNoCapture().isEmpty()) {
                // alone in its namespace a session sees only its own traffic, also to ports where nothing listens
                capture = PacketCapture.start(stack.host(), place.commandPrefix(),
                        place instanceof NamespacePlace ? "tcp" : "tcp port " + r.localPort());
            }
            place.armFaults(settings.faults(), r.localPort(), recorder, this::nowNanos);
        } catch (IOException e) {
            throw new IllegalStateException("cannot observe the session: " + e.getMessage(), e);
        }
        recorder.record(new TraceEvent.Note(nowNanos(), "os: " + stack.family().label() + " sockets on "
                + place.describe(stack.family()) + ", server port " + r.localPort() + "; states from /proc/net/tcp"
                + (stack.family() == IpFamily.IPV6 ? "6" : "") + " every " + ProcPoller.INTERVAL_MILLIS + " ms"
                + (traced ? " and the sock:inet_sock_set_state tracepoint" : "")
                + (capture != null ? "; segments from a capture on lo" : "")));
        listenerHandle = r.handle();
        listenerOptions = options;
        sample();
        return ListenResult.ok(new OsListener(this, r.localPort()));
    }

    /** listen() once more on the server's port: after the first listener closed, or beside it (which must fail). */
    private ListenResult listenAgain(int port, SocketOptions options) {
        if (port != 0 && port != obs.serverPort()) {
            throw new IllegalStateException("the os adapter observes one server port per session (" + obs.serverPort()
                    + "), not " + port);
        }
        Reply r = place.driver().listen(obs.serverPort(), options);
        sample();
        if (r.outcome() != AppOutcome.OK) return ListenResult.failed(r.outcome());
        listenerHandle = r.handle();
        listenerOptions = options;
        return ListenResult.ok(new OsListener(this, r.localPort()));
    }

    /**
     * connect(): a blocking one waits up to {@code timeout}; with a zero timeout the socket is returned still
     * connecting ({@code STILL_BLOCKED}, in SYN_SENT), to be finished with {@link OsSocket#finishConnect}. Every
     * attempt that got a local port gets a connection number, even one that failed (its SYN went out), and both of
     * its ends are watched from the start: the server's end exists in the kernel before anyone accepts it.
     */
    @Override
    public SocketResult connect(Side side, SocketOptions options, int remotePort, Duration timeout) {
        if (nextConn >= MAX_CONNECTIONS) {
            throw new CannotPerform("the loopback adapter follows each connection through /proc scans and a capture "
                    + "it reads at the end; a scenario of more than " + MAX_CONNECTIONS + " connections is beyond it "
                    + "(the packet wire, wire=tun, follows tens of thousands)");
        }
        payDebt();
        long start = System.nanoTime();
        Reply r = place.driver().connect(remotePort, options, timeout.toNanos());
        OsSocket socket = null;
        int localPort = r.localPort();
        if (localPort == 0 && obs != null && r.outcome() != AppOutcome.ADDRESS_IN_USE
                && r.outcome() != AppOutcome.ADDRESS_NOT_AVAILABLE) {
            localPort = findLocalPort(remotePort, start);
        }
        if (localPort != 0 && obs != null) {
            int conn = nextConn++;
            obs.addClientPort(localPort);
            connByClientPort.put(localPort, conn);
            startByClientPort.put(localPort, start);
            obs.addEndpoint(new Observations.Endpoint(side, conn, localPort, remotePort, start));
            if (remotePort == obs.serverPort()) {
                obs.addEndpoint(new Observations.Endpoint(side.peer(), conn, remotePort, localPort, start));
            }
            if (r.handle() >= 0) {
                socket = new OsSocket(this, side, conn, r.handle(), localPort, remotePort);
                sockets.add(socket);
            }
        }
        sample();
        if (r.outcome() == AppOutcome.OK) return SocketResult.ok(socket, r.blockedNanos());
        return new SocketResult(r.outcome(), socket, r.blockedNanos());
    }

    /**
     * The local port of a connect() that has not completed (the JDK learns it only once connected) or that failed
     * (a refused SYN is answered within microseconds on loopback, before the call returns): the one socket of the
     * session's place towards {@code remotePort} in /proc that is not the session's yet, else the tracepoint's
     * transition out of SYN_SENT towards it since {@code startRaw}; 0 if neither tells.
     */
    private int findLocalPort(int remotePort, long startRaw) {
        List<Integer> candidates = new ArrayList<>();
        for (SocketRow row : ProcNetTcp.read(table(), p -> p == remotePort)) {
            if (row.remotePort() == remotePort && row.inode() != 0 && !obs.concernsPort(row.localPort())) {
                candidates.add(row.localPort());
            }
        }
        if (candidates.size() == 1) return candidates.get(0);
        StateTracer tracer = StateTracer.current();
        if (!traced || tracer == null) return 0;
        tracer.flush();
        int found = 0;
        for (Observations.Transition t : obs.transitionsTowards(remotePort)) {
            // the move into SYN_SENT comes before the kernel picks the port; the move out of it names the port
            if (t.from() == dev.tcpspec.trace.TcpState.SYN_SENT && t.localPort() != 0
                    && t.rawNanos() >= startRaw && !obs.concernsPort(t.localPort())) {
                found = t.localPort();
            }
        }
        return found;
    }

    SocketResult accept(Duration timeout) {
        payDebt();
        Reply r = place.driver().accept(listenerHandle, timeout.toNanos());
        sample();
        if (r.outcome() != AppOutcome.OK) return SocketResult.failed(r.outcome(), r.blockedNanos());
        Integer conn = connByClientPort.get(r.remotePort());
        if (conn == null) {
            conn = nextConn++;
            obs.addEndpoint(new Observations.Endpoint(Side.SERVER, conn, r.localPort(), r.remotePort(),
                    System.nanoTime()));
        }
        OsSocket s = new OsSocket(this, Side.SERVER, conn, r.handle(), r.localPort(), r.remotePort());
        sockets.add(s);
        return SocketResult.ok(s, r.blockedNanos());
    }

    /**
     * A read() waiting up to {@code timeout}. A short wait is waited out. A long one is read in slices while kernel
     * timers of the session's sockets may still fire within it (a retransmission, a keepalive probe: what can end
     * the read on a quiet loopback, where the peer makes no call while this one blocks); once none can, nothing will
     * ever arrive, and the rest of the wait is skipped as a step's time would be ({@link #elapse}): the read returns
     * still blocked after its full wait. A timer that would fire beyond what the adapter waits makes the scenario
     * one this stack cannot perform.
     */
    IoResult read(int handle, int maxBytes, Duration timeout) {
        if (timeout.compareTo(SHORT_ELAPSE) <= 0 || obs == null) {
            return io(d -> d.read(handle, maxBytes, timeout.toNanos()));
        }
        payDebt();
        long start = System.nanoTime();
        long end = start + timeout.toNanos();
        long limit = start + REAL_WAIT_LIMIT.toNanos();
        while (true) {
            long slice = Math.min(end - System.nanoTime(), ProcPoller.INTERVAL_MILLIS * 2_000_000L);
            Reply r = place.driver().read(handle, maxBytes, Math.max(0, slice));
            sample();
            long now = System.nanoTime();
            if (r.outcome() != AppOutcome.STILL_BLOCKED || now >= end) {
                return new IoResult(r.outcome(), r.data(), r.bytes(), now - start);
            }
            boolean lazy = readsTimers();
            List<SocketRow> firing = timersFiringBefore(end).stream().filter(x -> !(lazy && x.isTimewaitSocket()))
                    .toList();
            if (firing.isEmpty()) {
                // a timer that fired between the slice and the sample (a keepalive giving up, its row gone) has
                // ended the read already: look once more before calling it blocked for good
                Reply late = place.driver().read(handle, maxBytes, 0);
                if (late.outcome() != AppOutcome.STILL_BLOCKED) {
                    return new IoResult(late.outcome(), late.data(), late.bytes(), System.nanoTime() - start);
                }
                long skip = end - now;
                synchronized (skips) {
                    skips.add(new long[]{now, skip});
                }
                if (!timersFiringBefore(end).isEmpty()) debtEnd = end;   // timewait sockets expire meanwhile
                recorder.record(new TraceEvent.Note(traceNanos(now) - skip, "os: the read() stays blocked: no "
                        + "kernel timer of the session's sockets could end it (" + describe(obs.currentRows())
                        + "), so the rest of its wait, " + Trace.human(skip) + ", was skipped"));
                return new IoResult(AppOutcome.STILL_BLOCKED, null, 0, timeout.toNanos());
            }
            if (now > limit || firing.stream().anyMatch(x -> now + x.timerLeft(Timeline.USER_HZ).toNanos() > limit)) {
                throw new CannotPerform("a read() that may wait " + Trace.human(timeout.toNanos()) + " would wait "
                        + "for kernel timers more than " + Trace.human(REAL_WAIT_LIMIT.toNanos()) + " of real time "
                        + "away, the most the os adapter waits (" + describe(firing) + ")");
            }
        }
    }

    /** Waits for a connect() begun with a zero timeout to complete, fail, or still be under way. */
    IoResult finishConnect(int handle, Duration timeout) {
        return io(d -> d.finishConnect(handle, timeout.toNanos()));
    }

    IoResult closeListener() {
        IoResult r = io(d -> d.close(listenerHandle));
        listenerHandle = -1;
        return r;
    }

    void beforeClose(Side closer) {
        payDebt();
        place.beforeClose(closer);
    }

    /** A call on a handle, then a sample of /proc so that the states it caused are seen at once. */
    IoResult io(Function<SocketDriver, Reply> call) {
        payDebt();
        Reply r = call.apply(place.driver());
        sample();
        return new IoResult(r.outcome(), r.data(), r.bytes(), r.blockedNanos());
    }

    private void sample() {
        if (obs != null) ProcPoller.sampleNow(table(), obs);
    }

    /** The table of this session's sockets: the family decides, as the channels are opened with it. */
    private java.nio.file.Path table() {
        return place.netDir().resolve(stack.family() == IpFamily.IPV4 ? "tcp" : "tcp6");
    }



    // ---- time ----------------------------------------------------------------------------------------------------

    @Override
    public void elapse(Duration d) {
        payDebt();
        long end = System.nanoTime() + d.toNanos();
        if (d.compareTo(SHORT_ELAPSE) <= 0 || obs == null) {
            sleepUntil(end);
            return;
        }
        boolean lazy = readsTimers();
        long limit = System.nanoTime() + REAL_WAIT_LIMIT.toNanos();
        List<SocketRow> tooFar = timersFiringBefore(end).stream()
                .filter(r -> !(lazy && r.isTimewaitSocket()))
                .filter(r -> System.nanoTime() + r.timerLeft(Timeline.USER_HZ).toNanos() > limit).toList();
        if (!tooFar.isEmpty()) throw cannotWait(d, tooFar);
        long wait = Math.min(end - System.nanoTime(), REAL_WAIT_LIMIT.toNanos());
        try {
            // the kernel decides when its timers fire: wait until none of the session's can fire within the step,
            // except, when their entries are dated, timewait sockets' timers, whose expiry sends nothing
            await("no kernel timer of the session's sockets firing before the step's end").pollInSameThread()
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(ProcPoller.INTERVAL_MILLIS))
                    .atMost(Duration.ofNanos(Math.max(1, wait)))
                    .until(() -> timersFiringBefore(end).stream().allMatch(r -> lazy && r.isTimewaitSocket()));
        } catch (ConditionTimeoutException e) {
            if (System.nanoTime() >= end) return;   // the whole step was waited out, for real
            throw cannotWait(d, timersFiringBefore(end));
        }
        long now = System.nanoTime();
        if (now >= end) return;
        long skip = end - now;
        List<SocketRow> timewait = timersFiringBefore(end);
        synchronized (skips) {
            skips.add(new long[]{now, skip});
        }
        if (!timewait.isEmpty()) debtEnd = end;
        recorder.record(new TraceEvent.Note(traceNanos(now) - skip, "os: skipped " + Trace.human(skip)
                + " of real time: " + (timewait.isEmpty()
                ? "no kernel timer of the session's sockets could fire before the step's end ("
                + describe(obs.currentRows()) + "), so nothing could change"
                : "the only kernel timers that could fire before the step's end are timewait sockets' ("
                + describe(timewait) + "), whose expiry sends nothing; the session lets them expire before its next "
                + "socket call, if it makes one")));
    }

    /**
     * Letting {@code d} pass would take more real time than the adapter gives a step: kernel timers would fire
     * within it too far from now. The spec then does not apply to a stack on real time.
     */
    private static CannotPerform cannotWait(Duration d, List<SocketRow> timers) {
        return new CannotPerform("letting " + Trace.human(d.toNanos()) + " pass takes real time on a kernel, and "
                + "timers of the session's sockets would fire within it more than "
                + Trace.human(REAL_WAIT_LIMIT.toNanos()) + " from now, the most the os adapter waits ("
                + describe(timers) + ")");
    }

    /**
     * After a skip past timewait sockets' timers, the kernel must catch up before the scenario touches it again: waits
     * for real until those sockets are gone, with the clock standing still (their expiry falls within the skipped
     * time, where it belongs), then goes on where the skip left the clock.
     */
    private void payDebt() {
        if (debtEnd == 0) return;
        synchronized (skips) {
            skips.remove(skips.size() - 1);
        }
        long end = debtEnd;
        debtEnd = 0;
        try {
            await("the skipped timewait sockets to expire").pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(ProcPoller.INTERVAL_MILLIS)).atMost(REAL_WAIT_LIMIT)
                    .until(() -> timersFiringBefore(end).stream().noneMatch(SocketRow::isTimewaitSocket));
        } catch (ConditionTimeoutException e) {
            // the kernel did not do what its own timers said: a deviation of the stack, not something the adapter
            // cannot do, so the spec fails (never NOT_APPLICABLE)
            throw new dev.tcpspec.spi.StackDeviation("timewait sockets outlived the timers the kernel showed for them: "
                    + "still there " + Trace.human(REAL_WAIT_LIMIT.toNanos()) + " of real time after those timers ran "
                    + "out: " + describe(timersFiringBefore(end)));
        }
        long now = System.nanoTime();
        long unskipped = traceNanos(now);
        synchronized (skips) {
            skips.add(new long[]{now, Math.max(0, lastNow.get() - unskipped)});
        }
    }

    /** The session's rows with a timer that expires before {@code endRaw} (plus a second of slack). */
    private List<SocketRow> timersFiringBefore(long endRaw) {
        long now = System.nanoTime();
        List<SocketRow> firing = new ArrayList<>();
        for (SocketRow r : obs.currentRows()) {
            if (r.timer() == SocketRow.NO_TIMER) continue;
            if (now + r.timerLeft(Timeline.USER_HZ).toNanos() < endRaw + 1_000_000_000L) firing.add(r);
        }
        return firing;
    }

    @Override
    public void finish(Duration horizon) {
        if (obs == null || finished) return;
        finished = true;
        // after a skip past timewait sockets the kernel has not caught up: what is seen now happened inside the
        // skipped time, where the clock stands still until observation ends (as when a later call lets it catch up)
        boolean catchingUp = debtEnd != 0;
        if (catchingUp) {
            synchronized (skips) {
                skips.remove(skips.size() - 1);
            }
            debtEnd = 0;
        }
        long end = System.nanoTime() + Math.min(horizon.toNanos(), REAL_WAIT_LIMIT.toNanos());
        sleepUntil(System.nanoTime() + 20_000_000L);   // let the last segments land
        sample();
        try {
            await("the session's kernel timers to run out").pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(ProcPoller.INTERVAL_MILLIS))
                    .atMost(Duration.ofNanos(Math.max(1, end - System.nanoTime())))
                    .until(() -> {
                        // a fresh sample, not the background poller's last: a sample that shows the peer's last
                        // segment handled also shows the timer it re-armed here (a TIME_WAIT restarted by a
                        // retransmitted FIN), however late the poller runs on a loaded machine
                        sample();
                        List<SocketRow> pending = timersFiringBefore(System.nanoTime() + horizon.toNanos());
                        return pending.isEmpty()
                                || (readsTimers() && pending.stream().allMatch(SocketRow::isTimewaitSocket));
                    });
        } catch (ConditionTimeoutException e) {
            List<SocketRow> pending = timersFiringBefore(System.nanoTime() + horizon.toNanos());
            if (!pending.isEmpty()) {
                recorder.record(new TraceEvent.Note(nowNanos(), "os: stopped observing after "
                        + Trace.human(Math.min(horizon.toNanos(), REAL_WAIT_LIMIT.toNanos()))
                        + " with kernel timers pending: " + describe(pending)));
            }
        }
        if (catchingUp) {
            long now = System.nanoTime();
            long unskipped = traceNanos(now);
            synchronized (skips) {
                skips.add(new long[]{now, Math.max(0, lastNow.get() - unskipped)});
            }
        }
        collect();
    }

    /**
     * Whether the end of the scenario may read a timewait socket's timer instead of waiting it out: in
     * {@link OsStack.Timers#READ} mode, when the time the socket entered its state is known to the microsecond (the
     * capture dates the peer's FIN that moves it). A /proc sample alone dates it only to within a sample
     * (tens of ms), too coarse to judge a 60 s timer read to 10 ms against 2MSL, so then the session waits.
     */
    private boolean readsTimers() {
        return stack.timers() == OsStack.Timers.READ && capture != null;
    }

    /** Hands every observation to the trace: the capture's segments, the states and the timers. */
    private void collect() {
        StateTracer tracer = StateTracer.current();
        if (traced && tracer != null) tracer.flush();
        Timeline.FinArrivals fins = Timeline.FinArrivals.NONE;
        if (capture != null) {
            try {
                fins = recordSegments(capture.stop());
            } catch (IOException e) {
                throw new IllegalStateException("the packet capture failed: " + e.getMessage(), e);
            }
            capture = null;
        }
        for (TraceEvent e : Timeline.build(obs, traced, this::traceNanos, fins)) recorder.record(e);
        for (TraceEvent e : place.faultNotes(this::traceNanos)) recorder.record(e);
    }

    /**
     * Records the captured segments that belong to the session's connections (by 4-tuple: in the root namespace the
     * capture may see another session's client that drew our server's port as its own), each with its delivery:
     * on loopback a segment that is not dropped arrives within microseconds, so at the time it was captured. Returns
     * when each endpoint received a FIN.
     */
    private Timeline.FinArrivals recordSegments(List<Pcap.Packet> packets) {
        Map<String, Integer> finSeq = new HashMap<>();
        Map<String, List<Long>> finsAt = new HashMap<>();
        DropRules drops = place.drops();
        List<Observations.Endpoint> clients = obs.endpoints().stream().filter(e -> e.side() == Side.CLIENT).toList();
        for (Pcap.Packet p : packets) {
            Segment s = p.segment();
            Side from = null;
            int clientPort = 0;
            for (Observations.Endpoint c : clients) {
                if (s.srcPort() == c.localPort() && s.dstPort() == c.remotePort()) {
                    from = Side.CLIENT;
                    clientPort = s.srcPort();
                } else if (s.dstPort() == c.localPort() && s.srcPort() == c.remotePort()) {
                    from = Side.SERVER;
                    clientPort = s.dstPort();
                }
            }
            if (from == null) continue;
            long raw = rawFromEpoch(p.epochNanos());
            int conn = connAt(clientPort, raw);
            Integer peerFin = finSeq.get(from.peer() + "#" + conn);
            SegmentKind kind = SegmentKind.classify(s, peerFin);
            if (s.fin()) finSeq.put(from + "#" + conn, s.seq() + s.len());
            Fate fate = drops != null && drops.dropped(from, kind) ? Fate.DROPPED : Fate.DELIVERED;
            if (s.fin() && fate == Fate.DELIVERED) {
                finsAt.computeIfAbsent(from.peer() + "#" + conn, k -> new ArrayList<>()).add(raw);
            }
            int id = recorder.nextSegmentId();
            long t = traceNanos(raw);
            recorder.record(new TraceEvent.SegmentSent(t, id, from, conn, s, kind, fate));
            if (fate == Fate.DELIVERED) recorder.record(new TraceEvent.Delivery(t, id, from.peer()));
        }
        return (side, conn) -> finsAt.getOrDefault(side + "#" + conn, List.of());
    }

    /** The connection a segment of this client port belongs to at {@code raw}: the latest connect() begun before. */
    private int connAt(int clientPort, long raw) {
        int conn = -1;
        long best = Long.MIN_VALUE;
        for (Observations.Endpoint e : obs.endpoints()) {
            if (e.side() == Side.CLIENT && e.localPort() == clientPort && e.startRaw() <= raw + 1_000_000L
                    && e.startRaw() > best) {
                best = e.startRaw();
                conn = e.conn();
            }
        }
        return conn;
    }

    /**
     * The host of {@code side} crashes: iptables in the spec's namespace black-holes its ports both ways, then its
     * sockets are closed with SO_LINGER 0, whose RSTs the black hole swallows. Its peer sees nothing at all.
     */
    @Override
    public void crash(Side side) {
        payDebt();
        if (!(place instanceof NamespacePlace ns)) {
            throw new UnsupportedOperationException("crashing a host needs a network namespace of the spec's own "
                    + "(HOST_CRASH); this session runs in the root namespace");
        }
        List<Integer> ports = new ArrayList<>();
        if (side == Side.SERVER) {
            ports.add(obs.serverPort());
        } else {
            for (OsSocket s : sockets) if (s.side() == Side.CLIENT) ports.add(s.localPort());
        }
        ns.blackHole(ports);
        for (OsSocket s : sockets) if (s.side() == side) place.driver().abort(s.handle());
        if (side == Side.SERVER && listenerHandle >= 0) {
            place.driver().abort(listenerHandle);
            listenerHandle = -1;
        }
        recorder.record(new TraceEvent.Note(nowNanos(), "os: the " + side.label() + " host crashed: ports " + ports
                + " black-holed by iptables, its sockets dropped in silence"));
        sample();
    }

    /** A crashed host comes back: the black hole is lifted; a server listens again on its port, with no connections. */
    @Override
    public void reboot(Side side) {
        payDebt();
        if (!(place instanceof NamespacePlace ns)) {
            throw new UnsupportedOperationException("rebooting a host needs a network namespace of the spec's own");
        }
        ns.lift();
        if (side == Side.SERVER && obs != null) {
            Reply r = place.driver().listen(obs.serverPort(), listenerOptions);
            if (r.outcome() != AppOutcome.OK) {
                throw new IllegalStateException("the rebooted server cannot listen again: " + r.outcome().text());
            }
            listenerHandle = r.handle();
        }
        recorder.record(new TraceEvent.Note(nowNanos(), "os: the " + side.label() + " host rebooted with no connections"));
        sample();
    }

    private static String describe(List<SocketRow> rows) {
        if (rows.isEmpty()) return "no sockets left";
        StringBuilder sb = new StringBuilder();
        for (SocketRow r : rows) {
            sb.append(sb.length() == 0 ? "" : "; ").append(r.localPort()).append("->").append(r.remotePort())
                    .append(' ').append(r.state());
            if (r.timer() != SocketRow.NO_TIMER) {
                sb.append(' ').append(Timeline.kindOf(r).label()).append(" timer ")
                        .append(Trace.human(r.timerLeft(Timeline.USER_HZ).toNanos())).append(" left");
            } else {
                sb.append(" no timer");
            }
        }
        return sb.toString();
    }

    private static void sleepUntil(long raw) {
        long left;
        while ((left = raw - System.nanoTime()) > 0) {
            try {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while letting time pass", e);
            }
        }
    }

    @Override
    public void close() {
        if (!LIVE.remove(this)) return;   // closed already (by the scenario, or on the JVM's way out)
        RuntimeException failure = null;
        if (capture != null) capture.close();
        for (ProcPoller.Subscription w : watches) {
            try {
                w.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        try {
            place.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        if (failure != null) throw failure;
    }
}
