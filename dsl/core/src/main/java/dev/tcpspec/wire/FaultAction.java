package dev.tcpspec.wire;

import dev.tcpspec.trace.Trace;

import java.time.Duration;

/**
 * What the wire does to a segment a {@link Fault} targets.
 *
 * <pre>{@code
 * FaultAction a = new FaultAction.Delay(Duration.ofMillis(300));
 * assert a.type() == FaultType.DELAY;
 * }</pre>
 */
public sealed interface FaultAction {
    /** Short text, e.g. {@code drop}, {@code delay 300 ms}, {@code hold back behind 2}. */
    String describe();

    /** Which of the four fault types this is. */
    FaultType type();

    /** The segment never arrives. */
    record Drop() implements FaultAction {
        @Override
        public String describe() {
            return "drop";
        }

        @Override
        public FaultType type() {
            return FaultType.DROP;
        }
    }

    /** The segment arrives twice. */
    record Duplicate() implements FaultAction {
        @Override
        public String describe() {
            return "duplicate";
        }

        @Override
        public FaultType type() {
            return FaultType.DUPLICATE;
        }
    }

    /** The segment arrives {@code by} later than the wire's latency. */
    record Delay(Duration by) implements FaultAction {
        public Delay {
            if (by.isNegative()) throw new IllegalArgumentException("a delay cannot be negative: " + by);
        }

        @Override
        public String describe() {
            return "delay " + Trace.human(by.toNanos());
        }

        @Override
        public FaultType type() {
            return FaultType.DELAY;
        }
    }

    /** The segment is held until {@code behind} later segments in the same direction have been delivered. */
    record HoldBack(int behind) implements FaultAction {
        public HoldBack {
            if (behind < 1) throw new IllegalArgumentException("hold back behind at least 1 segment, not " + behind);
        }

        @Override
        public String describe() {
            return "hold back behind " + behind;
        }

        @Override
        public FaultType type() {
            return FaultType.HOLD_BACK;
        }
    }
}
