package dev.tcpspec.run;

import dev.tcpspec.dsl.Action;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Setup;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Timing;
import dev.tcpspec.spi.IoResult;
import dev.tcpspec.spi.ListenResult;
import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.spi.SocketOptions;
import dev.tcpspec.spi.SocketResult;
import dev.tcpspec.spi.StackAdapter;
import dev.tcpspec.spi.StackSession;
import dev.tcpspec.spi.TcpListener;
import dev.tcpspec.spi.TcpSocket;
import dev.tcpspec.trace.AppCall;
import dev.tcpspec.trace.AppOutcome;
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
     * @throws ScenarioException if the scenario cannot be carried out (setup failed, a step names a missing socket)
     * @throws Exception         whatever the adapter throws
     */
    public static Trace execute(Spec spec, StackAdapter stack, Profile profile, long seed, FaultSchedule extraFaults)
            throws Exception {
        TraceRecorder recorder = new TraceRecorder();
        FaultSchedule faults = spec.setup().faults().plus(extraFaults);
        Timing timing = new Timing(profile, stack.tolerance());
        try (StackSession session = stack.open(new SessionSettings(profile, seed, faults, recorder,
                spec.requiredCapabilities()))) {
            ScenarioRunner runner = new ScenarioRunner(spec, session, recorder, timing);
            TraceInfo info = new TraceInfo(stack.name(), profile.name(), seed, session.address(Side.CLIENT),
                    session.address(Side.SERVER));
            try {
                runner.setUp();
                runner.performSteps();
            } catch (ScenarioException e) {
                throw e.withTrace(recorder.build(info, session.nowNanos())); // the ERROR can show how it got there
            }
            session.finish(spec.horizon().resolve(timing));
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
            IoResult r = handle(w.side(), w.conn(), 0).write(w.data());
            byte[] accepted = r.outcome() == AppOutcome.OK ? Arrays.copyOf(w.data(), r.bytes()) : new byte[0];
            recordApp(w.side(), w.conn(), AppCall.WRITE,
                    new IoResult(r.outcome(), accepted, r.bytes(), r.blockedNanos()), "");
        } else if (step instanceof Action.Read r) {
            read(r);
        } else if (step instanceof Action.Connect c) {
            connect(c);
        } else if (step instanceof Action.ConnectWhenFree c) {
            connectWhenFree(c);
        } else if (step instanceof Action.Accept a) {
            accept(a);
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
        if (listener == null) throw new ScenarioException("there is no listener to connect to");
        SocketOptions options = spec.setup().options(c.side());
        if (c.samePortAs() >= 0) options = options.withLocalPort(handle(c.side(), c.samePortAs(), 0).localPort());
        SocketResult r = session.connect(c.side(), options, listener.port(), SETUP_WAIT);
        recordApp(c.side(), r.socket() == null ? -1 : r.socket().connection(), AppCall.CONNECT,
                IoResult.of(r.outcome(), r.blockedNanos()), "");
        if (r.socket() != null) {
            handles.put(key(c.side(), r.socket().connection()), new ArrayList<>(List.of(r.socket())));
        }
    }

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
