package dev.tcpspec.run;

import dev.tcpspec.dsl.Action;
import dev.tcpspec.dsl.Crafted;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Setup;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Timing;
import dev.tcpspec.spi.IoResult;
import dev.tcpspec.spi.ListenResult;
import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.spi.SocketResult;
import dev.tcpspec.spi.StackAdapter;
import dev.tcpspec.spi.StackSession;
import dev.tcpspec.spi.TcpListener;
import dev.tcpspec.spi.TcpSocket;
import dev.tcpspec.trace.AppCall;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Seq;
import dev.tcpspec.trace.TcpOptions;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;
import dev.tcpspec.trace.TraceInfo;
import dev.tcpspec.trace.TraceRecorder;
import dev.tcpspec.wire.FaultSchedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Performs a spec's scenario on a stack session and returns the trace: sets up the listener and connection, performs
 * each step through the socket SPI, records every application result, then lets the stack run out its timers.
 * Expectations are judged elsewhere ({@link SpecRunner}); this class only observes.
 */
public final class ScenarioRunner {
    /** How long setup calls (connect, accept) may block. */
    static final Duration SETUP_WAIT = Duration.ofSeconds(30);
    private static final int MAX_READS = 100_000;

    private final Spec spec;
    private final StackSession session;
    private final TraceRecorder recorder;
    private final Timing timing;
    private final Map<String, List<TcpSocket>> handles = new HashMap<>();
    private TcpListener listener;
    private int listenerPort = -1;

    private ScenarioRunner(Spec spec, StackSession session, TraceRecorder recorder, Timing timing) {
        this.spec = spec;
        this.session = session;
        this.recorder = recorder;
        this.timing = timing;
    }

    /**
     * Runs {@code spec}'s scenario on a fresh session of {@code stack}.
     *
     * @param seed        the seed handed to the stack
     * @param extraFaults faults added to those the spec plans
     * @throws ScenarioException if the scenario cannot be carried out (setup failed, a step names a missing socket),
     *                           or the stack deviated so that it cannot go on (its cause is then the
     *                           {@link dev.tcpspec.spi.StackDeviation})
     * @throws Exception         whatever the adapter throws
     */
    public static Trace execute(Spec spec, StackAdapter stack, Profile profile, long seed, FaultSchedule extraFaults)
            throws Exception {
        return execute(spec, stack, profile, seed, extraFaults, spec.requiredCapabilities());
    }

    /**
     * Runs {@code spec}'s scenario, telling the session that the run needs {@code needs} (the scenario's capabilities
     * and those of the expectations the stack can judge).
     */
    public static Trace execute(Spec spec, StackAdapter stack, Profile profile, long seed, FaultSchedule extraFaults,
                                java.util.Set<dev.tcpspec.dsl.Capability> needs) throws Exception {
        profile = spec.effectiveProfile(profile);
        TraceRecorder recorder = new TraceRecorder();
        FaultSchedule faults = spec.setup().faults().plus(extraFaults);
        Timing timing = new Timing(profile, stack.tolerance());
        try (StackSession session = stack.open(new SessionSettings(profile, seed, faults, recorder, needs))) {
            ScenarioRunner runner = new ScenarioRunner(spec, session, recorder, timing);
            for (String knob : spec.setup().knobs()) {
                recorder.record(new TraceEvent.Note(session.nowNanos(), "stack setting for this run: " + knob));
            }
            TraceInfo info = new TraceInfo(stack.name(), profile.name(), seed, session.address(Side.CLIENT),
                    session.address(Side.SERVER));
            try {
                runner.setUp();
                runner.performSteps();
                session.finish(spec.horizon().resolve(timing));
            } catch (ScenarioException e) {
                throw e.withTrace(recorder.build(info, session.nowNanos())); // the ERROR can show how it got there
            } catch (dev.tcpspec.spi.StackDeviation e) {
                throw ScenarioException.deviated(e, recorder.build(info, session.nowNanos()));
            }
            return recorder.build(info, session.nowNanos());
        }
    }

