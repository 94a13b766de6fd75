package dev.tcpspec.os;

import dev.tcpspec.os.host.Host;

import dev.tcpspec.run.SuiteRun;
import dev.tcpspec.dsl.Capability;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.dsl.SpecSuite;
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

/**
 * Nothing outlives a run: no file descriptor, no thread of the adapter, no process (capture, tracer, namespace agent)
 * and no network namespace. Runs alone, so that no other test's sockets are counted.
 */
@Isolated
class HygieneTest {
    static final OsStack KERNEL = OsStack.detect();

    @Test
    void a_run_leaves_no_descriptor_thread_process_or_namespace_behind() throws IOException {
        SpecSuite suite = suite();
        RunOptions options = RunOptions.defaults().withProfile(Profile.linux()).withParallelism(3);
        SuiteRun.of(suite, KERNEL).with(options).run();   // warm-up: the JVM opens its jars and caches once
        List<String> fdsBefore = fds();
        List<String> namespacesBefore = namespaces();

        var run = SuiteRun.of(suite, KERNEL).with(options).run();

        assertThat(run.results()).allSatisfy(r -> assertThat(r.verdict()).as(r::explain)
                .isIn(Verdict.PASS, Verdict.NOT_APPLICABLE));
        await("the adapter's threads and processes to end").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> {
                    assertThat(ProcessHandle.current().descendants().map(p -> p.pid() + " "
                            + p.info().commandLine().orElse("?")).toList()).isEmpty();
                    assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                            .filter(n -> n.startsWith("tcpspec-proc") || n.startsWith("tcpspec-tracer")
                                    || n.startsWith("tcpspec-capture")).toList()).isEmpty();
                });
        assertThat(fds()).containsExactlyInAnyOrderElementsOf(fdsBefore);
        assertThat(namespaces()).isEqualTo(namespacesBefore);
        assertThat(namespaces()).noneMatch(n -> n.startsWith("tcpspec-" + ProcessHandle.current().pid() + "-"));
    }

    /** Specs using every part the machine allows: plain sockets, capture and tracer as root, a namespace with drops. */
    static SpecSuite suite() {
        List<Spec> specs = new ArrayList<>();
        specs.add(spec("H-1", "an abortive close")
                .given(established().with(client().soLinger(true, 0)))
                .when(client().sends(10), client().closes(), server().readsEof())
                .then(server().read().fails(CONNECTION_RESET)));
        specs.add(spec("H-2", "an orderly close")
                .given(established())
                .when(client().closes(), server().readsEof(), server().closes())
                .then(client().enters(TIME_WAIT)));
        if (KERNEL.capabilities().has(Capability.FAULT_INJECTION)) {
            specs.add(spec("H-3", "a lost final ACK")
                    .given(established().with(wire().drops(first(ACK_OF_FIN).from(client()))))
                    .when(client().closes(), server().readsEof(), server().closes())
                    .then(client().enters(TIME_WAIT)));
        }
        return SpecSuite.of(specs);
    }

    /** This process's open descriptors and what they point at (the listing's own descriptor is left out). */
    static List<String> fds() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : s.toList()) {
                try {
                    String target = Files.readSymbolicLink(p).toString();
                    if (!target.equals("/proc/" + ProcessHandle.current().pid() + "/fd")) out.add(p.getFileName() + " " + target);
                } catch (IOException e) {
                    // the listing's own descriptor, already closed
                }
            }
        }
        return out;
    }

    /** The machine's named network namespaces, or nothing if ip is missing. */
    static List<String> namespaces() {
        String ip = Host.which("ip");
        if (ip == null) return List.of();
        return Host.output(List.of(ip, "netns", "list"), 10_000).lines().map(l -> l.split(" ")[0]).sorted().toList();
    }
}
