package dev.tcpspec.explore;

import dev.tcpspec.run.SpecResult;
import dev.tcpspec.wire.FaultSchedule;

/**
 * A fault schedule under which a property fails: the one an exploration found first, and what shrinking made of it.
 *
 * <pre>{@code
 * Counterexample c = result.counterexample();
 * c.shrunk();                    // [drop ack-of-fin #1 from client]
 * c.shrunkResult().explain();    // the failing expectations and the ladder diagram of the shrunk run
 * }</pre>
 *
 * @param tryNumber      which try found it (1 is the fault-free run)
 * @param original       the schedule of that try
 * @param originalResult the property's result under it
 * @param shrunk         the shrunk schedule, faults in the order they struck
 * @param shrunkResult   the property's result under the shrunk schedule
 * @param reruns         how many runs shrinking took
 * @param shrinkNanos    how long shrinking took
 */
public record Counterexample(int tryNumber, FaultSchedule original, SpecResult originalResult, FaultSchedule shrunk,
                             SpecResult shrunkResult, int reruns, long shrinkNanos) {
}