    private void setUp() {
        Setup setup = spec.setup();
        SocketOptions serverOptions = setup.options(Side.SERVER);
        ListenResult listen = session.listen(Side.SERVER, serverOptions.localPort(), serverOptions);
        recordApp(Side.SERVER, -1, AppCall.LISTEN, IoResult.of(listen.outcome()), "");
        if (listen.outcome() != AppOutcome.OK) {
            throw new ScenarioException("setup failed: the server's listen() returned " + listen.outcome().text());
        }
        listener = listen.listener();
        listenerPort = listener.port();
        if (setup.kind() == Setup.Kind.ESTABLISHED) {
            SocketResult client = session.connect(Side.CLIENT, setup.options(Side.CLIENT), listener.port(), SETUP_WAIT);
            recordApp(Side.CLIENT, client.socket() == null ? -1 : client.socket().connection(), AppCall.CONNECT,
                    IoResult.of(client.outcome(), client.blockedNanos()), "");
            if (client.outcome() != AppOutcome.OK) {
                throw new ScenarioException("setup failed: the client's connect() returned " + client.outcome().text());
            }
            SocketResult server = listener.accept(SETUP_WAIT);
            recordApp(Side.SERVER, server.socket() == null ? -1 : server.socket().connection(), AppCall.ACCEPT,
                    IoResult.of(server.outcome(), server.blockedNanos()), "");
            if (server.outcome() != AppOutcome.OK) {
                throw new ScenarioException("setup failed: the server's accept() returned " + server.outcome().text());
            }
            handles.put(key(Side.CLIENT, client.socket().connection()), new ArrayList<>(List.of(client.socket())));
            handles.put(key(Side.SERVER, server.socket().connection()), new ArrayList<>(List.of(server.socket())));
        }
    }

    private void performSteps() {
        List<Action> steps = spec.steps();
        for (int i = 0; i < steps.size(); i++) {
            Action step = steps.get(i);
            recorder.record(new TraceEvent.Action(session.nowNanos(), step.describe()));
            try {
                perform(step);
            } catch (ScenarioException e) {
                throw new ScenarioException("step " + (i + 1) + " (" + step.describe() + "): " + e.getMessage());
            }
        }
    }

    private void perform(Action step) {
        if (step instanceof Action.Close c) {
            recordApp(c.side(), c.conn(), AppCall.CLOSE, handle(c.side(), c.conn(), c.handle()).close(), "");
        } else if (step instanceof Action.ShutdownOutput s) {
            recordApp(s.side(), s.conn(), AppCall.SHUTDOWN_OUTPUT, handle(s.side(), s.conn(), 0).shutdownOutput(), "");
        } else if (step instanceof Action.ShutdownInput s) {
            recordApp(s.side(), s.conn(), AppCall.SHUTDOWN_INPUT, handle(s.side(), s.conn(), 0).shutdownInput(), "");
        } else if (step instanceof Action.Write w) {
            write(w);
        } else if (step instanceof Action.Await a) {
            await(a);
        } else if (step instanceof Action.Read r) {
            read(r);
        } else if (step instanceof Action.Connect c) {
            connect(c);
        } else if (step instanceof Action.ConnectWhenFree c) {
            connectWhenFree(c);
        } else if (step instanceof Action.Accept a) {
            accept(a);
        } else if (step instanceof Action.FinishConnect f) {
            TcpSocket h = handle(f.side(), f.conn(), 0);
            IoResult r = h.finishConnect(f.waitUpTo().resolve(timing));
            recordApp(f.side(), f.conn(), AppCall.CONNECT, r, "");
        } else if (step instanceof Action.CloseListener c) {
            if (listener == null) throw new ScenarioException("there is no listener to close");
            recordApp(c.side(), -1, AppCall.CLOSE, listener.close(), "listener");
        } else if (step instanceof Action.Listen l) {
            listen(l);
        } else if (step instanceof Action.Inject i) {
            inject(i);
        } else if (step instanceof Action.Churn c) {
            new Churn(c).run();
        } else if (step instanceof Action.Elapse e) {
            session.elapse(e.duration().resolve(timing));
        } else if (step instanceof Action.Duplicate d) {
            TcpSocket copy = handle(d.side(), d.conn(), 0).duplicate();
            handles.get(key(d.side(), d.conn())).add(copy);
            recordApp(d.side(), d.conn(), AppCall.DUPLICATE, IoResult.of(AppOutcome.OK), "");
        } else if (step instanceof Action.Crash c) {
            session.crash(c.side());
        } else if (step instanceof Action.Reboot r) {
            session.reboot(r.side());
        } else {
            throw new ScenarioException("this runner does not know the step " + step.describe());
        }
    }

