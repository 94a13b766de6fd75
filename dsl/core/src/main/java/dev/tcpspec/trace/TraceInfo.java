package dev.tcpspec.trace;

/**
 * What a trace was recorded on: the stack, its profile, the seed and the two hosts' addresses.
 *
 * <pre>{@code
 * TraceInfo info = new TraceInfo("sim", "linux", 1, "10.0.0.1", "10.0.0.2");
 * }</pre>
 */
public record TraceInfo(String stack, String profile, long seed, String clientAddress, String serverAddress) {
    /** The address of one side. */
    public String address(Side side) {
        return side == Side.CLIENT ? clientAddress : serverAddress;
    }
}
