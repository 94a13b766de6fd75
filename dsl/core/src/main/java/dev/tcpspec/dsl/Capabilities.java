package dev.tcpspec.dsl;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The capabilities a stack adapter has, and for each one it lacks, the precise reason (shown in NOT_APPLICABLE
 * verdicts).
 *
 * <pre>{@code
 * Capabilities caps = Capabilities.all()
 *         .without(Capability.SEGMENT_OBSERVATION, "no packet capture: tcpdump not found on PATH");
 * }</pre>
 */
public final class Capabilities {
    private final Map<Capability, String> missing;

    private Capabilities(Map<Capability, String> missing) {
        this.missing = missing;
    }

    /** Every capability. */
    public static Capabilities all() {
        return new Capabilities(new EnumMap<>(Capability.class));
    }

    /** Only the given capabilities; every other one is missing with {@code reason}. */
    public static Capabilities only(Collection<Capability> present, String reason) {
        Map<Capability, String> m = new EnumMap<>(Capability.class);
        for (Capability c : Capability.values()) {
            if (!present.contains(c)) m.put(c, reason);
        }
        return new Capabilities(m);
    }

    /** A copy lacking {@code c}, for {@code reason}. */
    public Capabilities without(Capability c, String reason) {
        Map<Capability, String> m = new EnumMap<>(Capability.class);
        m.putAll(missing);
        m.put(c, reason);
        return new Capabilities(m);
    }

    /** Whether the adapter has {@code c}. */
    public boolean has(Capability c) {
        return !missing.containsKey(c);
    }

    /** Why {@code c} is missing, or empty if present. */
    public Optional<String> whyMissing(Capability c) {
        return Optional.ofNullable(missing.get(c));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Capability c : Capability.values()) {
            sb.append(c).append(has(c) ? ": yes" : ": no (" + missing.get(c) + ")").append('\n');
        }
        return sb.toString();
    }
}