    private void connect(Action.Connect c) {
        if (listenerPort < 0) throw new ScenarioException("there is no listener to connect to");
        SocketOptions options = spec.setup().options(c.side());
        if (c.samePortAs() >= 0) options = options.withLocalPort(handle(c.side(), c.samePortAs(), 0).localPort());
        int port = c.toClosedPort() ? listenerPort + 1 : listenerPort;
        SocketResult r = session.connect(c.side(), options, port, c.waits() ? SETUP_WAIT : Duration.ZERO);
        recordApp(c.side(), r.socket() == null ? -1 : r.socket().connection(), AppCall.CONNECT,
                IoResult.of(r.outcome(), r.blockedNanos()), "");
        if (r.socket() != null) {
            handles.put(key(c.side(), r.socket().connection()), new ArrayList<>(List.of(r.socket())));
        }
    }

    private void listen(Action.Listen l) {
        Side side = l.side();
        SocketOptions options = l.applyTo(spec.setup().options(side));
        ListenResult r = session.listen(side, listenerPort, options);
        recordApp(side, -1, AppCall.LISTEN, IoResult.of(r.outcome()), "");
        if (r.listener() != null) listener = r.listener();
    }

    /**
     * Resolves a crafted segment against the connection as the trace shows it so far, and injects it: SEG.SEQ from
     * the receiver's last acknowledgement number (its RCV.NXT), SEG.ACK from the end of what the receiver sent (its
     * SND.NXT), TSval from the pretended sender's last one.
     */
    private void inject(Action.Inject i) {
        Side from = i.side();
        Side to = from.peer();
        Crafted c = i.segment();
        Integer fromPort = null;
        Integer toPort = null;
        Integer rcvNxt = null;
        Integer sndNxt = null;
        int window = 65535;
        Integer senderTsVal = null;
        Integer receiverTsVal = null;
        boolean senderWindowSeen = false;
        int senderWindow = 65535;
        for (TraceEvent e : recorder.eventsSoFar()) {
            if (!(e instanceof TraceEvent.SegmentSent s) || s.conn() != i.conn()) continue;
            Segment g = s.segment();
            if (s.from() == to) {
                toPort = g.srcPort();
                fromPort = g.dstPort();
                if (g.hasAck()) rcvNxt = g.ack();
                window = g.window();
                int end = g.seq() + g.seqLength();
                // a RST consumes no sequence number, and one answering a stray segment carries SEQ = SEG.ACK, which
                // may lie anywhere: it says nothing of SND.NXT
                if (!g.rst() && (sndNxt == null || Seq.gt(end, sndNxt))) sndNxt = end;
                if (g.options().hasTimestamps()) receiverTsVal = g.options().tsVal();
            } else {
                fromPort = g.srcPort();
                toPort = g.dstPort();
                senderWindow = g.window();
                senderWindowSeen = true;
                if (g.options().hasTimestamps()) senderTsVal = g.options().tsVal();
            }
        }
        int seq;
        Integer ack;
        if (c.target() == Crafted.Target.CONNECTION) {
            if (fromPort == null) {
                throw new ScenarioException("connection " + i.conn() + " has carried no segment to craft one from");
            }
            int base = rcvNxt == null ? 0 : rcvNxt;
            if (c.seqBase() == Crafted.SeqBase.WINDOW_END) base += window;
            seq = base + c.seqOffset();
            ack = c.ackOffset() == null ? null : (sndNxt == null ? 0 : sndNxt) + c.ackOffset();
        } else {
            if (listenerPort < 0) throw new ScenarioException("there is no listening port to aim at");
            fromPort = STRAY_PORT;
            toPort = c.target() == Crafted.Target.LISTENER ? listenerPort : listenerPort + 1;
            seq = STRAY_SEQ + c.seqOffset();
            ack = c.ackOffset() == null ? null : STRAY_SEQ * 2 + c.ackOffset();
            senderTsVal = null;
        }
        TcpOptions options = TcpOptions.NONE;
        if (c.tsValOffset() != null) {
            options = options.withTimestamps((senderTsVal == null ? 0 : senderTsVal) + c.tsValOffset(),
                    receiverTsVal == null ? 0 : receiverTsVal);
        } else if (senderTsVal != null) {
            options = options.withTimestamps(senderTsVal, receiverTsVal == null ? 0 : receiverTsVal);
        }
        byte[] payload = new byte[c.dataLength()];
        Arrays.fill(payload, (byte) '#');
        int flags = c.flags() | (ack != null ? Segment.ACK : 0);
        Segment segment = new Segment(fromPort, toPort, seq, ack == null ? 0 : ack, flags,
                senderWindowSeen ? senderWindow : 65535, payload, options);
        for (int n = 0; n < i.times(); n++) session.inject(from, segment);
    }

