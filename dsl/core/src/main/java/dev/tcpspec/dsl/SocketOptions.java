package dev.tcpspec.dsl;

import java.time.Duration;

/**
 * Socket options a scenario sets on one endpoint before it connects or listens. A null value means "the stack's
 * default".
 *
 * <pre>{@code
 * SocketOptions abortive = SocketOptions.DEFAULTS.withLinger(0);          // SO_LINGER <1,0>
 * SocketOptions probing = SocketOptions.DEFAULTS.withKeepAlive(Duration.ofSeconds(1), Duration.ofSeconds(1), 3);
 * }</pre>
 *
 * @param lingerSeconds     SO_LINGER: null = off (l_onoff 0), otherwise on with this l_linger
 * @param keepAlive         SO_KEEPALIVE
 * @param keepAliveIdle     TCP_KEEPIDLE, or null for the profile's
 * @param keepAliveInterval TCP_KEEPINTVL, or null for the profile's
 * @param keepAliveProbes   TCP_KEEPCNT, or null for the profile's
 * @param reuseAddress      SO_REUSEADDR, or null for the stack's default (Java sets it on server sockets)
 * @param receiveBuffer     SO_RCVBUF in bytes, or null
 * @param sendBuffer        SO_SNDBUF in bytes, or null
 * @param iss               the initial send sequence number to use, or null to let the stack choose
 * @param localPort         the local port to bind, or 0 for an ephemeral one (clients) / the default (servers)
 */
public record SocketOptions(Integer lingerSeconds, boolean keepAlive, Duration keepAliveIdle, Duration keepAliveInterval,
                            Integer keepAliveProbes, Boolean reuseAddress, Integer receiveBuffer, Integer sendBuffer,
                            Integer iss, int localPort) {

    /** Nothing set: the stack's defaults. */
    public static final SocketOptions DEFAULTS =
            new SocketOptions(null, false, null, null, null, null, null, null, null, 0);

    /** SO_LINGER on, with {@code seconds}. */
    public SocketOptions withLinger(int seconds) {
        if (seconds < 0) throw new IllegalArgumentException("SO_LINGER time cannot be negative: " + seconds);
        return new SocketOptions(seconds, keepAlive, keepAliveIdle, keepAliveInterval, keepAliveProbes, reuseAddress,
                receiveBuffer, sendBuffer, iss, localPort);
    }

    /** SO_KEEPALIVE on with the profile's timing. */
    public SocketOptions withKeepAlive() {
        return new SocketOptions(lingerSeconds, true, keepAliveIdle, keepAliveInterval, keepAliveProbes, reuseAddress,
                receiveBuffer, sendBuffer, iss, localPort);
    }

    /** SO_KEEPALIVE on with TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT. */
    public SocketOptions withKeepAlive(Duration idle, Duration interval, int probes) {
        return new SocketOptions(lingerSeconds, true, idle, interval, probes, reuseAddress, receiveBuffer, sendBuffer,
                iss, localPort);
    }

    public SocketOptions withReuseAddress(boolean on) {
        return new SocketOptions(lingerSeconds, keepAlive, keepAliveIdle, keepAliveInterval, keepAliveProbes, on,
                receiveBuffer, sendBuffer, iss, localPort);
    }

    public SocketOptions withReceiveBuffer(int bytes) {
        return new SocketOptions(lingerSeconds, keepAlive, keepAliveIdle, keepAliveInterval, keepAliveProbes,
                reuseAddress, bytes, sendBuffer, iss, localPort);
    }

    public SocketOptions withSendBuffer(int bytes) {
        return new SocketOptions(lingerSeconds, keepAlive, keepAliveIdle, keepAliveInterval, keepAliveProbes,
                reuseAddress, receiveBuffer, bytes, iss, localPort);
    }

    /** Use {@code iss} as the initial send sequence number (an unsigned 32-bit value in an int). */
    public SocketOptions withIss(int iss) {
        return new SocketOptions(lingerSeconds, keepAlive, keepAliveIdle, keepAliveInterval, keepAliveProbes,
                reuseAddress, receiveBuffer, sendBuffer, iss, localPort);
    }

    public SocketOptions withLocalPort(int port) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("not a port: " + port);
        return new SocketOptions(lingerSeconds, keepAlive, keepAliveIdle, keepAliveInterval, keepAliveProbes,
                reuseAddress, receiveBuffer, sendBuffer, iss, port);
    }

    /** Options set in {@code other} override these. */
    public SocketOptions overriddenBy(SocketOptions other) {
        return new SocketOptions(
                other.lingerSeconds != null ? other.lingerSeconds : lingerSeconds,
                other.keepAlive || keepAlive,
                other.keepAliveIdle != null ? other.keepAliveIdle : keepAliveIdle,
                other.keepAliveInterval != null ? other.keepAliveInterval : keepAliveInterval,
                other.keepAliveProbes != null ? other.keepAliveProbes : keepAliveProbes,
                other.reuseAddress != null ? other.reuseAddress : reuseAddress,
                other.receiveBuffer != null ? other.receiveBuffer : receiveBuffer,
                other.sendBuffer != null ? other.sendBuffer : sendBuffer,
                other.iss != null ? other.iss : iss,
                other.localPort != 0 ? other.localPort : localPort);
    }
}
