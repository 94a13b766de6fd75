package dev.tcpspec.specs;

import dev.tcpspec.dsl.Capability;
import dev.tcpspec.dsl.EndpointRef;
import dev.tcpspec.dsl.Expectation;
import dev.tcpspec.dsl.Judgement;
import dev.tcpspec.dsl.Timing;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;

import java.util.Set;

/**
 * An expectation about ports pinned by TIME_WAIT (TW-10) that is put to the test only while every TIME_WAIT of
 * {@code client} holds its port: when a RST ended one early (a late retransmitted FIN re-ACKed in TIME_WAIT and
 * answered by a RST from a peer that had already closed, which a profile without RFC 1337 lets kill the TIME_WAIT),
 * a port was free again, so the exhaustion the rule is about never happened and nothing is judged, either way.
 *
 * <pre>{@code
 * .then(new WhileTimeWaitsPinPorts(client(), client().connect().firstFailureAfter(ephemeralPortCount(), ...)))
 * }</pre>
 */
record WhileTimeWaitsPinPorts(EndpointRef client, Expectation inner) implements Expectation {
    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public String describe(Timing timing) {
        return inner.describe(timing);
    }

    @Override
    public Set<Capability> requires() {
        return inner.requires();
    }

    @Override
    public Judgement judge(Trace trace, Timing timing) {
        for (TraceEvent e : trace.events()) {
            if (e instanceof TraceEvent.StateChange s && s.side() == client.side() && s.from() == TcpState.TIME_WAIT
                    && s.cause().contains("RST")) {
                return Judgement.notObserved(client + " #" + s.conn() + " left TIME_WAIT at t=" + Trace.human(s.nanos())
                        + " (" + s.cause() + "), so a port was free again before the range ran out: the exhaustion "
                        + "was not put to the test");
            }
        }
        return inner.judge(trace, timing);
    }
}
