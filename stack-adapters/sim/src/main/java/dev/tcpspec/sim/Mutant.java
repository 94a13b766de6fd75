package dev.tcpspec.sim;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A planted deviation in the reference stack. Mutants prove the catalog can fail: every mutant must make some spec
 * fail, and a run with no mutant must pass. {@code tcpspec run --mutant NAME} runs the catalog against one.
 *
 * <pre>{@code
 * StackAdapter broken = Stacks.simulated(Mutant.NO_TIME_WAIT);
 * }</pre>
 */
public enum Mutant {
    NO_TIME_WAIT("the active closer goes straight to CLOSED where it should enter TIME_WAIT"),
    SHORT_TIME_WAIT("TIME_WAIT lasts 1 x MSL instead of the profile's TIME_WAIT length"),
    LINGER_ZERO_SENDS_FIN("close() with SO_LINGER <1,0> closes gracefully with FIN instead of aborting with RST"),
    NO_REACK_IN_TIME_WAIT("TIME_WAIT neither ACKs a retransmitted FIN nor restarts its timer"),
    CLOSE_WAIT_AUTOCLOSE("the passive closer sends its FIN as soon as the peer's FIN arrives, without waiting for close()"),
    UNREAD_CLOSE_SENDS_FIN("close() with unread received data sends FIN instead of RST"),
    /**
     * Only a fault brings a RST to a port with no connection (a duplicated or late abort), so only the property
     * engine catches this one (property PR-7); the fault-free catalog cannot.
     */
    RST_ANSWERS_RST("a RST,ACK that matches no connection is answered with a RST instead of being discarded");

    private final String description;

    Mutant(String description) {
        this.description = description;
    }

    /** The name used on the command line, e.g. {@code no-time-wait}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** One line saying what the deviation is. */
    public String description() {
        return description;
    }

    /** The mutant called {@code label}, or an error naming the valid ones. */
    public static Mutant byLabel(String label) {
        for (Mutant m : values()) {
            if (m.label().equals(label)) return m;
        }
        throw new IllegalArgumentException("unknown mutant '" + label + "'; valid mutants: "
                + Arrays.stream(values()).map(Mutant::label).collect(Collectors.joining(", ")));
    }
}
