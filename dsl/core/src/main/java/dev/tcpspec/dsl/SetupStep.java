package dev.tcpspec.dsl;

import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.trace.Side;
import dev.tcpspec.wire.Fault;

import java.util.function.UnaryOperator;

/**
 * Something added to a {@link Setup}: a socket option on one endpoint or a planned fault on the wire. Made by
 * the DSL: {@code client().soLinger(true, 0)}, {@code wire().drops(first(FIN).from(server()))}.
 */
public sealed interface SetupStep {
    /** The setup with this step applied. */
    Setup applyTo(Setup setup);

    /** A socket option on one endpoint. */
    record SocketOption(Side side, String description, UnaryOperator<SocketOptions> change) implements SetupStep {
        @Override
        public Setup applyTo(Setup setup) {
            return setup.withOptions(side, change.apply(setup.options(side)), description);
        }
    }

    /**
     * A policy knob of the stack under test, set for this run only (a sysctl in a network namespace on Linux): the
     * profile the stack is held to changes accordingly. Needs {@link Capability#PROFILE_CONTROL}.
     */
    record ProfileKnob(String description, UnaryOperator<Profile.Builder> change) implements SetupStep {
        @Override
        public Setup applyTo(Setup setup) {
            return setup.withKnob(this);
        }
    }

    /** A fault the wire will inject. */
    record PlannedFault(Fault fault) implements SetupStep {
        @Override
        public Setup applyTo(Setup setup) {
            return setup.withFault(fault);
        }
    }
}
