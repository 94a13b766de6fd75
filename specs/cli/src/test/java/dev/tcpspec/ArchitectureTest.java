package dev.tcpspec;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The import check of the module split: no package cycles, and dependencies that point one way, from the command
 * line down to the DSL. It runs here because the command line's test classpath holds every production class of the
 * reactor (all but the examples and the benchmarks, which nothing depends on).
 *
 * <pre>
 * tcpspec-dsl         dev.tcpspec.dsl, .trace, .wire            the language, the trace model, the fault model
 * tcpspec-spi         dev.tcpspec.spi                           what a stack adapter implements
 * tcpspec-engine      dev.tcpspec.run, .explore                 running specs, exploring faults
 * tcpspec-junit5      dev.tcpspec.junit                         dynamic tests
 * tcpspec-sim/os/external  dev.tcpspec.sim, .os.., .external    stack adapters (on the SPI only)
 * tcpspec-reports     dev.tcpspec.reports                       report files (on the engine's results)
 * tcpspec-catalog     dev.tcpspec.specs..                       the rules (on the DSL only)
 * tcpspec-conformance dev.tcpspec.conformance                   the JUnit base classes
 * tcpspec-cli         dev.tcpspec.cli                           the command line
 * </pre>
 */
@AnalyzeClasses(packages = "dev.tcpspec", importOptions = {ImportOption.DoNotIncludeTests.class,
        ArchitectureTest.NoTestJars.class})
class ArchitectureTest {
    private static final String[] LANGUAGE = {"dev.tcpspec.dsl..", "dev.tcpspec.trace..", "dev.tcpspec.wire.."};
    private static final String[] ENGINE = {"dev.tcpspec.run..", "dev.tcpspec.explore.."};
    private static final String[] ADAPTERS = {"dev.tcpspec.sim..", "dev.tcpspec.os..", "dev.tcpspec.external.."};
    private static final String[] ABOVE_THE_ENGINE = {"dev.tcpspec.junit..", "dev.tcpspec.specs..",
            "dev.tcpspec.conformance..", "dev.tcpspec.cli..", "dev.tcpspec.reports.."};

    /** Every package is its own slice, so a cycle between dev.tcpspec.os and dev.tcpspec.os.wire counts too. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.tcpspec.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theTraceModelStandsAlone = noClasses().that().resideInAPackage("dev.tcpspec.trace..")
            .should().dependOnClassesThat().resideOutsideOfPackages("dev.tcpspec.trace..", "java..")
            .because("the trace model is what every other part speaks of; it speaks of nothing else");

    @ArchTest
    static final ArchRule theLanguageKnowsNoRunnerNoStackNoFramework = noClasses().that()
            .resideInAnyPackage(LANGUAGE)
            .should().dependOnClassesThat().resideOutsideOfPackages(concat(LANGUAGE, "java.."))
            .because("tcpspec-dsl is plain Java: a spec is a value, running it is the engine's job");

    @ArchTest
    static final ArchRule theSpiSeesOnlyTheLanguage = noClasses().that().resideInAPackage("dev.tcpspec.spi..")
            .should().dependOnClassesThat().resideOutsideOfPackages(concat(LANGUAGE, "dev.tcpspec.spi..", "java.."))
            .because("an adapter author needs tcpspec-spi and tcpspec-dsl, not the engine, JUnit or the command line");

    @ArchTest
    static final ArchRule theEngineKnowsNoFrameworkAndNoConcreteStack = noClasses().that().resideInAnyPackage(ENGINE)
            .should().dependOnClassesThat().resideInAnyPackage(concat(concat(ADAPTERS, ABOVE_THE_ENGINE),
                    "org.junit..", "picocli.."))
            .because("the engine runs any StackAdapter and reports through its own results; opentest4j's "
                    + "TestAbortedException is its one tie to test frameworks");

    @ArchTest
    static final ArchRule theCatalogIsWrittenInTheLanguageOnly = noClasses().that()
            .resideInAPackage("dev.tcpspec.specs..")
            .should().dependOnClassesThat()
            .resideOutsideOfPackages(concat(LANGUAGE, "dev.tcpspec.specs..", "java.."))
            .because("tcpspec-catalog depends on tcpspec-dsl only");

    @ArchTest
    static final ArchRule adaptersSeeTheSpiNotTheEngine = noClasses().that().resideInAnyPackage(ADAPTERS)
            .should().dependOnClassesThat().resideInAnyPackage(concat(ENGINE, ABOVE_THE_ENGINE))
            .because("a stack adapter implements the SPI; what runs it is not its business");

    @ArchTest
    static final ArchRule theReferenceStackKnowsNoOtherAdapter = noClasses().that().resideInAPackage("dev.tcpspec.sim..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.tcpspec.os..", "dev.tcpspec.external..");

    @ArchTest
    static final ArchRule reportsReadResultsOnly = noClasses().that().resideInAPackage("dev.tcpspec.reports..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(ADAPTERS, "dev.tcpspec.junit..",
                    "dev.tcpspec.specs..", "dev.tcpspec.conformance..", "dev.tcpspec.cli..", "dev.tcpspec.explore..",
                    "dev.tcpspec.spi.."));

    @ArchTest
    static final ArchRule theBaseClassesNeedNoCommandLineAndNoKernel = noClasses().that()
            .resideInAnyPackage("dev.tcpspec.junit..", "dev.tcpspec.conformance..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.tcpspec.cli..", "dev.tcpspec.os..",
                    "dev.tcpspec.external..", "picocli..");

    @ArchTest
    static final ArchRule onlyTheJUnitModulesUseJUnit = noClasses().that()
            .resideOutsideOfPackages("dev.tcpspec.junit..", "dev.tcpspec.conformance..")
            .should().dependOnClassesThat().resideInAnyPackage("org.junit..")
            .because("JUnit is tcpspec-junit5's and tcpspec-conformance's (the base classes) dependency alone");

    @ArchTest
    static final ArchRule onlyTheCommandLineUsesPicocli = noClasses().that().resideOutsideOfPackage("dev.tcpspec.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("picocli..");

    @ArchTest
    static final ArchRule nothingDependsOnTheCommandLine = noClasses().that().resideOutsideOfPackage("dev.tcpspec.cli..")
            .should().dependOnClassesThat().resideInAPackage("dev.tcpspec.cli..");

    /** Leaves out the test helpers other modules share as test jars (tcpspec-catalog's NoCaptureStack). */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar");
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
