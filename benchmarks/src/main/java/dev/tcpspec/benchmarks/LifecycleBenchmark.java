package dev.tcpspec.benchmarks;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.sim.Stacks;
import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.spi.StackSession;
import dev.tcpspec.spi.TcpListener;
import dev.tcpspec.spi.TcpSocket;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceInfo;
import dev.tcpspec.trace.TraceRecorder;
import dev.tcpspec.wire.FaultSchedule;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Complete connection lifecycles on the reference stack, one core: the three-way handshake, one request and one
 * response, an orderly close begun by the client, and the client's TIME_WAIT run out to its expiry. Each lifecycle
 * goes through the socket SPI exactly as a spec's steps do (blocking calls on the virtual clock), so the figure is what
 * the stack costs, not a shortcut past it.
 *
 * <p>{@code trace=true} records every event (segments, deliveries, state changes, timers; about 45 per lifecycle) and
 * builds the trace at the end of each batch, as a spec run does; {@code trace=false} hands the stack a recorder that
 * keeps nothing, so it builds no event at all.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar LifecycleBenchmark -t 1</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class LifecycleBenchmark {
    /** Lifecycles per invocation: one session (two hosts, one wire) carries this many in a row. */
    static final int BATCH = 1000;
    private static final byte[] REQUEST = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESPONSE = "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Param({"linux", "rfc9293"})
    public String profile;

    @Param({"true", "false"})
    public boolean trace;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long lifecycles() {
        Profile p = Profile.named(profile);
        Duration pastTimeWait = p.timeWait().plusMillis(10);
        TraceRecorder recorder = trace ? new TraceRecorder() : TraceRecorder.discarding();
        try (StackSession s = Stacks.simulated().open(new SessionSettings(p, 1, FaultSchedule.NONE, recorder))) {
            TcpListener listener = s.listen(Side.SERVER, 80, SocketOptions.DEFAULTS).listener();
            long bytes = 0;
            for (int i = 0; i < BATCH; i++) {
                TcpSocket client = s.connect(Side.CLIENT, SocketOptions.DEFAULTS, 80, WAIT).socket();
                TcpSocket server = listener.accept(WAIT).socket();
                client.write(REQUEST);
                bytes += server.read(1024, WAIT).bytes();
                server.write(RESPONSE);
                bytes += client.read(1024, WAIT).bytes();
                client.close();
                if (server.read(1024, WAIT).outcome() != AppOutcome.EOF) throw new IllegalStateException("no EOF");
                server.close();
                s.elapse(pastTimeWait); // the client's TIME_WAIT expires
            }
            if (trace) {
                Trace t = recorder.build(new TraceInfo("sim", p.name(), 1, "10.0.0.1", "10.0.0.2"), s.nowNanos());
                bytes += t.events().size();
            }
            return bytes;
        }
    }
}