    /** A port no scenario connection uses, for segments aimed at no connection (below every ephemeral range). */
    static final int STRAY_PORT = 1000;
    private static final int STRAY_SEQ = 0x10000;

    /**
     * The churn step: opens connections at a fixed interval without waiting for earlier ones, closes each from the
     * opening side as soon as it is established, and lets the other side read EOF and close, by polling every open
     * socket with zero timeouts between intervals. Works on any stack; on virtual time it costs no waiting.
     */
    private final class Churn {
        private final Action.Churn step;
        private final Side opener;
        private final List<TcpSocket> connecting = new ArrayList<>();
        private final List<Long> connectStarts = new ArrayList<>();
        private final List<TcpSocket> serving = new ArrayList<>();
        private int established;
        private int accepted;
        private boolean failedConnect;

        Churn(Action.Churn step) {
            this.step = step;
            this.opener = step.side();
        }

        void run() {
            if (listener == null) throw new ScenarioException("there is no listener to connect to");
            int count = step.count().resolve(timing.profile());
            Duration interval = step.interval().resolve(timing);
            SocketOptions options = spec.setup().options(opener).withLocalPort(0);
            long first = session.nowNanos();
            long exhaustBy = step.exhaustBy() == null ? Long.MAX_VALUE : step.exhaustBy().resolve(timing).toNanos();
            for (int n = 0; n < count; n++) {
                long start = session.nowNanos();
                if (start - first > exhaustBy && !failedConnect) {
                    throw new dev.tcpspec.spi.CannotPerform("the scenario needs " + count + " connections opened "
                            + "within " + step.exhaustBy().describe(timing) + ", and this stack opened " + n + " in "
                            + Trace.human(start - first) + " (" + (n * 1_000_000_000L / Math.max(1, start - first))
                            + " a second); connections closed earlier free their ports meanwhile");
                }
                SocketResult r = session.connect(opener, options, listener.port(), Duration.ZERO);
                if (r.socket() == null) {
                    failedConnect = true;
                    recordApp(opener, -1, AppCall.CONNECT, IoResult.of(r.outcome(), r.blockedNanos()), "");
                } else if (r.outcome() == AppOutcome.OK) {
                    established(r.socket(), IoResult.of(AppOutcome.OK, r.blockedNanos()));
                } else {
                    connecting.add(r.socket());
                    connectStarts.add(start);
                }
                // connection n+1 opens at its slot, first + (n+1) x interval: on real time the work of each round
                // comes out of the interval instead of adding to it (on virtual time the work takes no time at all)
                long slot = first + (n + 1) * interval.toNanos();
                session.elapse(Duration.ofNanos(Math.max(0, slot - session.nowNanos())));
                poll();
            }
            for (int n = 0; n < MAX_DRAIN_INTERVALS && !settled(); n++) {
                session.elapse(interval);
                poll();
            }
        }

        /** Every connection opened has been accepted, read to EOF and closed on the other side. */
        private boolean settled() {
            return connecting.isEmpty() && serving.isEmpty() && accepted >= established;
        }

