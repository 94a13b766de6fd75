package dev.tcpspec.explore;

import dev.tcpspec.dsl.FaultSpace;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Timing;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.ExpectationResult;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;
import dev.tcpspec.wire.Fault;
import dev.tcpspec.wire.FaultAction;
import dev.tcpspec.wire.FaultSchedule;
import dev.tcpspec.wire.FaultType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static dev.tcpspec.dsl.Tcp.*;
import static dev.tcpspec.explore.Explore.faults;
import static org.assertj.core.api.Assertions.assertThat;

/** Shrinking on a synthetic property: which schedules fail is given by a predicate, so the minimum is known. */
class ShrinkerTest {
    private static final Spec SPEC = spec("X-1", "synthetic").given(established())
            .then(client().enters(TIME_WAIT)).and(server().enters(CLOSED));
    private static final Timing TIMING = new Timing(Profile.rfc9293(), Duration.ZERO);

    private static SpecResult result(boolean firstFails, boolean secondFails) {
        Verdict v = firstFails || secondFails ? Verdict.FAIL : Verdict.PASS;
        return new SpecResult(SPEC, "synthetic", "rfc9293", 1, v, "", List.of(
                new ExpectationResult("first", !firstFails, ""), new ExpectationResult("second", !secondFails, "")),
                null, 0, null);
    }

    private static Shrinker.Shrunk shrink(FaultSpace space, Predicate<FaultSchedule> fails, FaultSchedule start) {
        Shrinker.Trial trial = s -> result(fails.test(s), false);
        return new Shrinker(trial, space, TIMING).shrink(start, trial.run(start));
    }

    private static Fault fault(Side from, SegmentKind kind, int n, FaultAction a) {
        return new Fault(from, kind, n, a);
    }

    @Test
    void irrelevantFaultsGoAndTheRestBecomeDropsOfFirstOccurrences() {
        Predicate<FaultSchedule> anyServerFin = s -> s.faults().stream()
                .anyMatch(f -> f.from() == Side.SERVER && f.kind() == SegmentKind.FIN);
        FaultSchedule start = FaultSchedule.of(
                fault(Side.CLIENT, SegmentKind.SYN, 1, new FaultAction.Drop()),
                fault(Side.SERVER, SegmentKind.FIN, 3, new FaultAction.HoldBack(3)),
                fault(Side.CLIENT, SegmentKind.DATA, 2, new FaultAction.Delay(Duration.ofSeconds(50))));
        Shrinker.Shrunk s = shrink(faults(), anyServerFin, start);
        assertThat(s.schedule().describe()).isEqualTo("[drop fin #1 from server]");
        assertThat(s.reruns()).isLessThan(20);
    }

    @Test
    void aDelayShrinksToTheShortestThatStillFailsToTheMillisecond() {
        Predicate<FaultSchedule> lateData = s -> s.faults().stream().anyMatch(f -> f.kind() == SegmentKind.DATA
                && f.action() instanceof FaultAction.Delay d && d.by().toMillis() >= 2_345);
        FaultSchedule start = FaultSchedule.of(
                fault(Side.CLIENT, SegmentKind.DATA, 1, new FaultAction.Delay(Duration.ofSeconds(100))),
                fault(Side.SERVER, SegmentKind.ACK, 1, new FaultAction.Duplicate()));
        Shrinker.Shrunk s = shrink(faults(), lateData, start);
        assertThat(s.schedule().describe()).isEqualTo("[delay data #1 from client by 2.345 s]");
    }

    @Test
    void aHoldBackShrinksTowardsOneSegmentAndTypesStayInTheSpace() {
        Predicate<FaultSchedule> reordered = s -> s.faults().stream()
                .anyMatch(f -> f.kind() == SegmentKind.FIN && f.action().type() == FaultType.HOLD_BACK);
        FaultSchedule start = FaultSchedule.of(fault(Side.CLIENT, SegmentKind.FIN, 2, new FaultAction.HoldBack(3)));
        Shrinker.Shrunk s = shrink(faults().only(FaultType.HOLD_BACK), reordered, start);
        assertThat(s.schedule().describe()).isEqualTo("[hold back fin #1 from client behind 1]");
    }

    @Test
    void theResultIsOneMinimalWhenTwoFaultsAreNeededTogether() {
        Predicate<FaultSchedule> both = s -> s.targets(fault(Side.CLIENT, SegmentKind.FIN, 1, new FaultAction.Drop()))
                && s.targets(fault(Side.CLIENT, SegmentKind.FIN, 2, new FaultAction.Drop()));
        FaultSchedule start = FaultSchedule.of(
                fault(Side.CLIENT, SegmentKind.FIN, 2, new FaultAction.Duplicate()),
                fault(Side.SERVER, SegmentKind.SYN_ACK, 1, new FaultAction.Drop()),
                fault(Side.CLIENT, SegmentKind.FIN, 1, new FaultAction.Delay(Duration.ofMillis(700))));
        Shrinker.Shrunk s = shrink(faults(), both, start);
        assertThat(s.schedule().size()).isEqualTo(2);
        for (int i = 0; i < s.schedule().size(); i++) {
            assertThat(both.test(s.schedule().without(i))).as("removing fault %d", i).isFalse();
        }
        assertThat(s.schedule().faults()).extracting(f -> f.action().type()).containsOnly(FaultType.DROP);
    }

    @Test
    void shrinkingDoesNotSlipToAnotherFailure() {
        // the original fails the first expectation; a smaller schedule would fail only the second: not accepted
        Shrinker.Trial trial = s -> s.size() >= 2 ? result(true, false) : result(false, s.size() == 1);
        FaultSchedule start = FaultSchedule.of(
                fault(Side.CLIENT, SegmentKind.FIN, 1, new FaultAction.Drop()),
                fault(Side.SERVER, SegmentKind.FIN, 1, new FaultAction.Drop()));
        Shrinker.Shrunk s = new Shrinker(trial, faults(), TIMING).shrink(start, trial.run(start));
        assertThat(s.schedule().size()).isEqualTo(2);
        assertThat(Shrinker.sameFailure(result(true, false), result(false, true))).isFalse();
        assertThat(Shrinker.sameFailure(result(true, false), result(true, true))).isTrue();
    }
}
