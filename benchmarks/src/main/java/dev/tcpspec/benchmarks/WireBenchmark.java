package dev.tcpspec.benchmarks;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.os.host.IpFamily;
import dev.tcpspec.os.wire.WireStack;
import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.spi.StackSession;
import dev.tcpspec.spi.TcpListener;
import dev.tcpspec.spi.TcpSocket;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TraceRecorder;
import dev.tcpspec.wire.FaultSchedule;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The packet wire against this machine's kernel (root only): how many segments a second cross it, both ways, in lock
 * step with the kernel. One session (one namespace, one TUN device), the kernel as client, the reference stack as
 * server; every segment is encoded, written into the TUN device or read from it with its kernel timestamp, decoded,
 * recorded in the trace, and the kernel's end of the connection sampled through sock_diag after each.
 *
 * <ul>
 *   <li>{@code pingPong}: the kernel writes 100 bytes, the reference stack reads them and answers 100 bytes, the
 *       kernel reads them: two data segments and (delayed) ACKs a round.</li>
 *   <li>{@code connection}: a whole short connection: connect, accept, an orderly close begun by the server (its
 *       TIME_WAIT is the reference stack's, so the kernel's ports never run out).</li>
 * </ul>
 *
 * The {@code segments} counter is segments on the wire per second (both directions).
 *
 * <pre>sudo java -jar benchmarks/target/benchmarks.jar WireBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Threads(1)
public class WireBenchmark {
    private static final byte[] MESSAGE = new byte[100];
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Param({"ipv4", "ipv6"})
    public String family;

    private StackSession session;
    private TraceRecorder recorder;
    private TcpListener listener;
    private TcpSocket kernel;
    private TcpSocket reference;

    /** Segments that crossed the wire, for the {@code segments} rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Segments {
        public long segments;
    }

    @Setup(Level.Iteration)
    public void open() throws Exception {
        if (WireStack.whyUnavailable().isPresent()) {
            throw new IllegalStateException("the packet wire is unavailable: " + WireStack.whyUnavailable().get());
        }
        recorder = new TraceRecorder();
        session = WireStack.as(Side.CLIENT, IpFamily.byLabel(family))
                .open(new SessionSettings(Profile.linux(), 1, FaultSchedule.NONE, recorder));
        listener = session.listen(Side.SERVER, 0, SocketOptions.DEFAULTS).listener();
        kernel = session.connect(Side.CLIENT, SocketOptions.DEFAULTS, listener.port(), WAIT).socket();
        reference = listener.accept(WAIT).socket();
    }

    @TearDown(Level.Iteration)
    public void close() {
        session.close();
    }

    @Benchmark
    public int pingPong(Segments counter) {
        int before = segments();
        kernel.write(MESSAGE);
        reference.read(1024, WAIT);
        reference.write(MESSAGE);
        int n = kernel.read(1024, WAIT).bytes();
        counter.segments += segments() - before;
        return n;
    }

    @Benchmark
    public int connection(Segments counter) {
        int before = segments();
        TcpSocket c = session.connect(Side.CLIENT, SocketOptions.DEFAULTS, listener.port(), WAIT).socket();
        TcpSocket s = listener.accept(WAIT).socket();
        s.close();
        c.read(1024, WAIT);
        c.close();
        counter.segments += segments() - before;
        return c.connection();
    }

    private int segments() {
        return recorder.segmentsSoFar();
    }
}
