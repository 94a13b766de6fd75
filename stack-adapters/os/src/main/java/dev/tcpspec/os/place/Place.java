package dev.tcpspec.os.place;

import dev.tcpspec.os.host.IpFamily;
import dev.tcpspec.os.sockets.SocketDriver;

import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TraceEvent;
import dev.tcpspec.trace.TraceRecorder;
import dev.tcpspec.wire.FaultSchedule;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

/**
 * Where a session's sockets live: the root network namespace ({@link RootPlace}), or a namespace made for the spec
 * ({@link NamespacePlace}), with what that place allows (dropping segments, crashing a host).
 */
public interface Place extends AutoCloseable {
    /** Makes the socket calls. */
    SocketDriver driver();

    /** The {@code net} directory of /proc showing this place's TCP tables. */
    Path netDir();

    /** The command prefix that runs a program inside this place (empty for the root namespace). */
    List<String> commandPrefix();

    /** The port the server listens on when the scenario leaves it open: 0 lets the kernel choose. */
    int serverPort();

    /** The hosts' address as reports show it, e.g. {@code 127.0.0.1} or {@code 127.0.0.1 in netns tcpspec-...}. */
    String describe(IpFamily family);

    /** Sets up the planned faults once the server's port is known. */
    void armFaults(FaultSchedule faults, int serverPort, TraceRecorder recorder, LongSupplier now) throws IOException;

    /** Called before {@code closer} makes a call that sends its FIN (close, shutdownOutput). */
    default void beforeClose(dev.tcpspec.trace.Side closer) {
    }

    /** The drop rules in force, to mark dropped segments; null if none. */
    DropRules drops();

    /** Notes on what the faults did, read once the scenario is over (e.g. the kernel's count of drops). */
    List<TraceEvent> faultNotes(LongUnaryOperator toTrace);

    /** Releases the place: sockets, processes, namespace. */
    @Override
    void close();
}
