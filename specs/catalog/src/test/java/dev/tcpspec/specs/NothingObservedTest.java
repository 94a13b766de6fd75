package dev.tcpspec.specs;

import dev.tcpspec.dsl.Expectation;
import dev.tcpspec.dsl.Judgement;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Timing;
import dev.tcpspec.specs.properties.LifecycleProperties;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceInfo;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.tcpspec.dsl.Tcp.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing observed is not a pass: no expectation of the catalog or of the lifecycle properties holds on an empty
 * trace (a stack that observed nothing), under any profile. A positive expectation fails there; a negative one
 * ("never enters", "carries no", "never fails", "peak at most", "no reply to an injected segment") is not observed,
 * with the reason.
 */
class NothingObservedTest {
    private static final Trace EMPTY = new Trace(new TraceInfo("nothing", "rfc9293", 1, "10.0.0.1", "10.0.0.2"),
            List.of(), 0);

    private static List<Spec> everySpec() {
        List<Spec> all = new ArrayList<>(Catalog.all().specs());
        all.addAll(LifecycleProperties.all());
        return all;
    }

    @TestFactory
    Stream<DynamicTest> noExpectationHoldsOnAnEmptyTrace() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Spec spec : everySpec()) {
            tests.add(DynamicTest.dynamicTest(spec.id(), () -> {
                for (Profile profile : Profile.builtIn()) {
                    Timing timing = new Timing(spec.effectiveProfile(profile), Duration.ZERO);
                    for (Expectation e : spec.judgedParts(profile)) {
                        Judgement j = e.judge(EMPTY, timing);
                        assertThat(j.holds()).as("%s under %s: '%s' holds on an empty trace: %s", spec.id(),
                                profile.name(), e.describe(timing), j.observation()).isFalse();
                        assertThat(j.observation()).as("%s: '%s' says why", spec.id(), e.describe(timing)).isNotBlank();
                    }
                }
            }));
        }
        return tests.stream();
    }

    @Test
    void theNegativeExpectationsAreNotObservedRatherThanFailed() {
        Timing rfc = new Timing(Profile.rfc9293(), Duration.ZERO);
        List<Expectation> negatives = List.of(client().neverEnters(TIME_WAIT), client().neverWaitsIn(FIN_WAIT_2),
                wire().carriesNo(rst().onAnyConnection()), wire().carriesNo(anySegment().from(server())
                        .inReplyTo(injected())), client().connect().neverFails(),
                client().connectionsIn(TIME_WAIT).peakAtMost(count(1)), wire().carries(rst()).atMost(1));
        for (Expectation e : negatives) {
            Judgement j = e.judge(EMPTY, rfc);
            assertThat(j.notObserved()).as("%s: %s", e.describe(), j).isTrue();
        }
    }

    @Test
    void theOldSynSpecNoLongerPassesOnAnEmptyTrace() {
        // under rfc9293 TW-8.old-syn's expectations are all negative: once they passed on a trace with nothing in it
        Spec oldSyn = Catalog.all().get("TW-8.old-syn");
        for (Expectation e : oldSyn.judgedParts(Profile.rfc9293())) {
            Judgement j = e.judge(EMPTY, new Timing(Profile.rfc9293(), Duration.ZERO));
            assertThat(j.notObserved()).as(e.describe()).isTrue();
            assertThat(j.observation()).contains("was observed on the wire: that no ").endsWith("was seen proves nothing");
        }
    }
}
