package dev.tcpspec.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.tcpspec.cli.RunCommandTest.tcpspec;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code tcpspec explore}: summary and statistics, exit 1 with the shrunk counterexample, 2 for bad usage. */
class ExploreCommandTest {
    @Test
    void thePropertiesHoldAndTheStatisticsArePrinted() {
        RunCommandTest.Outcome o = tcpspec("explore", "--tries", "200");
        assertThat(o.status()).as(o.out() + o.err()).isZero();
        assertThat(o.out()).contains("explore: 10 spec(s) on sim, profile rfc9293, seed 1; 200 tries each, up to 3 faults")
                .contains("PASS  PR-1 ").contains("PASS  PR-10 ")
                .contains("200 tries, 0 failed")
                .contains("schedule sizes (faults planned):").contains("fault types (struck):")
                .contains("states when struck (sender -> receiver):")
                .containsPattern("10 properties: 10 held, 0 failed, 0 not applicable; 2,000 tries, 0 failures, [\\d.]+ s"
                        + " \\(seed 1\\)");
    }

    @Test
    void catalogSpecsHoldUnderFaultsOrAreNamedAsDeclaredFaultSensitive() {
        RunCommandTest.Outcome o = tcpspec("explore", "--spec", "TW-2", "--spec", "TW-5", "--tries", "60",
                "--max-faults", "2");
        assertThat(o.status()).as(o.out() + o.err()).isZero();
        assertThat(o.out()).contains("PASS  TW-2 ")
                .contains("SKIP  TW-5 ").contains("declared fault-sensitive: counts the server's pure ACKs in CLOSE_WAIT")
                .contains("1 explored: 1 held, 0 failed")
                .contains("1 declared fault-sensitive, not explored (--include-fault-sensitive explores them): TW-5");
        RunCommandTest.Outcome all = tcpspec("explore", "--spec", "TW-5", "--tries", "60", "--max-faults", "2",
                "--include-fault-sensitive");
        assertThat(all.status()).as("a declared spec failing is expected: " + all.out()).isZero();
        assertThat(all.out()).contains("FAIL  TW-5 ").contains("(expected: declared fault-sensitive: ")
                .contains("1 declared fault-sensitive failed under faults, as declared: TW-5");
    }

    @Test
    void aMutantFailsWithTheShrunkCounterexampleAndExitsOne() {
        RunCommandTest.Outcome o = tcpspec("explore", "--spec", "PR-6", "--tries", "300", "--max-faults", "2",
                "--mutant", "no-reack-in-time-wait", "--seed", "5");
        assertThat(o.status()).as(o.out() + o.err()).isEqualTo(1);
        assertThat(o.out()).contains("FAIL  PR-6 ")
                .contains("seed 5: reproduce with -Dtcpspec.seed=5")
                .contains("tcpspec explore --mutant no-reack-in-time-wait --spec PR-6 --profile rfc9293 --seed 5")
                .contains("shrunk schedule   (1 fault): [duplicate fin #1 from server]")
                .contains("original schedule (2 faults): [duplicate fin #1 from server, delay ack #1 from server by")
                .contains("but a FIN from server")
                .contains("DUPLICATED")
                .contains("failed: PR-6 [duplicate fin #1 from server]");
    }

    @Test
    void exhaustiveEnumerationOfACloseCompletes() {
        RunCommandTest.Outcome o = tcpspec("explore", "--spec", "PR-1", "--max-faults", "1", "--exhaustive",
                "--profile", "linux");
        assertThat(o.status()).as(o.out()).isZero();
        assertThat(o.out()).contains("every schedule, up to 1 faults").containsPattern("[\\d,]+ tries, 0 failed");
    }

    @Test
    void aScheduleCanBeReplayed() {
        RunCommandTest.Outcome o = tcpspec("explore", "--spec", "PR-6", "--mutant", "no-reack-in-time-wait",
                "--replay", "[drop ack-of-fin #1 from client]");
        assertThat(o.status()).isEqualTo(1);
        assertThat(o.out()).contains("replay of [drop ack-of-fin #1 from client]").contains("PR-6 FAIL on sim")
                .contains("DROPPED");
        RunCommandTest.Outcome ok = tcpspec("explore", "--spec", "PR-6", "--replay", "drop ack-of-fin #1 from client");
        assertThat(ok.status()).isZero();
        assertThat(ok.out()).contains("PR-6 PASS on sim").contains("TIME_WAIT");
    }

