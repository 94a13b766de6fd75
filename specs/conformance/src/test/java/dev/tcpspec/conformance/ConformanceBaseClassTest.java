package dev.tcpspec.conformance;

import dev.tcpspec.run.SuiteRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpspec.dsl.Capabilities;
import dev.tcpspec.dsl.Capability;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Strength;
import dev.tcpspec.dsl.SpecSuite;
import dev.tcpspec.sim.Mutant;
import dev.tcpspec.sim.Stacks;
import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.spi.StackAdapter;
import dev.tcpspec.spi.StackSession;
import dev.tcpspec.specs.Catalog;
import dev.tcpspec.specs.properties.LifecycleProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.tcpspec.dsl.Tcp.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The conformance base classes as a user's build runs them (through the JUnit Platform launcher): which tests pass,
 * which are skipped and why, which fail, how they are grouped, and the report they leave.
 */
class ConformanceBaseClassTest {
    /** The fixture's settings, set by each test before it launches the fixture. */
    static volatile StackAdapter stack;
    static volatile Path baseline;
    static volatile Path reports;
    static volatile SpecSuite suite;
    static volatile List<Spec> properties;

    /** What a team would write for a socket-tier stack (here the reference stack, perhaps with a mutant). */
    static class SocketStackFixture extends SocketTierConformance {
        @Override
        protected StackAdapter stack() {
            return stack;
        }

        @Override
        protected Path knownDeviations() {
            return baseline;
        }

        @Override
        protected Path reportDirectory() {
            return reports;
        }

        @Override
        protected SpecSuite catalog() {
            return suite;
        }

        @Override
        protected List<Spec> properties() {
            return properties;
        }

        @Override
        protected int propertyTries() {
            return 50;
        }
    }

    /** How each test and container ended: display name to SUCCESSFUL, ABORTED (with the reason) or FAILED. */
    record Outcomes(Map<String, String> tests, List<String> containers, Map<String, String> failedContainers,
                    List<String> paths) {
        long count(String prefix) {
            return tests.values().stream().filter(v -> v.startsWith(prefix)).count();
        }
    }

    private static Outcomes launch(StackAdapter adapter, Path knownDeviations, Path reportDir) {
        return launch(adapter, knownDeviations, reportDir, Catalog.all());
    }

    private static Outcomes launch(StackAdapter adapter, Path knownDeviations, Path reportDir, SpecSuite specs) {
        return launch(adapter, knownDeviations, reportDir, specs, List.of());
    }

