package dev.tcpspec.sim;

import dev.tcpspec.run.SpecRunner;
import dev.tcpspec.dsl.Capabilities;
import dev.tcpspec.dsl.Capability;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.spi.HostContext;
import dev.tcpspec.spi.IoResult;
import dev.tcpspec.spi.SegmentConnection;
import dev.tcpspec.spi.SegmentHost;
import dev.tcpspec.spi.SegmentStack;
import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Segment;
import dev.tcpspec.trace.Side;
import dev.tcpspec.trace.TcpOptions;
import dev.tcpspec.trace.TcpState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static dev.tcpspec.dsl.Tcp.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hosting a user's segment-tier stack: what the placement is, and that whatever the stack does wrong (throws, answers
 * null, spins on the clock, reports no states) ends as an ERROR verdict that says what the stack did, within the run.
 * Stacks that work are exercised by the examples module (toytcp) against the whole catalog.
 */
class HostedStackTest {
    private static final Spec ORDERLY_CLOSE = spec("OC-7", "orderly close").given(established())
            .when(client().closes(), server().readsEof(), server().closes())
            .then(server().passesThrough(CLOSE_WAIT, LAST_ACK, CLOSED));

    /** A stack made of one kind of host. */
    private static SegmentStack stack(Function<HostContext, SegmentHost> hosts) {
        return new SegmentStack() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public SegmentHost newHost(HostContext context) {
                return hosts.apply(context);
            }

            @Override
            public Capabilities capabilities() {
                return Capabilities.all().without(Capability.CHOSEN_ISS, "fake picks its own ISN");
            }

            @Override
            public Profile defaultProfile() {
                return Profile.linux();
            }
        };
    }

    /** A host that listens, connects without ever hearing back, and otherwise does nothing. */
    private static class QuietHost implements SegmentHost {
        final HostContext context;
        final List<Segment> outbox = new ArrayList<>();

        QuietHost(HostContext context) {
            this.context = context;
        }

        @Override
        public void receive(Segment segment, long nowNanos) {
        }

        @Override
        public void wake(long nowNanos) {
        }

        @Override
        public List<Segment> pollOutgoing() {
            List<Segment> out = List.copyOf(outbox);
            outbox.clear();
            return out;
        }

        @Override
        public long nextWakeup() {
            return NEVER;
        }

        @Override
        public AppOutcome listen(int port, SocketOptions options) {
            return AppOutcome.OK;
        }

        @Override
        public AppOutcome closeListener(int port) {
            return AppOutcome.OK;
        }

        @Override
        public Opening connect(int remotePort, SocketOptions options) {
            SegmentConnection c = new Connection(40000, remotePort);
            outbox.add(new Segment(40000, remotePort, 1000, 0, Segment.SYN, 65535, Segment.NO_PAYLOAD,
                    TcpOptions.NONE));
            return Opening.started(c);
        }

        @Override
        public Optional<SegmentConnection> accept(int port) {
            return Optional.empty();
        }
    }

    /** A connection that never carries data. */
    private static class Connection implements SegmentConnection {
        private final int localPort;
        private final int remotePort;

        Connection(int localPort, int remotePort) {
            this.localPort = localPort;
            this.remotePort = remotePort;
        }

        @Override
        public int localPort() {
            return localPort;
        }

        @Override
        public int remotePort() {
            return remotePort;
        }

        @Override
        public IoResult write(byte[] data) {
            return IoResult.of(AppOutcome.NOT_CONNECTED);
        }

        @Override
        public IoResult read(int maxBytes) {
            return IoResult.of(AppOutcome.STILL_BLOCKED);
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

    private static SpecResult run(SegmentStack stack, Side role) {
        return SpecRunner.run(ORDERLY_CLOSE, Stacks.hosted(stack, role),
                RunOptions.defaults().withProfile(Profile.rfc9293()).withTimeout(Duration.ofSeconds(20)));
    }

    @Test
    void aPlacementIsNamedAfterTheStackAndItsRoleAndKeepsTheStacksClaims() {
        SegmentStack fake = stack(QuietHost::new);
        List<HostedStack> both = Stacks.hostedInEveryRole(fake);
        assertThat(both).extracting(HostedStack::name).containsExactly("fake as client", "fake as server");
        assertThat(both).extracting(HostedStack::role).containsExactly(Side.CLIENT, Side.SERVER);
        HostedStack client = both.get(0);
        assertThat(client.stack()).isSameAs(fake);
        assertThat(client.tolerance()).isZero();
        assertThat(client.defaultProfile().name()).isEqualTo("linux");
        assertThat(client.capabilities().whyMissing(Capability.CHOSEN_ISS)).contains("fake picks its own ISN");
        assertThat(client.capabilities().has(Capability.FAULT_INJECTION)).isTrue();
    }

    @Test
    void aStackThatCannotMakeAHostErrors() {
        SpecResult r = run(stack(c -> {
            throw new IllegalStateException("no memory for a host");
        }), Side.SERVER);
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.message()).isEqualTo("the fake as server adapter threw IllegalStateException: no memory for a host");
        assertThat(run(stack(c -> null), Side.CLIENT).message()).contains("the fake stack (client) newHost() returned null");
    }

    @Test
    void nullAnswersAreErrorsNamingTheMethod() {
        SpecResult r = run(stack(c -> new QuietHost(c) {
            @Override
            public List<Segment> pollOutgoing() {
                return null;
            }
        }), Side.CLIENT);
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.message()).contains("the fake stack (client) pollOutgoing() returned null (return an empty list)");
        SpecResult listen = run(stack(c -> new QuietHost(c) {
            @Override
            public AppOutcome listen(int port, SocketOptions options) {
                return null;
            }
        }), Side.SERVER);
        assertThat(listen.message()).contains("the fake stack (server) listen() returned null");
    }

    @Test
    void aHostThatAsksForThePresentForeverIsStopped() {
        SpecResult r = run(stack(c -> new QuietHost(c) {
            @Override
            public long nextWakeup() {
                return context.nowNanos();
            }
        }), Side.CLIENT);
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.message()).contains("asked to be woken more than 10000 times at t=0 s without letting time pass");
    }

    @Test
    void aStackThatReportsNoStatesIsToldWhatToReport() {
        SpecResult r = run(stack(QuietHost::new), Side.CLIENT);
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.message()).contains("the fake stack (client) reported no state for the connection connect() "
                + "opened, in 30 s of waiting: report every change");
    }

    @Test
    void aConnectionThatNeverCompletesLeavesConnectBlockedOnTheVirtualClock() {
        // the stack reports SYN_SENT but ignores the SYN,ACK: connect() blocks for its 30 s, then setup fails
        SpecResult r = run(stack(c -> new QuietHost(c) {
            @Override
            public Opening connect(int remotePort, SocketOptions options) {
                Opening o = super.connect(remotePort, options);
                context.stateChanged(o.connection(), TcpState.SYN_SENT, "connect()");
                return o;
            }
        }), Side.CLIENT);
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.message()).isEqualTo("setup failed: the client's connect() returned still blocked");
        assertThat(r.wallMillis()).isLessThan(20_000);
    }

    /**
     * A client that completes the handshake and then lingers in close() until {@code lingerUntil}: enough to see
     * tcpspec block the application on the stack's own schedule, polling {@code closeResult()}.
     */
    private static class LingeringClient extends QuietHost {
        final long lingerForNanos;
        final List<String> calls = new ArrayList<>();
        Connection connection;
        long lingerEnds = NEVER;

        LingeringClient(HostContext context, long lingerForNanos) {
            super(context);
            this.lingerForNanos = lingerForNanos;
        }

        @Override
        public Opening connect(int remotePort, SocketOptions options) {
            Opening o = super.connect(remotePort, options);
            connection = new Connection(40000, remotePort) {
                @Override
                public IoResult close() {
                    calls.add("close");
                    lingerEnds = context.nowNanos() + lingerForNanos;
                    return IoResult.of(AppOutcome.STILL_BLOCKED);
                }

                @Override
                public IoResult closeResult() {
                    calls.add("closeResult");
                    return IoResult.of(context.nowNanos() >= lingerEnds ? AppOutcome.OK : AppOutcome.STILL_BLOCKED);
                }
            };
            context.stateChanged(connection, TcpState.SYN_SENT, "connect()");
            return Opening.started(connection);
        }

        @Override
        public void receive(Segment s, long nowNanos) {
            if (s.syn() && s.hasAck()) {
                context.stateChanged(connection, TcpState.ESTABLISHED, "rcvd SYN,ACK");
                outbox.add(new Segment(40000, s.srcPort(), 1001, s.seq() + 1, Segment.ACK, 65535, Segment.NO_PAYLOAD,
                        TcpOptions.NONE));
            }
        }

        @Override
        public long nextWakeup() {
            return context.nowNanos() < lingerEnds ? lingerEnds : NEVER;
        }
    }

    @Test
    void aLingeringCloseBlocksAsLongAsTheStackSays() {
        List<LingeringClient> hosts = new ArrayList<>();
        SegmentStack lingering = stack(c -> {
            LingeringClient h = new LingeringClient(c, Duration.ofSeconds(3).toNanos());
            hosts.add(h);
            return h;
        });
        Spec blocks = spec("LG-3", "close() lingers").given(established())
                .when(client().closes())
                .then(client().close().blocksForAtLeast(seconds(3)))
                .and(client().close().returnsWithin(seconds(3)));
        SpecResult r = SpecRunner.run(blocks, Stacks.hosted(lingering, Side.CLIENT));
        assertThat(r.verdict()).as(r.explain()).isEqualTo(Verdict.PASS);
        assertThat(hosts.get(0).calls).startsWith("close", "closeResult").endsWith("closeResult");
    }

    @Test
    void theReferencePeerAnswersWhatTheStackSends() {
        // as server, the fake never answers: the reference client's SYN goes unanswered, so connect() times out
        SpecResult r = run(stack(QuietHost::new), Side.SERVER);
        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.message()).isEqualTo("setup failed: the client's connect() returned still blocked");
    }
}
