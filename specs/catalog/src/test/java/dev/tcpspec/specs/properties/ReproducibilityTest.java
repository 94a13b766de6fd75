package dev.tcpspec.specs.properties;

import dev.tcpspec.junit.ExplorationTests;
import dev.tcpspec.explore.Explore;
import dev.tcpspec.explore.Exploration;
import dev.tcpspec.explore.ExplorationResult;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.sim.Mutant;
import dev.tcpspec.sim.Stacks;
import dev.tcpspec.wire.FaultSchedule;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A failure prints what is needed to reproduce it, and reproducing it gives the very same runs. */
class ReproducibilityTest {
    private static String field(String message, String regex) {
        Matcher m = Pattern.compile(regex).matcher(message);
        assertThat(m.find()).as("'%s' in:%n%s", regex, message).isTrue();
        return m.group(1);
    }

    private static String failureOf(DynamicTest test) {
        return catchThrowableOfType(AssertionFailedError.class, () -> test.getExecutable().execute()).getMessage();
    }

    @Test
    void rerunningWithThePrintedSeedReproducesTheFailureExactly() {
        Exploration e = Explore.spec(LifecycleProperties.PR_8).against(Stacks.simulated(Mutant.NO_TIME_WAIT))
                .under(LifecycleProperties.faultsFor(LifecycleProperties.PR_8)).tries(3_000);
        String first = failureOf(ExplorationTests.test(e.seed(20_240_601)));
        String seed = field(first, "reproduce with -Dtcpspec.seed=(\\d+)");
        assertThat(seed).isEqualTo("20240601");

        String again;
        try {
            System.setProperty(Explore.SEED_PROPERTY, seed);
            again = failureOf(ExplorationTests.test(e.seed(1))); // the code says 1; the printed seed wins
        } finally {
            System.clearProperty(Explore.SEED_PROPERTY);
        }
        for (String line : new String[]{"first failure at try #(\\d+)", "shrunk schedule {3}\\(\\d+ faults?\\): (.*)",
                "original schedule \\(\\d+ faults?\\): (.*)", "trace \\(\\d+ events, digest (\\w+)\\)",
                "statistics: ([\\d,]+ tries, [\\d,]+ failed)"}) {
            assertThat(field(again, line)).as(line).isEqualTo(field(first, line));
        }
    }

    @Test
    void replayingThePrintedScheduleGivesTheShrunkRunBitForBit() {
        Exploration e = Explore.spec(LifecycleProperties.PR_8).against(Stacks.simulated(Mutant.NO_TIME_WAIT))
                .under(LifecycleProperties.faultsFor(LifecycleProperties.PR_8)).tries(3_000);
        ExplorationResult r = e.run();
        String printed = field(r.explain(), "--replay '([^']*)'");
        SpecResult replayed = e.replay(FaultSchedule.parse(printed));
        assertThat(replayed.traceDigest()).isEqualTo(r.counterexample().shrunkResult().traceDigest());
        assertThat(replayed.trace().canonicalText()).isEqualTo(r.counterexample().shrunkResult().trace().canonicalText());
    }
}