    private static Outcomes launch(StackAdapter adapter, Path knownDeviations, Path reportDir, SpecSuite specs,
                                   List<Spec> explored) {
        suite = specs;
        properties = explored;
        stack = adapter;
        baseline = knownDeviations;
        reports = reportDir;
        Map<String, String> tests = new TreeMap<>();
        List<String> containers = new ArrayList<>();
        Map<String, String> failedContainers = new TreeMap<>();
        List<String> paths = new ArrayList<>();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(SocketStackFixture.class)).build(), new TestExecutionListener() {
            private final Map<String, TestIdentifier> byId = new java.util.HashMap<>();

            @Override
            public void executionStarted(TestIdentifier id) {
                byId.put(id.getUniqueId(), id);
            }

            /** The group, the family and the test, e.g. {@code MUST rules/TW/TW-2: ...}. */
            private String path(TestIdentifier id) {
                List<String> names = new ArrayList<>();
                for (TestIdentifier i = id; i != null; i = i.getParentId().map(byId::get).orElse(null)) {
                    names.add(0, i.getDisplayName());
                }
                return String.join("/", names.subList(Math.max(0, names.size() - 3), names.size()));
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                tests.put(id.getDisplayName(), "SKIPPED " + reason);
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                String outcome = result.getStatus() + result.getThrowable().map(t -> " " + t.getMessage()).orElse("");
                if (id.isTest()) {
                    tests.put(id.getDisplayName(), outcome);
                    paths.add(path(id));
                } else {
                    containers.add(id.getDisplayName());
                    if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                        failedContainers.put(id.getDisplayName(), outcome);
                    }
                }
            }
        });
        return new Outcomes(tests, containers, failedContainers, paths);
    }

    @Test
    void everySpecIsATestGroupedByStrengthAndFamily(@TempDir Path dir) throws Exception {
        Outcomes o = launch(Stacks.simulated(), null, dir);
        int specs = dev.tcpspec.specs.Catalog.all().size();
        assertThat(o.tests()).hasSize(specs);
        assertThat(o.count("SUCCESSFUL")).isEqualTo(specs);
        assertThat(o.tests()).containsKey("TW-2: the active closer holds TIME_WAIT for 2MSL, then forgets the connection");
        assertThat(o.containers()).contains("MUST rules", "SHOULD rules", "MAY rules",
                "platform rules (the profile's choices)", "TW", "OC", "CW", "LG");
        assertThat(o.failedContainers()).isEmpty();
        Path written = dir.resolve("SocketStackFixture");
        JsonNode report = new ObjectMapper().readTree(written.resolve("report.json").toFile());
        assertThat(report.get("stack").asText()).isEqualTo("sim");
        assertThat(report.get("results")).hasSize(specs);
        assertThat(written.resolve("report.html")).exists();
        assertThat(written.resolve("junit.xml")).exists();
    }

    @Test
    void aDeviationFailsItsTestWithTheExplanation() {
        Outcomes o = launch(Stacks.simulated(Mutant.SHORT_TIME_WAIT), null, null);
        assertThat(o.count("FAILED")).isEqualTo(failuresOfShortTimeWait());
        assertThat(o.tests().get("TW-2: the active closer holds TIME_WAIT for 2MSL, then forgets the connection"))
                .startsWith("FAILED TW-2 FAIL on sim (profile rfc9293, seed 1)")
                .contains("[FAIL] (only a retransmitted FIN restarts TIME_WAIT (RFC 9293) under profile rfc9293) client "
                        + "holds TIME_WAIT for at least 2×MSL (240 s)", "trace (");
    }

    @Test
    void recordedDeviationsAreSkippedWithTheirReasonAndStaleOnesFail(@TempDir Path dir) throws Exception {
        Path known = dir.resolve("known.txt");
        Files.writeString(known, """
                TW-2  TIME_WAIT is one MSL on this stack
                TW-3  and so is the restarted one
                LG-2  an entry for a rule the stack keeps
                """);
        Outcomes o = launch(Stacks.simulated(Mutant.SHORT_TIME_WAIT), known, dir);
        JsonNode results = new ObjectMapper().readTree(dir.resolve("SocketStackFixture/report.json").toFile())
                .get("results");
        List<String> standings = new ArrayList<>();
        results.forEach(r -> standings.add(r.get("id").asText() + " " + (r.has("baseline") ? r.get("baseline").asText() : "-")));
        assertThat(standings).contains("TW-2 accepted", "TW-3 accepted", "LG-2 fixed", "OC-5 -");
        assertThat(o.tests().get("TW-2: the active closer holds TIME_WAIT for 2MSL, then forgets the connection"))
                .startsWith("ABORTED TW-2: accepted deviation (known.txt:1: TIME_WAIT is one MSL on this stack); "
                        + "observed: expected (only a retransmitted FIN restarts TIME_WAIT (RFC 9293) under profile "
                        + "rfc9293) client holds TIME_WAIT for at least 2×MSL");
        assertThat(o.count("ABORTED")).isEqualTo(2);
        assertThat(o.count("FAILED")).as("LG-2 fixed, and the specs beyond TW-2 and TW-3 that a short TIME_WAIT fails")
                .isEqualTo(1 + failuresOfShortTimeWait() - 2);
        assertThat(o.tests().get("LG-2: SO_LINGER <1,0>: close() sends RST and no FIN, skips TIME_WAIT, and the peer "
                + "sees a reset")).isEqualTo("FAILED LG-2: passes now: remove 'LG-2' (known.txt:3) from the baseline");
    }

    @Test
    void aBadBaselineFailsTheRunNamingTheLine(@TempDir Path dir) throws Exception {
        Path known = dir.resolve("known.txt");
        Files.writeString(known, "TW-2 fine\nTW-2@anywhere why\n");
        Outcomes o = launch(Stacks.simulated(), known, null);
        assertThat(o.tests()).isEmpty();
        assertThat(o.failedContainers().get("MUST rules"))
                .isEqualTo("FAILED known.txt:2: unknown role 'anywhere' in 'TW-2@anywhere'; a role is client or server "
                        + "(the end a segment-tier stack plays)");
    }

    @Test
    void propertiesAreExploredUnderFaultsAndStandAgainstTheBaseline(@TempDir Path dir) throws Exception {
        List<Spec> explored = List.of(LifecycleProperties.PR_4, LifecycleProperties.PR_6);
        SpecSuite oneSpec = Catalog.all().select(List.of("OC-5"));
        String pr6 = "PR-6: a retransmitted FIN in TIME_WAIT is always re-ACKed";

        Outcomes reference = launch(Stacks.simulated(), null, null, oneSpec, explored);
        assertThat(reference.containers()).contains("properties under loss, duplication and reordering");
        assertThat(reference.tests()).containsKey(pr6);
        assertThat(reference.count("SUCCESSFUL")).isEqualTo(3);

        Outcomes broken = launch(Stacks.simulated(Mutant.NO_REACK_IN_TIME_WAIT), null, null, oneSpec, explored);
        assertThat(broken.tests().get(pr6)).startsWith("FAILED PR-6 FAIL under faults on sim")
                .contains("shrunk schedule   (1 fault): [drop ack-of-fin #1 from client]", "the shrunk run:");

        Path known = dir.resolve("known.txt");
        Files.writeString(known, "PR-6  this stack does not re-ACK in TIME_WAIT\nPR-4  a line for a property it keeps\n");
        Outcomes judged = launch(Stacks.simulated(Mutant.NO_REACK_IN_TIME_WAIT), known, null, oneSpec, explored);
        assertThat(judged.tests().get(pr6))
                .startsWith("ABORTED PR-6: accepted deviation (known.txt:1: this stack does not re-ACK in TIME_WAIT)");
        assertThat(judged.tests().get("PR-4: every byte sent before a FIN is delivered exactly once, in order, before "
                + "EOF")).startsWith("FAILED PR-4: holds now: remove 'PR-4' (known.txt:2) from the baseline");

        Outcomes blind = launch(withoutFaultInjection(), null, null, oneSpec, explored);
        assertThat(blind.tests().get(pr6)).isEqualTo("ABORTED PR-6 not applicable: exploring faults needs to drop, "
                + "duplicate or delay chosen segments (FAULT_INJECTION), which the nofaults stack cannot: no netfilter "
                + "on this box");
    }

    /** How many catalog specs the short-time-wait mutant fails under rfc9293 (TW-2, TW-3 and others). */
    private static long failuresOfShortTimeWait() {
        return SuiteRun.of(dev.tcpspec.specs.Catalog.all(), Stacks.simulated(Mutant.SHORT_TIME_WAIT)).run()
                .count(dev.tcpspec.dsl.Verdict.FAIL);
    }

    /** The reference stack, claiming to lack fault injection. */
    private static StackAdapter withoutFaultInjection() {
        StackAdapter sim = Stacks.simulated();
        return new StackAdapter() {
            public String name() {
                return "nofaults";
            }

            public Capabilities capabilities() {
                return Capabilities.all().without(Capability.FAULT_INJECTION, "no netfilter on this box");
            }

            public Duration tolerance() {
                return Duration.ZERO;
            }

            public StackSession open(SessionSettings settings) throws Exception {
                return sim.open(settings);
            }
        };
    }

    @Test
    void aSpecTheStackCannotRunIsSkippedNamingTheCapability() {
        Outcomes o = launch(withoutFaultInjection(), null, null, Catalog.all().select(List.of("TW-3", "TW-2")));
        assertThat(o.tests().get("TW-3: a retransmitted FIN in TIME_WAIT is acknowledged again and restarts the 2MSL "
                + "timer")).isEqualTo("ABORTED TW-3: not applicable: needs to drop, duplicate or delay chosen segments "
                + "(FAULT_INJECTION), which the nofaults stack cannot: no netfilter on this box");
        assertThat(o.count("SUCCESSFUL")).isEqualTo(1);
    }

    @Test
    void shouldAndMayRulesAreGroupedApartFromMust() {
        Spec should = spec("CW-9", "a SHOULD rule").strength(Strength.SHOULD).given(established())
                .when(client().closes()).then(server().enters(CLOSE_WAIT));
        Spec may = spec("KA-9", "a MAY rule").strength(Strength.MAY).given(established())
                .when(client().closes()).then(server().enters(TIME_WAIT));
        List<Spec> specs = new ArrayList<>(Catalog.all().select(List.of("TW-2")).specs());
        specs.add(should);
        specs.add(may);
        Outcomes o = launch(Stacks.simulated(), null, null, SpecSuite.of(specs));
        assertThat(o.paths()).containsExactly(
                "MUST rules/TW/TW-2: the active closer holds TIME_WAIT for 2MSL, then forgets the connection",
                "SHOULD rules/CW/CW-9: a SHOULD rule",
                "MAY rules/KA/KA-9: a MAY rule");
        assertThat(o.tests().get("KA-9: a MAY rule")).startsWith("FAILED KA-9 FAIL on sim");
    }
}
