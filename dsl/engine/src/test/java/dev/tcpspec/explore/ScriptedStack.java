package dev.tcpspec.explore;

import dev.tcpspec.dsl.Capabilities;
import dev.tcpspec.spi.IoResult;
import dev.tcpspec.spi.ListenResult;
import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.spi.SocketResult;
import dev.tcpspec.spi.StackAdapter;
import dev.tcpspec.spi.StackSession;
import dev.tcpspec.spi.TcpListener;
import dev.tcpspec.spi.TcpSocket;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Fate;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpOptions;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.TraceEvent;
import dev.tcpspec.trace.TraceRecorder;
import dev.tcpspec.wire.FaultAction;
import dev.tcpspec.wire.FaultInjector;

import java.time.Duration;

/**
 * A tiny stand-in stack for testing the engine without the reference stack: connect() plays a handshake on a wire
 * that obeys the fault schedule. A lost SYN is retransmitted once; if the retransmission is lost too, the client never
 * becomes ESTABLISHED. A held-back segment makes the session hang (to test the watchdog) when {@code hangs} is set.
 */
final class ScriptedStack implements StackAdapter {
    private final Capabilities capabilities;
    private final boolean hangs;

    ScriptedStack(Capabilities capabilities, boolean hangs) {
        this.capabilities = capabilities;
        this.hangs = hangs;
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public Duration tolerance() {
        return Duration.ZERO;
    }

    @Override
    public StackSession open(SessionSettings settings) {
        return new Session(settings);
    }

    private final class Session implements StackSession {
        private final TraceRecorder rec;
        private final FaultInjector wire;
        private long now;

        Session(SessionSettings settings) {
            this.rec = settings.recorder();
            this.wire = new FaultInjector(settings.faults());
        }

        /** Sends a segment; returns whether it arrives. */
        private boolean send(Side from, SegmentKind kind, int flags) {
            FaultAction a = wire.actionFor(from, kind);
            Fate fate = a == null ? Fate.DELIVERED : switch (a.type()) {
                case DROP -> Fate.DROPPED;
                case DUPLICATE -> Fate.DUPLICATED;
                case DELAY -> Fate.DELAYED;
                case HOLD_BACK -> Fate.REORDERED;
            };
            if (fate == Fate.REORDERED && hangs) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int id = rec.nextSegmentId();
            Segment s = new Segment(from == Side.CLIENT ? 40000 : 80, from == Side.CLIENT ? 80 : 40000, 1, 1, flags,
                    65535, Segment.NO_PAYLOAD, TcpOptions.NONE);
            rec.record(new TraceEvent.SegmentSent(now, id, from, 0, s, kind, fate));
            now += 1_000_000;
            if (fate == Fate.DROPPED) return false;
            rec.record(new TraceEvent.Delivery(now, id, from.peer()));
            return true;
        }

        private void state(Side side, TcpState from, TcpState to) {
            rec.record(new TraceEvent.StateChange(now, side, 0, from, to, "scripted"));
        }

        @Override
        public long nowNanos() {
            return now;
        }

        @Override
        public String address(Side side) {
            return side == Side.CLIENT ? "10.0.0.1" : "10.0.0.2";
        }

        @Override
        public ListenResult listen(Side side, int port, SocketOptions options) {
            return ListenResult.ok(new TcpListener() {
                @Override
                public int port() {
                    return 80;
                }

                @Override
                public SocketResult accept(Duration timeout) {
                    return SocketResult.ok(new Socket(), 0);
                }

                @Override
                public IoResult close() {
                    return IoResult.of(AppOutcome.OK);
                }
            });
        }

        @Override
        public SocketResult connect(Side side, SocketOptions options, int remotePort, Duration timeout) {
            state(Side.CLIENT, TcpState.CLOSED, TcpState.SYN_SENT);
            boolean arrived = send(Side.CLIENT, SegmentKind.SYN, Segment.SYN);
            if (!arrived) {
                now += 1_000_000_000L;
                arrived = send(Side.CLIENT, SegmentKind.SYN, Segment.SYN); // one retransmission, no more
            }
            if (arrived) {
                state(Side.SERVER, TcpState.LISTEN, TcpState.SYN_RECEIVED);
                send(Side.SERVER, SegmentKind.SYN_ACK, Segment.SYN | Segment.ACK);
                state(Side.CLIENT, TcpState.SYN_SENT, TcpState.ESTABLISHED);
                send(Side.CLIENT, SegmentKind.ACK, Segment.ACK);
                state(Side.SERVER, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED);
            }
            return SocketResult.ok(new Socket(), 0);
        }

        @Override
        public void elapse(Duration d) {
            now += d.toNanos();
        }

        @Override
        public void finish(Duration horizon) {
        }

        @Override
        public void close() {
        }
    }

    private static final class Socket implements TcpSocket {
        @Override
        public int connection() {
            return 0;
        }

        @Override
        public int localPort() {
            return 40000;
        }

        @Override
        public int remotePort() {
            return 80;
        }

        @Override
        public IoResult write(byte[] data) {
            return IoResult.written(data.length, 0);
        }

        @Override
        public IoResult read(int maxBytes, Duration timeout) {
            return IoResult.of(AppOutcome.EOF);
        }

        @Override
        public IoResult close() {
            return IoResult.of(AppOutcome.OK);
        }

        @Override
        public IoResult shutdownOutput() {
            return IoResult.of(AppOutcome.OK);
        }

        @Override
        public IoResult shutdownInput() {
            return IoResult.of(AppOutcome.OK);
        }
    }
}
