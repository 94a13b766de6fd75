package dev.tcpspec.conformance;

import dev.tcpspec.dsl.Capability;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Strength;
import dev.tcpspec.explore.Exploration;
import dev.tcpspec.explore.ExplorationResult;
import dev.tcpspec.explore.Explore;
import dev.tcpspec.junit.ConformanceTests;
import dev.tcpspec.run.Assessment;
import dev.tcpspec.reports.ReportFiles;
import dev.tcpspec.reports.ReportFormat;
import dev.tcpspec.run.KnownDeviations;
import dev.tcpspec.run.RunListener;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.dsl.SpecSuite;
import dev.tcpspec.specs.Baselines;
import dev.tcpspec.specs.Catalog;
import dev.tcpspec.specs.properties.LifecycleProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the two conformance base classes share: the catalog as JUnit 5 tests, MUST rules apart from SHOULD, MAY and
 * platform rules, each group by rule family; the lifecycle properties explored under loss, duplication and
 * reordering by the property engine (wherever the stack lets the wire inject faults: always on the segment tier); the
 * known-deviations baseline, which covers both; a summary and a report when the class is done. Extend
 * {@link SocketTierConformance} or {@link SegmentTierConformance}, not this.
 *
 * <p>The catalog runs once per test class, when the first group of tests is built (on virtual time that takes well
 * under a second for the whole catalog; a real-socket stack runs its specs in parallel as its adapter prefers). Each
 * spec then appears as a test:
 * <ul>
 *   <li>PASS passes;</li>
 *   <li>NOT_APPLICABLE is skipped, naming the capability (or profile rule) the stack lacks;</li>
 *   <li>a failure or error recorded in the {@linkplain #knownDeviations() baseline} is skipped as an accepted
 *       deviation, with its reason and line;</li>
 *   <li>any other failure or error fails, with the expectations, what was observed and the ladder diagram;</li>
 *   <li>a baseline entry whose spec now passes fails, naming the line to remove.</li>
 * </ul>
 *
 * <p>Each property ({@link LifecycleProperties}) appears as a test per placement: it passes when no fault schedule
 * the engine tries breaks it, fails with the shrunk counterexample and its ladder otherwise, and stands against the
 * baseline like a spec (an entry such as {@code PR-1@client no TIME_WAIT} accepts it).
 *
 * <p>Settings come from overridable methods, the seed also from {@code -Dtcpspec.seed=N} and the tries per property
 * from {@code -Dtcpspec.tries=N}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class Conformance {
    private ConformanceRun run;
    private KnownDeviations baseline;

    Conformance() {
    }

    // ---- settings a test class may override -----------------------------------------------------------------------

    /** The stack's name in reports. */
    protected abstract String stackName();

    /** Where the specs run: the socket-tier adapter, or the segment-tier stack in each role. */
    protected abstract List<Placement> placements();

    /** The specs to run: the whole catalog by default; narrow it with {@code Catalog.all().select(...)}. */
    protected SpecSuite catalog() {
        return Catalog.all();
    }

    /** The profile the stack is held to; null (the default) for the stack's own. */
    protected Profile profile() {
        return null;
    }

    /** The properties explored under faults: the lifecycle properties by default; an empty list explores none. */
    protected List<Spec> properties() {
        return LifecycleProperties.all();
    }

    /** Random fault schedules tried per property and placement: {@code -Dtcpspec.tries=N}, else 200. */
    protected int propertyTries() {
        return Integer.getInteger(Explore.TRIES_PROPERTY, 200);
    }

    /** The seed of every random choice: {@code -Dtcpspec.seed=N}, else 1. Printed in the summary. */
    protected long seed() {
        return Long.getLong("tcpspec.seed", RunOptions.DEFAULT_SEED);
    }

    /**
     * The known-deviations baseline file (see {@link KnownDeviations} for the format), or null (the default) for
     * none: then every failure fails its test.
     */
    protected Path knownDeviations() {
        return null;
    }

    /**
     * Where the report files go: {@code <directory>/<test class>/} gets report.json, junit.xml, summary.md,
     * report.html (a column per placement, baseline standings marked) and a pcap of each failure; null for none.
     */
    protected Path reportDirectory() {
        return Path.of("target", "tcpspec");
    }

    // ---- the run ---------------------------------------------------------------------------------------------------

    /** The run judged against the baseline; the catalog runs on the first call. */
    protected final synchronized Assessment assessment() {
        return run().assessment();
    }

    private synchronized ConformanceRun run() {
        if (run == null) {
            run = ConformanceRun.execute(stackName(), catalog(), placements(), profile(), seed(), null,
                    baseline().restrictedTo(Baselines.catalogIds()), RunListener.ofResults(result -> { }));
        }
        return run;
    }

    /** The baseline file, read once; its ids are checked against the catalog and the properties. */
    private synchronized KnownDeviations baseline() {
        if (baseline == null) {
            Path file = knownDeviations();
            baseline = file == null ? KnownDeviations.NONE : KnownDeviations.read(file, Baselines.validIds());
        }
        return baseline;
    }

    // ---- the tests ---------------------------------------------------------------------------------------------------

    @TestFactory
    @Order(1)
    @DisplayName("MUST rules")
    public Stream<DynamicNode> mustRules() {
        return ConformanceTests.of(assessment(), Set.of(Strength.MUST));
    }

    @TestFactory
    @Order(2)
    @DisplayName("SHOULD rules")
    public Stream<DynamicNode> shouldRules() {
        return ConformanceTests.of(assessment(), Set.of(Strength.SHOULD));
    }

    @TestFactory
    @Order(3)
    @DisplayName("MAY rules")
    public Stream<DynamicNode> mayRules() {
        return ConformanceTests.of(assessment(), Set.of(Strength.MAY));
    }

    @TestFactory
    @Order(4)
    @DisplayName("platform rules (the profile's choices)")
    public Stream<DynamicNode> platformRules() {
        return ConformanceTests.of(assessment(), Set.of(Strength.PLATFORM));
    }

    @TestFactory
    @Order(5)
    @DisplayName("properties under loss, duplication and reordering")
    public Stream<DynamicNode> propertiesUnderFaults() {
        baseline(); // a bad baseline fails this group as it fails the others
        List<DynamicNode> groups = new ArrayList<>();
        for (Placement placement : placements()) {
            List<DynamicNode> tests = new ArrayList<>();
            for (Spec property : properties()) {
                String who = property.id() + (placement.role() == null ? "" : " as " + placement.role().label());
                tests.add(DynamicTest.dynamicTest(who + ": " + property.title(),
                        URI.create("tcpspec:property/" + property.id()), () -> explore(property, placement, who)));
            }
            String group = placement.role() == null ? stackName() : stackName() + " as " + placement.role().label();
            groups.add(DynamicContainer.dynamicContainer(group, tests.stream()));
        }
        return groups.stream();
    }

    /** Explores one property on one placement and judges the outcome against the baseline, as a spec is judged. */
    private void explore(Spec property, Placement placement, String who) {
        placement.adapter().capabilities().whyMissing(Capability.FAULT_INJECTION).ifPresent(why -> {
            throw new TestAbortedException(who + " not applicable: exploring faults needs to "
                    + Capability.FAULT_INJECTION.description() + " (FAULT_INJECTION), which the "
                    + placement.adapter().name() + " stack cannot: " + why);
        });
        Exploration exploration = Explore.spec(property).against(placement.adapter())
                .under(LifecycleProperties.faultsFor(property)).tries(propertyTries()).seed(seed());
        if (profile() != null) exploration = exploration.withProfile(profile());
        ExplorationResult result = exploration.run();
        Optional<KnownDeviations.Entry> entry = baseline().entryFor(property.id(), placement.role());
        switch (result.verdict()) {
            case NOT_APPLICABLE -> throw new TestAbortedException(who + " not applicable: " + result.message());
            case PASS -> {
                if (entry.isPresent()) {
                    throw new AssertionFailedError(who + ": holds now: remove '" + entry.get().key() + "' ("
                            + entry.get().where() + ") from the baseline\n" + result.summaryLine());
                }
            }
            default -> {
                if (entry.isEmpty()) throw new AssertionFailedError(result.explain());
                throw new TestAbortedException(who + ": accepted deviation (" + entry.get().where() + ": "
                        + entry.get().reason() + "); " + result.summaryLine());
            }
        }
    }

    /** Prints the summary (MUST apart from SHOULD and MAY, then the baseline) and writes the report files. */
    @AfterAll
    public final void report() {
        if (run == null) return;
        StringBuilder sb = new StringBuilder();
        sb.append("tcpspec conformance of ").append(stackName()).append(" (").append(getClass().getSimpleName())
                .append("), profile ").append(run.combined().profile()).append(", seed ").append(run.combined().seed())
                .append('\n').append(ConformanceReport.summary(run));
        Path dir = reportDirectory();
        if (dir != null) {
            Path into = dir.resolve(getClass().getSimpleName());
            try {
                ReportFiles.write(run.report(false), into, ReportFormat.ALL);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the conformance report into " + into, e);
            }
            sb.append("\nreport: ").append(into.resolve(ReportFormat.HTML.fileName()));
        }
        System.out.println(sb);
    }
}
