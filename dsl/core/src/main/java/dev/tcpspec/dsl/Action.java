package dev.tcpspec.dsl;

import dev.tcpspec.trace.Side;

import java.util.Set;

/**
 * One step of a scenario ({@code when}): an endpoint's socket call, time passing, or something happening to a
 * host. Steps run in order; a blocking call (a read, a lingering close) lets time pass until it returns. Create them
 * through the DSL ({@code client().closes()}, {@code time().passes(twoMsl())}) rather than directly.
 *
 * <pre>{@code
 * .when(client().sends(100), client().closes(), server().readsEof(), server().closes())
 * }</pre>
 */
public sealed interface Action {
    /** The step as it appears in traces and reports, e.g. {@code client: close()}. */
    String describe();

    /** Capabilities a stack needs to perform this step. */
    default Set<Capability> requires() {
        return Set.of();
    }

    /** close() on a handle of an endpoint's socket (handle 0 is the original, 1 the first duplicate, ...). */
    record Close(Side side, int conn, int handle) implements Action {
        @Override
        public String describe() {
            return who(side, conn) + ": close()" + (handle == 0 ? "" : " on handle #" + handle);
        }
    }

    /** shutdown(SHUT_WR). */
    record ShutdownOutput(Side side, int conn) implements Action {
        @Override
        public String describe() {
            return who(side, conn) + ": shutdownOutput()";
        }
    }

    /** shutdown(SHUT_RD). */
    record ShutdownInput(Side side, int conn) implements Action {
        @Override
        public String describe() {
            return who(side, conn) + ": shutdownInput()";
        }
    }

    /** write() of {@code data}. */
    record Write(Side side, int conn, byte[] data) implements Action {
        @Override
        public String describe() {
            return who(side, conn) + ": write(" + data.length + " bytes)";
        }
    }

    /** read(): once, or repeatedly until EOF or an error; each call waits at most {@code waitUpTo}. */
    record Read(Side side, int conn, boolean untilEof, ProfileDuration waitUpTo) implements Action {
        @Override
        public String describe() {
            return who(side, conn) + (untilEof ? ": read() until EOF" : ": read()");
        }
    }

    /**
     * connect() opens another connection to the server's listener: from an ephemeral port, or from the local port of
     * connection {@code samePortAs} (a new incarnation of that 4-tuple). The new connection gets the next number.
     * With {@code waits} false the call does not wait for the handshake (a non-blocking connect, finished by
     * {@link FinishConnect}); with {@code toClosedPort} it aims at a port where nothing listens.
     */
    record Connect(Side side, int samePortAs, boolean waits, boolean toClosedPort) implements Action {
        public Connect(Side side, int samePortAs) {
            this(side, samePortAs, true, false);
        }

        @Override
        public String describe() {
            return side.label() + ": " + (waits ? "connect()" : "non-blocking connect()")
                    + (toClosedPort ? " to a port where nothing listens" : "")
                    + (samePortAs < 0 ? "" : " from the local port of connection " + samePortAs);
        }
    }

    /** Waits for a non-blocking connect() to complete (select() and SO_ERROR, or SocketChannel.finishConnect()). */
    record FinishConnect(Side side, int conn, ProfileDuration waitUpTo) implements Action {
        @Override
        public String describe() {
            return who(side, conn) + ": finish connect()";
        }
    }

    /** close() on the listening socket: it stops listening and resets connections not yet accepted. */
    record CloseListener(Side side) implements Action {
        @Override
        public String describe() {
            return side.label() + ": close() the listening socket";
        }
    }

    /**
     * bind() and listen() again on the listening port of the setup, with the setup's options, changed by
     * {@code options} (socket options of the same side, e.g. {@code server().reuseAddress(true)}) when given.
     */
    record Listen(Side side, java.util.List<SetupStep.SocketOption> options) implements Action {
        public Listen {
            options = options == null ? java.util.List.of() : java.util.List.copyOf(options);
            for (SetupStep.SocketOption o : options) {
                if (o.side() != side) {
                    throw new IllegalArgumentException("listensAgain() by the " + side.label() + " cannot take the "
                            + o.side().label() + "'s option " + o.description());
                }
            }
        }

        public Listen(Side side) {
            this(side, java.util.List.of());
        }

        /** The setup's options of this side with this step's changes. */
        public dev.tcpspec.dsl.SocketOptions applyTo(dev.tcpspec.dsl.SocketOptions base) {
            dev.tcpspec.dsl.SocketOptions o = base;
            for (SetupStep.SocketOption change : options) o = change.change().apply(o);
            return o;
        }

