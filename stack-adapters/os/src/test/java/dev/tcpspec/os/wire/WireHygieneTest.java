package dev.tcpspec.os.wire;

import dev.tcpspec.run.SuiteRun;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.os.host.IpFamily;
import dev.tcpspec.os.linux.NetworkNamespace;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.RunResult;
import dev.tcpspec.dsl.SpecSuite;
import dev.tcpspec.trace.Side;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.tcpspec.dsl.Tcp.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Nothing of a packet-wire run outlives it: no namespace, no TUN device, no thread, no descriptor, no process, and
 * every thread of this JVM is back in the network namespace it started in. The root namespace never sees the wire:
 * no interface of it appears there. Runs alone, so that no other test's descriptors are counted.
 */
@Isolated
class WireHygieneTest {
    @BeforeAll
    static void wireAvailable() {
        assumeTrue(WireStack.whyUnavailable().isEmpty(),
                () -> "the packet wire is unavailable here: " + WireStack.whyUnavailable().orElse(""));
    }

    @Test
    void aRunLeavesNoNamespaceDeviceThreadOrDescriptorBehind() throws IOException {
        List<Spec> specs = suite();
        RunOptions options = RunOptions.defaults().withProfile(Profile.linux()).withParallelism(4);
        run(specs, options);   // warm-up: the JVM opens its jars and loads JNA once
        List<String> fdsBefore = fds();
        String rootDevices = Files.readString(Path.of("/proc/self/net/dev"));
        String myNamespace = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();

        run(specs, options);

        await("the wire's threads to end").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(n -> n.startsWith("tcpspec-wire")).toList()).isEmpty();
            assertThat(NetworkNamespace.live()).isZero();
        });
        assertThat(fds()).containsExactlyInAnyOrderElementsOf(fdsBefore);
        assertThat(ProcessHandle.current().descendants().toList()).isEmpty();
        assertThat(Files.readString(Path.of("/proc/self/net/dev"))).isEqualTo(rootDevices).doesNotContain("tcpspec");
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                Path ns = task.resolve("ns/net");
                if (!Files.exists(ns)) continue;   // a thread that ended while listing
                try {
                    assertThat(Files.readSymbolicLink(ns).toString()).as("the namespace of thread %s",
                            task.getFileName()).isEqualTo(myNamespace);
                } catch (java.nio.file.NoSuchFileException gone) {
                    // ended meanwhile
                }
            }
        }
    }

    private static void run(List<Spec> specs, RunOptions options) {
        for (WireStack kernel : WireStack.inEveryRole(IpFamily.IPV4)) {
            RunResult r = SuiteRun.of(SpecSuite.of(specs), kernel).with(options).run();
            assertThat(r.results()).allSatisfy(s -> assertThat(s.verdict()).as(s::explain).isEqualTo(Verdict.PASS));
        }
    }

    /** Specs using every part of the wire: faults, a crafted segment, a crash, a lingering close, a chosen ISS. */
    private static List<Spec> suite() {
        List<Spec> specs = new ArrayList<>();
        specs.add(spec("H-1", "an abortive close")
                .given(established().with(client().soLinger(true, 0)))
                .when(client().sends(10), client().closes(), server().readsEof())
                .then(server().read().fails(CONNECTION_RESET)));
        specs.add(spec("H-2", "a lost final ACK")
                .given(established().with(wire().drops(first(ACK_OF_FIN).from(client()))))
                .when(client().closes(), server().readsEof(), server().closes(), elapse(seconds(1)))
                .then(client().enters(TIME_WAIT)));
        specs.add(spec("H-3", "a RST in TIME_WAIT")
                .given(established())
                .when(client().closes(), server().readsEof(), server().closes(), server().injects(rstSegment()))
                .then(client().enters(TIME_WAIT)));
        specs.add(spec("H-4", "a crashed server")
                .given(established())
                .when(server().crashes(), elapse(millis(300)))
                .then(client().enters(ESTABLISHED)));
        specs.add(spec("H-5", "a lingering close")
                .given(established().with(client().soLinger(true, 2)))
                .when(client().sends(10), client().closes(), server().readsEof(), server().closes())
                .then(client().enters(FIN_WAIT_1)));
        return specs;
    }

    private static List<String> fds() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : s.toList()) {
                try {
                    out.add(p.getFileName() + " -> " + Files.readSymbolicLink(p));
                } catch (IOException gone) {
                    // the listing's own descriptor, closed by now
                }
            }
        }
        return out;
    }
}
