package dev.tcpspec.dsl;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Arrays;

import static dev.tcpspec.dsl.Tcp.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecTest {
    private static final Spec LG2 = spec("LG-2", "SO_LINGER <1,0> aborts")
            .source(SEED, rfc(9293, "3.10.5"))
            .given(established().with(client().soLinger(true, 0), wire().drops(first(FIN).from(server()))))
            .when(client().closes(), server().reads())
            .then(wire().carries(rst().from(client())))
            .and(client().neverEnters(TIME_WAIT))
            .and(server().read().fails(CONNECTION_RESET));

    @Test
    void aSpecDescribesItselfAsSentences() {
        assertThat(LG2.describe()).isEqualTo("""
                LG-2 [MUST] SO_LINGER <1,0> aborts
                  sources: seed; RFC 9293 §3.10.5
                  given an established connection, with client SO_LINGER <1,0>, the wire will drop fin #1 from server
                  when client: close()
                  when server: read()
                  then the wire carries RST from client
                  then client never enters TIME_WAIT
                  then a read() by server fails with Connection reset
                """);
        assertThat(LG2.family()).isEqualTo("LG");
    }

    @Test
    void capabilitiesFollowFromSetupStepsAndExpectations() {
        assertThat(LG2.requiredCapabilities()).containsExactlyInAnyOrder(Capability.SEGMENT_OBSERVATION,
                Capability.STATE_OBSERVATION, Capability.FAULT_INJECTION);
        Spec appOnly = spec("X-1", "t").given(established()).when(client().closes())
                .then(server().read().returnsEof());
        assertThat(appOnly.requiredCapabilities()).isEmpty();
    }

    @Test
    void aSpecWithoutAnExpectationIsNotASpec() {
        // the step types offer no way to run or list an unfinished spec: only then(...) yields a Spec
        for (Class<?> step : new Class<?>[]{SpecStart.class, GivenStep.class, WhenStep.class}) {
            assertThat(Spec.class.isAssignableFrom(step)).as(step.getSimpleName()).isFalse();
            assertThat(Arrays.stream(step.getMethods()).map(Method::getName))
                    .as(step.getSimpleName()).doesNotContain("runOn", "expectations");
        }
        assertThat(Arrays.stream(WhenStep.class.getMethods()).filter(m -> m.getReturnType() == Spec.class)
                .map(Method::getName)).containsExactly("then");
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> spec("tw2", "x")).hasMessage("spec id 'tw2' is not of the form FAMILY-N, e.g. TW-2");
        assertThatThrownBy(() -> spec("TW-2", " ")).hasMessage("spec TW-2 needs a title");
        assertThatThrownBy(() -> spec("TW-2", "x").given(established()).when(client().closes(), null))
                .hasMessage("spec TW-2: step 2 is null");
        assertThatThrownBy(() -> wire().drops(first(FIN))).hasMessageContaining("add .from(client())");
        assertThatThrownBy(() -> Profile.named("nope"))
                .hasMessage("unknown profile 'nope'; valid profiles: rfc9293, linux");
    }

    @Test
    void profileConditionsMakeASpecNotApplicable() {
        Spec s = spec("OC-11", "orphaned FIN_WAIT_2 times out")
                .onlyWhere(Profile::hasFinWait2Timeout, "the profile has no FIN_WAIT_2 timer")
                .given(established()).when(client().closes()).then(client().reaches(CLOSED));
        assertThat(s.notApplicableUnder(Profile.rfc9293()))
                .contains("the profile has no FIN_WAIT_2 timer (profile rfc9293)");
        assertThat(s.notApplicableUnder(Profile.linux())).isEmpty();
    }
}