        private void poll() {
            for (int k = 0; k < connecting.size(); k++) {
                TcpSocket s = connecting.get(k);
                IoResult r = s.finishConnect(Duration.ZERO);
                if (r.outcome() == AppOutcome.STILL_BLOCKED) continue;
                long since = session.nowNanos() - connectStarts.get(k);
                connecting.remove(k);
                connectStarts.remove(k--);
                IoResult whole = IoResult.of(r.outcome(), since);
                if (r.outcome() == AppOutcome.OK) {
                    established(s, whole);
                } else {
                    failedConnect = true;
                    recordApp(opener, s.connection(), AppCall.CONNECT, whole, "");
                }
            }
            while (true) {
                SocketResult a = listener.accept(Duration.ZERO);
                if (a.socket() == null) break;
                recordApp(opener.peer(), a.socket().connection(), AppCall.ACCEPT, IoResult.of(AppOutcome.OK), "");
                serving.add(a.socket());
                accepted++;
            }
            for (int k = 0; k < serving.size(); k++) {
                TcpSocket s = serving.get(k);
                IoResult r = s.read(65536, Duration.ZERO);
                if (r.outcome() == AppOutcome.STILL_BLOCKED || r.outcome() == AppOutcome.DATA) continue;
                recordApp(opener.peer(), s.connection(), AppCall.READ, r, "");
                recordApp(opener.peer(), s.connection(), AppCall.CLOSE, s.close(), "");
                serving.remove(k--);
            }
        }

        private void established(TcpSocket s, IoResult connect) {
            established++;
            recordApp(opener, s.connection(), AppCall.CONNECT, connect, "");
            recordApp(opener, s.connection(), AppCall.CLOSE, s.close(), "");
        }
    }

    private static final int MAX_DRAIN_INTERVALS = 100_000;

    private void connectWhenFree(Action.ConnectWhenFree c) {
        if (listener == null) throw new ScenarioException("there is no listener to connect to");
        SocketOptions options = spec.setup().options(c.side()).withLocalPort(handle(c.side(), c.samePortAs(), 0)
                .localPort());
        long retry = c.retryEvery().resolve(timing).toNanos();
        long start = session.nowNanos();
        long deadline = start + c.giveUpAfter().resolve(timing).toNanos();
        int attempts = 0;
        while (true) {
            attempts++;
            SocketResult r = session.connect(c.side(), options, listener.port(), SETUP_WAIT);
            boolean taken = r.outcome() == AppOutcome.ADDRESS_NOT_AVAILABLE || r.outcome() == AppOutcome.ADDRESS_IN_USE;
            if (!taken || session.nowNanos() + retry > deadline) {
                recordApp(c.side(), r.socket() == null ? -1 : r.socket().connection(), AppCall.CONNECT,
                        IoResult.of(r.outcome(), session.nowNanos() - start),
                        attempts == 1 ? "" : "on attempt " + attempts);
                if (r.socket() != null) {
                    handles.put(key(c.side(), r.socket().connection()), new ArrayList<>(List.of(r.socket())));
                }
                return;
            }
            session.elapse(Duration.ofNanos(retry));
        }
    }

    private void accept(Action.Accept a) {
        if (listener == null) throw new ScenarioException("there is no listener to accept from");
        SocketResult r = listener.accept(SETUP_WAIT);
        recordApp(a.side(), r.socket() == null ? -1 : r.socket().connection(), AppCall.ACCEPT,
                IoResult.of(r.outcome(), r.blockedNanos()), "");
        if (r.socket() != null) {
            handles.put(key(a.side(), r.socket().connection()), new ArrayList<>(List.of(r.socket())));
        }
    }

    /**
     * A write of all the step's bytes, as a blocking write() makes it: when the stack queues only part, time passes
     * (a millisecond, then doubling up to 100 ms at a time) until it takes more, for at most {@link #WRITE_WAIT}. One
     * result is recorded for the step: OK with every byte, an error, or SHORT_WRITE with the count queued when the rest
     * never found room (or an error came after some bytes were queued, which the detail names).
     */
    private void write(Action.Write w) {
        TcpSocket h = handle(w.side(), w.conn(), 0);
        byte[] data = w.data();
        long start = session.nowNanos();
        long deadline = start + WRITE_WAIT.toNanos();
        int queued = 0;
        long step = 1_000_000L;
        IoResult last = null;
        while (true) {
            byte[] rest = queued == 0 ? data : Arrays.copyOfRange(data, queued, data.length);
            last = h.write(rest);
            if (last.outcome() != AppOutcome.OK) break;
            queued += last.bytes();
            if (queued >= data.length || data.length == 0) break;
            if (last.bytes() > 0) step = 1_000_000L;
            if (session.nowNanos() + step > deadline) break;
            session.elapse(Duration.ofNanos(step));
            step = Math.min(step * 2, 100_000_000L);
        }
        long blocked = session.nowNanos() - start + (queued == 0 ? last.blockedNanos() : 0);
        byte[] accepted = Arrays.copyOf(data, queued);
        if (queued == data.length) {
            recordApp(w.side(), w.conn(), AppCall.WRITE, new IoResult(AppOutcome.OK, accepted, queued, blocked), "");
        } else if (queued == 0 && last.outcome() != AppOutcome.OK) {
            recordApp(w.side(), w.conn(), AppCall.WRITE, new IoResult(last.outcome(), new byte[0], 0, blocked), "");
        } else {
            String why = last.outcome() != AppOutcome.OK ? "then " + last.outcome().text()
                    : "the rest found no room in the send buffer within " + Trace.human(WRITE_WAIT.toNanos());
            recordApp(w.side(), w.conn(), AppCall.WRITE, new IoResult(AppOutcome.SHORT_WRITE, accepted, queued,
                    blocked), String.format(java.util.Locale.ROOT, "only %,d of %,d bytes queued; %s", queued,
                    data.length, why));
        }
    }