    /**
     * A deviation planted in a real kernel (tcp_fin_timeout 1 s where the linux profile says 60 s, set in the wire's
     * namespace only) is caught under the schedule {@code explore --stack os --spec PR-1 --tries 200} shrank it to
     * (found at try #169, README "The packet wire"); the same schedule on the unplanted kernel passes.
     */
    @Test
    void aDeviationPlantedInTheKernelFailsUnderItsShrunkScheduleAndTheKernelAsItIsPasses() {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.tcpspec.os.wire.WireStack.whyUnavailable().isEmpty(),
                () -> "no packet wire here: " + dev.tcpspec.os.wire.WireStack.whyUnavailable().orElse(""));
        String schedule = "[drop ack #1 from client, drop fin #1 from server]";
        RunCommandTest.Outcome planted = tcpspec("explore", "--stack", "os", "--role", "client", "--profile", "linux",
                "--spec", "PR-1", "--stack-option", "sysctl.net.ipv4.tcp_fin_timeout=1", "--replay", schedule);
        assertThat(planted.status()).as(planted.out()).isEqualTo(1);
        assertThat(planted.out()).contains("PR-1 FAIL on os as client")
                .contains("with a planted deviation: sysctl net.ipv4.tcp_fin_timeout=1")
                .contains("missing TIME_WAIT").contains("FIN_WAIT_2 -> CLOSED");
        RunCommandTest.Outcome asItIs = tcpspec("explore", "--stack", "os", "--role", "client", "--profile", "linux",
                "--spec", "PR-1", "--replay", schedule);
        assertThat(asItIs.status()).as(asItIs.out()).isZero();
        assertThat(asItIs.out()).contains("PR-1 PASS on os as client").doesNotContain("planted");
    }

    @Test
    void badUsageExitsTwoNamingTheBadValue() {
        assertUsage(tcpspec("explore", "--tries", "0"), "--tries must be at least 1, not 0");
        assertUsage(tcpspec("explore", "--max-faults", "-1"), "--max-faults must be 0 or more, not -1");
        assertUsage(tcpspec("explore", "--tries", "lots"), "'lots' is not an int");
        assertUsage(tcpspec("explore", "--spec", "NOPE"), "no spec matches 'NOPE'; valid ids: PR-1, PR-2");
        assertUsage(tcpspec("explore", "--mutant", "nope"), "unknown mutant 'nope'; valid mutants: ");
        assertUsage(tcpspec("explore", "--mutant", "nope"), "no-time-wait, short-time-wait");
        assertUsage(tcpspec("explore", "--profile", "bsd"), "unknown profile 'bsd'; valid profiles: rfc9293, linux");
        assertUsage(tcpspec("explore", "--only", "drop,corrupt"),
                "unknown fault type 'corrupt'; valid types: drop, duplicate, delay, hold-back");
        assertUsage(tcpspec("explore", "--replay", "lose everything"), "cannot read the fault 'lose everything'");
        assertUsage(tcpspec("explore", "--stack", "nope"), "unknown stack 'nope'; valid stacks: sim");
        assertUsage(tcpspec("explore", "--role", "middle", "--stack-class", "x.Y"), "unknown role 'middle'");
    }

    @Test
    void thePropertiesCanBeListed() {
        RunCommandTest.Outcome o = tcpspec("explore", "--list");
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("PR-1  an orderly close always ends with both ends CLOSED")
                .contains("PR-8  with TIME_WAIT honoured");
    }

    @Test
    void aStackNamedByClassIsExploredAndTheReproductionNamesIt(@TempDir Path dir) throws Exception {
        // a socket-tier adapter of its own, compiled outside the reactor: the reference stack without re-ACKs
        Path src = dir.resolve("com/example/NoReAckStack.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                package com.example;
                public final class NoReAckStack implements dev.tcpspec.spi.StackAdapter {
                    private final dev.tcpspec.spi.StackAdapter inner =
                            dev.tcpspec.sim.Stacks.simulated(dev.tcpspec.sim.Mutant.NO_REACK_IN_TIME_WAIT);
                    public String name() { return "noreack"; }
                    public dev.tcpspec.dsl.Capabilities capabilities() { return inner.capabilities(); }
                    public java.time.Duration tolerance() { return inner.tolerance(); }
                    public dev.tcpspec.spi.StackSession open(dev.tcpspec.spi.SessionSettings s) throws Exception {
                        return inner.open(s);
                    }
                }
                """);
        Path classes = dir.resolve("classes");
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d",
                classes.toString(), "-classpath", System.getProperty("java.class.path"), src.toString());
        assertThat(compiled).isZero();
        RunCommandTest.Outcome o = tcpspec("explore", "--stack-class", "com.example.NoReAckStack", "--classpath",
                classes.toString(), "--spec", "PR-6", "--tries", "300");
        assertThat(o.status()).as(o.out() + o.err()).isEqualTo(1);
        assertThat(o.out()).contains("1 spec(s) on noreack, profile rfc9293")
                .contains("shrunk schedule   (1 fault): [drop ack-of-fin #1 from client]")
                .contains("replay it: tcpspec explore --stack-class com.example.NoReAckStack --classpath "
                        + classes + " --spec PR-6");
    }

    private static void assertUsage(RunCommandTest.Outcome o, String message) {
        assertThat(o.status()).as(o.out() + o.err()).isEqualTo(2);
        assertThat(o.err()).contains(message);
    }
}
