package dev.tcpspec.os;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.trace.TraceEvent;
import dev.tcpspec.trace.TraceRecorder;
import dev.tcpspec.wire.FaultSchedule;

import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

/**
 * The root network namespace, this JVM's own: sockets on loopback made by {@link NioSockets}, tables in
 * {@code /proc/self/net}. Nothing here is ever changed but the sockets themselves: no sysctl, no iptables rule.
 */
final class RootPlace implements Place {
    private final NioSockets sockets;

    RootPlace(OsStack stack, Profile profile) {
        this.sockets = new NioSockets(stack.family(), profile);
    }

    @Override
    public SocketDriver driver() {
        return sockets;
    }

    @Override
    public Path netDir() {
        return Path.of("/proc/self/net");
    }

    @Override
    public List<String> commandPrefix() {
        return List.of();
    }

    @Override
    public int serverPort() {
        return 0;
    }

    @Override
    public String describe(IpFamily family) {
        return family.loopbackText();
    }

    @Override
    public void armFaults(FaultSchedule faults, int serverPort, TraceRecorder recorder, LongSupplier now) {
        if (!faults.isEmpty()) {
            throw new IllegalStateException("faults are injected only in a network namespace of the spec's own, "
                    + "never in the root namespace: " + faults.describe());
        }
    }

    @Override
    public DropRules drops() {
        return null;
    }

    @Override
    public List<TraceEvent> faultNotes(LongUnaryOperator toTrace) {
        return List.of();
    }

    @Override
    public void close() {
        sockets.close();
    }
}
