package dev.tcpspec.conformance;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Strength;
import dev.tcpspec.junit.ConformanceTests;
import dev.tcpspec.run.Assessment;
import dev.tcpspec.reports.ReportFiles;
import dev.tcpspec.reports.ReportFormat;
import dev.tcpspec.run.KnownDeviations;
import dev.tcpspec.run.RunListener;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.SpecSuite;
import dev.tcpspec.specs.Catalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the two conformance base classes share: the catalog as JUnit 5 tests, MUST rules apart from SHOULD, MAY and
 * platform rules, each group by rule family; the known-deviations baseline; a summary and a JSON report when the
 * class is done. Extend {@link SocketTierConformance} or {@link SegmentTierConformance}, not this.
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
 * <p>Settings come from overridable methods, and the seed also from {@code -Dtcpspec.seed=N}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class Conformance {
    private ConformanceRun run;

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
            Path file = knownDeviations();
            SpecSuite suite = catalog();
            KnownDeviations baseline = file == null ? KnownDeviations.NONE : KnownDeviations.read(file, Catalog.all());
            run = ConformanceRun.execute(stackName(), suite, placements(), profile(), seed(), null, baseline,
                    RunListener.ofResults(result -> { }));
        }
        return run;
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
