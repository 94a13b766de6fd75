package dev.tcpspec.os.place;

import dev.tcpspec.os.host.IpFamily;
import dev.tcpspec.os.sockets.NioSockets;
import dev.tcpspec.os.sockets.SocketDriver;

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
public final class RootPlace implements Place {
    private final NioSockets sockets;

    public RootPlace(IpFamily family, Profile profile) {
        this.sockets = new NioSockets(family, profile);
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
