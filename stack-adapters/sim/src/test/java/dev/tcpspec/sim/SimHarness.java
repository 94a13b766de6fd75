package dev.tcpspec.sim;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.spi.SocketOptions;
import dev.tcpspec.spi.StackSession;
import dev.tcpspec.spi.TcpListener;
import dev.tcpspec.spi.TcpSocket;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceInfo;
import dev.tcpspec.trace.TraceRecorder;
import dev.tcpspec.wire.FaultSchedule;

import java.time.Duration;

/** A session of the reference stack driven directly through the SPI, for unit tests of the stack itself. */
final class SimHarness {
    final TraceRecorder recorder = new TraceRecorder();
    final StackSession session;
    final Profile profile;
    TcpListener listener;
    TcpSocket client;
    TcpSocket server;

    SimHarness(Profile profile, FaultSchedule faults, Mutant... mutants) {
        this(profile, faults, 1, mutants);
    }

    SimHarness(Profile profile, FaultSchedule faults, long seed, Mutant... mutants) {
        this.profile = profile;
        this.session = Stacks.simulated(mutants).open(new SessionSettings(profile, seed, faults, recorder));
    }

    static SimHarness established(Profile profile) {
        return established(profile, FaultSchedule.NONE, SocketOptions.DEFAULTS);
    }

    static SimHarness established(Profile profile, FaultSchedule faults, SocketOptions clientOptions,
                                  Mutant... mutants) {
        SimHarness h = new SimHarness(profile, faults, mutants);
        h.listener = h.session.listen(Side.SERVER, 0, SocketOptions.DEFAULTS).listener();
        h.client = h.session.connect(Side.CLIENT, clientOptions, h.listener.port(), Duration.ofSeconds(30)).socket();
        h.server = h.listener.accept(Duration.ofSeconds(30)).socket();
        return h;
    }

    void elapse(Duration d) {
        session.elapse(d);
    }

    Trace finish() {
        session.finish(Duration.ofHours(2));
        return recorder.build(new TraceInfo("sim", profile.name(), 1, "10.0.0.1", "10.0.0.2"), session.nowNanos());
    }
}