    /** How long a write step waits for room in the send buffer before it records a short write. */
    static final Duration WRITE_WAIT = Duration.ofSeconds(30);

    /**
     * Lets time pass until the endpoint is observed in the state (polling the trace every millisecond, then every 10
     * ms after the first second, so a virtual clock stops within a millisecond of it), or the step's wait runs out.
     * A note says how long it waited, or that the state never came.
     */
    private void await(Action.Await a) {
        long start = session.nowNanos();
        long deadline = start + a.waitUpTo().resolve(timing).toNanos();
        while (true) {
            if (observedIn(a.side(), a.conn(), a.state())) {
                recorder.record(new TraceEvent.Note(session.nowNanos(), who(a.side(), a.conn()) + " observed in "
                        + a.state() + " after waiting " + Trace.human(session.nowNanos() - start)));
                return;
            }
            long now = session.nowNanos();
            if (now >= deadline) break;
            long step = now - start < 1_000_000_000L ? 1_000_000L : 10_000_000L;
            session.elapse(Duration.ofNanos(Math.min(step, deadline - now)));
        }
        recorder.record(new TraceEvent.Note(session.nowNanos(), who(a.side(), a.conn()) + " not observed in "
                + a.state() + " within " + Trace.human(deadline - start) + "; the scenario goes on"));
    }

    /** Whether the trace so far shows the endpoint in {@code state} now (its latest state change led there). */
    private boolean observedIn(Side side, int conn, dev.tcpspec.trace.TcpState state) {
        dev.tcpspec.trace.TcpState last = null;
        for (TraceEvent e : recorder.eventsSoFar()) {
            if (e instanceof TraceEvent.StateChange c && c.side() == side && c.conn() == conn) last = c.to();
        }
        return last == state;
    }

    private static String who(Side side, int conn) {
        return side.label() + (conn == 0 ? "" : " #" + conn);
    }

    private void read(Action.Read r) {
        TcpSocket h = handle(r.side(), r.conn(), 0);
        Duration wait = r.waitUpTo().resolve(timing);
        for (int n = 0; n < MAX_READS; n++) {
            IoResult result = h.read(65536, wait);
            recordApp(r.side(), r.conn(), AppCall.READ, result, "");
            if (!r.untilEof() || result.outcome() != AppOutcome.DATA) return;
        }
        throw new ScenarioException("read more than " + MAX_READS + " times without reaching EOF");
    }

    private TcpSocket handle(Side side, int conn, int index) {
        List<TcpSocket> list = handles.get(key(side, conn));
        if (list == null) {
            throw new ScenarioException("the " + side.label() + " has no socket on connection " + conn
                    + (spec.setup().kind() == Setup.Kind.LISTENING ? " (the setup only listens)" : ""));
        }
        if (index >= list.size()) {
            throw new ScenarioException("the " + side.label() + " has " + list.size() + " handle(s) on connection "
                    + conn + ", not " + (index + 1));
        }
        return list.get(index);
    }

    private void recordApp(Side side, int conn, AppCall call, IoResult r, String detail) {
        recorder.record(new TraceEvent.AppResult(session.nowNanos(), side, conn, call, r.outcome(), r.bytes(),
                r.data(), r.blockedNanos(), detail));
    }

    private static String key(Side side, int conn) {
        return side.name() + '#' + conn;
    }
}
