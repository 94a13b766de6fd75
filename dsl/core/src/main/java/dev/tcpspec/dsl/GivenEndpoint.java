package dev.tcpspec.dsl;

import java.time.Duration;

/**
 * What an endpoint offers in the {@code given} clause: its socket options and the values the setup pins (ISS, port),
 * each a {@link SetupStep} for {@code established().with(...)}, {@code listening().with(...)} and friends. Nothing
 * here acts or expects.
 *
 * <pre>{@code
 * static SetupStep abortive(GivenEndpoint e) { return e.soLinger(true, 0); }
 *
 * spec("LG-2", "...").given(established().with(abortive(client()), server().iss(0xFFFF_FF00)))
 * }</pre>
 */
public interface GivenEndpoint extends EndpointRef {
    /** SO_LINGER: {@code soLinger(true, 0)} makes close() abort with RST. */
    SetupStep soLinger(boolean on, int seconds);

    /** SO_KEEPALIVE with the profile's timing. */
    SetupStep keepAlive();

    /** SO_KEEPALIVE with TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT. */
    SetupStep keepAlive(Duration idle, Duration interval, int probes);

    /** SO_REUSEADDR on or off. */
    SetupStep reuseAddress(boolean on);

    /** SO_RCVBUF. */
    SetupStep receiveBuffer(int bytes);

    /** SO_SNDBUF. */
    SetupStep sendBuffer(int bytes);

    /** The initial send sequence number, e.g. {@code 0xFFFF_FF00} to cross the 2^32 wrap during the close. */
    SetupStep iss(int iss);

    /** The local port: the server's listening port, or the client's bound source port. */
    SetupStep port(int port);
}
