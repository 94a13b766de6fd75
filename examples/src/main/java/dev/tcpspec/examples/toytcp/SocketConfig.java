package dev.tcpspec.examples.toytcp;

/**
 * Per-socket options. toytcp has no SO_LINGER: see {@link Transitions}.
 *
 * @param localPort    port to bind, 0 for an ephemeral one
 * @param reuseAddress SO_REUSEADDR
 * @param iss          the initial sequence number to use, or null to pick one
 * @param receiveBuffer bytes, or 0 for the host's default
 * @param sendBuffer    bytes, or 0 for the host's default
 * @param keepAliveIdle 0 for no keepalive, else the idle time (with interval and probes) in nanoseconds
 */
public record SocketConfig(int localPort, boolean reuseAddress, Integer iss, int receiveBuffer, int sendBuffer,
                           long keepAliveIdle, long keepAliveInterval, int keepAliveProbes) {
    public static final SocketConfig DEFAULT = new SocketConfig(0, false, null, 0, 0, 0, 0, 0);
}
