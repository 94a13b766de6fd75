package dev.tcpspec.wire;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The four things a wire can do wrong to a segment, in the order the property engine simplifies them: a drop is the
 * simplest fault to read, a hold-back (reordering) the hardest.
 *
 * <pre>{@code
 * FaultType t = new FaultAction.Delay(Duration.ofMillis(300)).type();   // DELAY
 * FaultType d = FaultType.byLabel("hold-back");                        // HOLD_BACK
 * }</pre>
 */
public enum FaultType {
    /** The segment never arrives (loss). */
    DROP,
    /** The segment arrives twice (duplication). */
    DUPLICATE,
    /** The segment arrives late (a late copy, or a retransmission overtaking it). */
    DELAY,
    /** Later segments overtake the segment (reordering). */
    HOLD_BACK;

    /** Lower-case name with hyphens, as on the command line: {@code hold-back}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The type called {@code label}, or an error naming the valid ones. */
    public static FaultType byLabel(String label) {
        for (FaultType t : values()) {
            if (t.label().equals(label)) return t;
        }
        throw new IllegalArgumentException("unknown fault type '" + label + "'; valid types: "
                + Arrays.stream(values()).map(FaultType::label).collect(Collectors.joining(", ")));
    }
}
