package dev.tcpspec.external;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.os.host.IpFamily;
import dev.tcpspec.spi.IoResult;
import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.spi.SocketResult;
import dev.tcpspec.spi.StackSession;
import dev.tcpspec.spi.TcpListener;
import dev.tcpspec.spi.TcpSocket;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.TraceEvent;
import dev.tcpspec.trace.TraceRecorder;
import dev.tcpspec.wire.FaultSchedule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Each driver in each role, through the SPI: an orderly close with data, its states as the driver reports them
 * (transient ones included), the passive closer's LAST_ACK, the active closer's TIME_WAIT held for the stack's own
 * length on the moved clock, and nothing left behind: no driver process, no thread, no descriptor.
 */
class ExternalStackTest {
    static Stream<Arguments> stacks() {
        return Stream.of(Driver.LWIP, Driver.GVISOR).flatMap(d ->
                Stream.of(Arguments.of(d, Side.CLIENT), Arguments.of(d, Side.SERVER)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("stacks")
    void orderlyCloseWithDataIsObservedAndLeavesNothingBehind(Driver driver, Side role) throws Exception {
        assumeTrue(driver.whyUnavailable().isEmpty(), () -> driver.whyUnavailable().orElse(""));
        Set<String> threadsBefore = threads();
        long fdsBefore = fds();
        TraceRecorder rec = new TraceRecorder();
        SessionSettings settings = new SessionSettings(Profile.rfc9293(), 1, FaultSchedule.NONE, rec);
        ExternalStack stack = ExternalStack.as(driver, role, IpFamily.IPV4);
        try (StackSession s = stack.open(settings)) {
            TcpListener l = s.listen(Side.SERVER, 0, SocketOptions.DEFAULTS).listener();
            SocketResult c = s.connect(Side.CLIENT, SocketOptions.DEFAULTS, l.port(), Duration.ofSeconds(5));
            assertThat(c.outcome()).isEqualTo(AppOutcome.OK);
            TcpSocket a = l.accept(Duration.ofSeconds(5)).socket();
            byte[] hello = "hello, stack".getBytes(StandardCharsets.US_ASCII);
            assertThat(c.socket().write(hello).bytes()).isEqualTo(hello.length);
            IoResult r = a.read(100, Duration.ofSeconds(5));
            assertThat(new String(r.data(), StandardCharsets.US_ASCII)).isEqualTo("hello, stack");
            c.socket().close();
            assertThat(a.read(100, Duration.ofSeconds(5)).outcome()).isEqualTo(AppOutcome.EOF);
            a.close();
            s.finish(Duration.ofMinutes(10));
        }
        List<TraceEvent.StateChange> changes = rec.eventsSoFar().stream()
                .filter(e -> e instanceof TraceEvent.StateChange sc && sc.side() == role)
                .map(e -> (TraceEvent.StateChange) e).toList();
        List<TcpState> path = changes.stream().map(TraceEvent.StateChange::to).toList();
        if (role == Side.CLIENT) {
            assertThat(path).containsSubsequence(TcpState.SYN_SENT, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1,
                    TcpState.FIN_WAIT_2, TcpState.TIME_WAIT, TcpState.CLOSED);
            long entered = changes.stream().filter(x -> x.to() == TcpState.TIME_WAIT).findFirst().orElseThrow().nanos();
            long left = changes.stream().filter(x -> x.from() == TcpState.TIME_WAIT).findFirst().orElseThrow().nanos();
            // lwIP: 2 x TCP_MSL = 120 s; netstack: DefaultTCPTimeWaitTimeout = 60 s; held on the moved clock
            Duration held = Duration.ofNanos(left - entered);
            Duration expected = driver == Driver.LWIP ? Duration.ofSeconds(120) : Duration.ofSeconds(60);
            assertThat(held).isBetween(expected.minus(driver.tolerance()), expected.plus(driver.tolerance()));
        } else {
            assertThat(path).containsSubsequence(TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT,
                    TcpState.LAST_ACK, TcpState.CLOSED);
        }
        assertThat(threads()).isSubsetOf(threadsBefore);
        assertThat(children()).isEmpty();
        assertThat(fds()).isLessThanOrEqualTo(fdsBefore);
    }

    private static Set<String> threads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("tcpspec-")).collect(Collectors.toSet());
    }

    private static List<ProcessHandle> children() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
    }

    /** Sockets and pipes this JVM holds (the link, the driver's stdio); files JNA opens once are not counted. */
    private static long fds() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.filter(p -> {
                try {
                    String t = Files.readSymbolicLink(p).toString();
                    return t.startsWith("socket:") || t.startsWith("pipe:");
                } catch (Exception e) {
                    return false;
                }
            }).count();
        }
    }
}
