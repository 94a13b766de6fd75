package dev.tcpspec.spi;

/**
 * Thrown by a stack session when the scenario turns out, as it runs, to ask for something this stack cannot do, for a
 * reason a capability check could not foresee: a real kernel cannot let two hours pass while a keepalive timer is
 * about to fire (it would have to wait them out). The spec is then NOT_APPLICABLE on this stack with the message as
 * its reason, not an ERROR: nothing broke.
 *
 * <pre>{@code
 * if (wait.compareTo(budget) > 0) {
 *     throw new CannotPerform("letting 2 h pass needs 2 h of real time: a keepalive timer fires in 7199 s");
 * }
 * }</pre>
 */
public class CannotPerform extends RuntimeException {
    public CannotPerform(String reason) {
        super(reason);
    }
}
