package dev.tcpspec.os.wire;

import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.spi.StackSession;
import dev.tcpspec.trace.Side;

/**
 * Opens a run on the packet wire for any {@link OutsideStack}: the session core the kernel's adapter
 * ({@link WireStack}) uses, offered to stacks outside this module (an external process's user-space stack). The
 * reference stack plays the other end on the wall clock; every segment both ways crosses tcpspec's wire, so it is
 * observed, faults strike it, and crafted segments reach the stack.
 *
 * <pre>{@code
 * public StackSession open(SessionSettings settings) throws Exception {
 *     OutsideStack lwip = LwipDriver.start(...);   // a process and its packet socket
 *     return PacketWire.open(lwip, Side.SERVER, WireStack.Addresses.of(IpFamily.IPV4), settings);
 * }
 * }</pre>
 */
public final class PacketWire {
    private PacketWire() {
    }

    /**
     * A session with {@code outside} playing {@code outsideSide} at {@code addresses.kernel()}; the session owns
     * {@code outside} and closes it with itself (also when this call fails).
     */
    public static StackSession open(OutsideStack outside, Side outsideSide, WireStack.Addresses addresses,
                                    SessionSettings settings) {
        try {
            return new WireSession(outside, outsideSide, addresses, settings, true);
        } catch (RuntimeException e) {
            outside.close();
            throw e;
        }
    }
}
