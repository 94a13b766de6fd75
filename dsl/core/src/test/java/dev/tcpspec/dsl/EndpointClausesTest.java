package dev.tcpspec.dsl;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Arrays;

import static dev.tcpspec.dsl.Tcp.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Each clause's view of an endpoint offers only that clause's words. */
class EndpointClausesTest {
    private static Class<?>[] returnTypes(Class<?> view) {
        return Arrays.stream(view.getDeclaredMethods()).map(Method::getReturnType).distinct().toArray(Class[]::new);
    }

    @Test
    void givenOffersSetupStepsOnly() {
        assertThat(returnTypes(GivenEndpoint.class)).containsOnly(SetupStep.class);
    }

    @Test
    void whenOffersActionsOnly() {
        assertThat(returnTypes(WhenEndpoint.class)).containsOnly(Action.class);
    }

    @Test
    void thenOffersNoSetupStepAndNoAction() {
        assertThat(returnTypes(ThenEndpoint.class)).isNotEmpty().doesNotContain(SetupStep.class, Action.class);
    }

    @Test
    void helpersTypedByClauseBuildAWholeSpec() {
        GivenEndpoint given = client();
        WhenEndpoint when = client();
        ThenEndpoint then = client();
        Spec s = spec("LG-2", "SO_LINGER <1,0> aborts")
                .given(established().with(given.soLinger(true, 0)))
                .when(when.closes())
                .then(then.neverEnters(TIME_WAIT));
        assertThat(s.id()).isEqualTo("LG-2");
        assertThat(((EndpointRef) client().onConnection(1)).connection()).isEqualTo(1);
    }
}
