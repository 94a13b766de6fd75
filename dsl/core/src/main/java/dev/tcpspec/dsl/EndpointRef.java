package dev.tcpspec.dsl;

import dev.tcpspec.trace.Side;

/**
 * Which end of which connection: what every clause's view of an endpoint ({@link GivenEndpoint}, {@link WhenEndpoint},
 * {@link ThenEndpoint}) shares, and what a segment pattern needs to name a sender.
 *
 * <pre>{@code
 * EndpointRef e = client().onConnection(1);
 * e.side();        // CLIENT
 * e.connection();  // 1
 * }</pre>
 */
public interface EndpointRef {
    /** Which end this is: client or server. */
    Side side();

    /** The connection number: 0 for the scenario's main connection. */
    int connection();
}