        @Override
        public String describe() {
            return side.label() + ": bind() and listen() on its port again" + (options.isEmpty() ? ""
                    : ", with " + String.join(", ", options.stream().map(SetupStep.SocketOption::description)
                    .toList()));
        }
    }

    /**
     * Waits until an endpoint is observed in {@code state}, at most {@code waitUpTo}, letting time pass; the step
     * records how long it waited, or that the state never came. Needs the state to be observable.
     */
    record Await(Side side, int conn, dev.tcpspec.trace.TcpState state, ProfileDuration waitUpTo) implements Action {
        @Override
        public String describe() {
            return who(side, conn) + ": wait until in " + state + " (at most " + waitUpTo.describe() + ")";
        }

        @Override
        public Set<Capability> requires() {
            return Capability.toObserve(state);
        }
    }

    /**
     * A crafted segment arrives at the other end as if {@code side} had sent it on connection {@code conn}, {@code
     * times} times in a row; {@code side}'s own stack knows nothing of it.
     */
    record Inject(Side side, int conn, Crafted segment, int times) implements Action {
        public Inject {
            if (times < 1) throw new IllegalArgumentException("inject a segment at least once, not " + times + " times");
        }

        @Override
        public String describe() {
            return "inject " + segment.describe() + " as if from " + who(side, conn) + (times == 1 ? "" : ", " + times
                    + " times");
        }

        @Override
        public Set<Capability> requires() {
            return Set.of(Capability.SEGMENT_INJECTION, Capability.SEGMENT_OBSERVATION);
        }
    }

    /**
     * {@code side} opens {@code count} connections to the server, one every {@code interval}, without waiting for
     * earlier ones to finish; on each, {@code side} closes first as soon as it is established and the server reads
     * EOF and closes (the life of a short HTTP/1.0 request). Every connect() result is recorded.
     */
    /**
     * {@code count} connections opened one every {@code interval}, each closed first by {@code side}. With a
     * {@code exhaustBy}, the scenario holds only if the connections run out (a connect() fails) or are all opened
     * within that time: a stack too slow for it cannot carry the scenario out (on real time, TIME_WAIT frees ports as
     * fast as the stack opens them).
     *
     * @param exhaustBy null for no such bound
     */
    record Churn(Side side, ProfileCount count, ProfileDuration interval, ProfileDuration exhaustBy)
            implements Action {
        @Override
        public String describe() {
            return side.label() + ": opens " + count.describe() + " connections, one every " + interval.describe()
                    + ", each closed first by the " + side.label()
                    + (exhaustBy == null ? "" : ", all within " + exhaustBy.describe());
        }
    }

    /**
     * connect() from the local port of connection {@code samePortAs}, retried every {@code retryEvery} while the
     * 4-tuple is still taken (EADDRNOTAVAIL or EADDRINUSE, e.g. by TIME_WAIT), as a client bound to a fixed port
     * does; it gives up after {@code giveUpAfter}. The new connection gets the next number. Used to open a new
     * incarnation of a 4-tuple as soon as the stack allows it.
     */
    record ConnectWhenFree(Side side, int samePortAs, ProfileDuration retryEvery, ProfileDuration giveUpAfter)
            implements Action {
        @Override
        public String describe() {
            return side.label() + ": connect() from the local port of connection " + samePortAs
                    + " as soon as it is free (retrying every " + retryEvery.describe() + ")";
        }
    }

    /** accept() takes the next connection from the listener. */
    record Accept(Side side) implements Action {
        @Override
        public String describe() {
            return side.label() + ": accept()";
        }
    }

    /** Time passes with no application activity. */
    record Elapse(ProfileDuration duration) implements Action {
        @Override
        public String describe() {
            return duration.describe() + " passes";
        }
    }

    /** A second handle on the socket, as dup(2) or fork gives. */
    record Duplicate(Side side, int conn) implements Action {
        @Override
        public String describe() {
            return who(side, conn) + ": dup()";
        }

        @Override
        public Set<Capability> requires() {
            return Set.of(Capability.SHARED_HANDLES);
        }
    }

    /** The host loses every connection at once, without sending anything. */
    record Crash(Side side) implements Action {
        @Override
        public String describe() {
            return side.label() + " host crashes";
        }

        @Override
        public Set<Capability> requires() {
            return Set.of(Capability.HOST_CRASH);
        }
    }

    /** A crashed host comes back with no connections. */
    record Reboot(Side side) implements Action {
        @Override
        public String describe() {
            return side.label() + " host reboots";
        }

        @Override
        public Set<Capability> requires() {
            return Set.of(Capability.HOST_CRASH);
        }
    }

    private static String who(Side side, int conn) {
        return side.label() + (conn == 0 ? "" : " #" + conn);
    }
}
