package dev.tcpspec.specs;

import dev.tcpspec.dsl.Spec;

import java.util.List;

import static dev.tcpspec.dsl.Tcp.*;

/** RULES.md §A: the handshake facts that teardown relies on. */
public final class HandshakeSpecs {
    private HandshakeSpecs() {
    }

    public static final Spec HS_1 =
            spec("HS-1", "SYN and FIN each take one sequence number: each is acknowledged at its sequence number plus one")
                    .source(rfc9293("3.4"))
                    .description("Checked on the wire over a whole connection: the SYN,ACK and the handshake's ACK "
                            + "acknowledge SYN.seq + 1, the first data byte is SYN.seq + 1, and each FIN is "
                            + "acknowledged at FIN.seq + LEN + 1. The ACK of the client's FIN may ride on the "
                            + "server's own FIN: Linux delays it (a FIN puts the receiver in delayed-ACK pingpong "
                            + "mode) and a close() within the delay sends FIN,ACK alone.")
                    .given(established())
                    .when(client().sends(100), server().reads(), client().shutsDownOutput(), server().readsEof(),
                            server().closes(), client().readsEof(), client().closes())
                    .then(wire().carries(synAck().from(server()).acking(syn().from(client()))))
                    .and(wire().carries(pureAck().from(client()).acking(synAck().from(server()))))
                    .and(wire().carries(data().from(client()).startingAfter(syn().from(client()))))
                    .and(wire().carries(anySegment().from(server()).acking(fin().from(client()))))
                    .and(wire().carries(pureAck().from(client()).acking(fin().from(server()))));

    public static final Spec HS_2 =
            spec("HS-2", "a segment for no connection draws a RST: connect() to a port where nothing listens is refused")
                    .source(rfc9293("3.10.7.1"), MEASURED)
                    .description("The SYN has no ACK bit, so the RST carries SEQ 0 and ACK = SEG.SEQ + 1; Java's "
                            + "connect() throws 'Connection refused'.")
                    .given(listening())
                    .when(client().connectsToAClosedPort())
                    .then(client().connect().fails(CONNECTION_REFUSED))
                    .and(wire().carries(rst().from(server()).acking(syn().from(client()))))
                    .and(client().passesThrough(SYN_SENT, CLOSED));

    public static final Spec HS_2_LISTENER =
            spec("HS-2.listener", "a stray ACK at a listening port draws a RST with SEQ = SEG.ACK, and the listener lives on")
                    .source(rfc9293("3.10.7.2"))
                    .given(listening())
                    .when(client().injects(ackSegment().toListener()), elapse(millis(10)), client().connects())
                    .then(wire().carries(rst().from(server()).onAnyConnection().inReplyTo(injected())
                            .withSeqFromAckOf(injected())))
                    .and(client().connect().succeeds());

    public static final Spec HS_3 =
            spec("HS-3", "closing a listener resets the connections it has not yet handed to accept()")
                    .source(rfc9293("3.10.4"), MEASURED)
                    .description("Measured on Linux: a client connected but not accepted reads 'Connection reset' "
                            + "once the server closes its ServerSocket.")
                    .faultSensitive("needs the connection fully established before the listener closes: a lost or "
                            + "late handshake segment leaves it half-open, which is HS-3.half-open's case")
                    .given(listening())
                    .when(client().connects(), elapse(millis(10)), server().closesListener(), client().reads())
                    .then(client().read().fails(CONNECTION_RESET))
                    .and(wire().carries(rst().from(server())))
                    .and(server().passesThrough(ESTABLISHED, CLOSED));

    public static final Spec HS_3_SYN_SENT =
            spec("HS-3.syn-sent", "close() in SYN_SENT deletes the connection and sends nothing, not even a RST")
                    .source(rfc9293("3.10.4"))
                    .description("The client's SYN is lost, so the connection is still in SYN_SENT when the "
                            + "application gives up; nothing more may be sent for it.")
                    .given(listening().with(wire().drops(first(SYN).from(client()))))
                    .when(client().connectsWithoutWaiting(), elapse(millis(10)), client().closes(),
                            elapse(seconds(10)))
                    .then(wire().carries(syn().from(client())).times(1))
                    .and(wire().carriesNo(rst().from(client())))
                    .and(client().passesThrough(SYN_SENT, CLOSED))
                    .and(wire().carriesNo(synAck().from(server()).onAnyConnection()));

    public static final Spec HS_4 =
            spec("HS-4", "in SYN_SENT a RST counts only if its ACK covers the SYN; then connect() is refused")
                    .source(rfc9293("3.10.7.3"))
                    .description("The client's SYN is lost, and so is its first retransmission: Linux (measured on "
                            + "the packet wire) retransmits the SYN within a few milliseconds of an unacceptable RST, "
                            + "in case an old connection's RST crossed it. A RST whose ACK lies beyond SND.NXT is "
                            + "dropped, never answered with a RST; one acknowledging exactly the SYN ends the "
                            + "connection attempt with 'Connection refused'.")
                    .given(listening().with(wire().drops(first(SYN).from(client())),
                            wire().drops(nth(2, SYN).from(client()))))
                    .when(client().connectsWithoutWaiting(), elapse(millis(10)),
                            server().injects(rstSegment().acking(1)), elapse(millis(10)),
                            server().injects(rstSegment().acking(0)), client().finishesConnect())
                    .then(client().connect().fails(CONNECTION_REFUSED))
                    .and(client().reaches(CLOSED).notBefore(millis(20)))
                    .and(wire().carriesNo(rst().from(client()).inReplyTo(injected())));

    public static final Spec HS_4_SYN_RECEIVED =
            spec("HS-4.syn-received", "a RST in SYN_RECEIVED sends a passive open back to LISTEN; the listener carries on")
                    .source(rfc9293("3.10.7.4"))
                    .description("The client's ACK of the SYN,ACK is lost, so the server's connection is half open; "
                            + "a RST at its RCV.NXT deletes it (the half-open connection goes, the listener stays in "
                            + "LISTEN; Linux drops the request), nothing answers the RST, no SYN,ACK is retransmitted, "
                            + "and the listener accepts the next connection.")
                    .faultSensitive("counts the SYN,ACKs of one half-open connection: a lost or late SYN or ACK "
                            + "makes more of them, or completes the handshake")
                    .given(listening().with(wire().drops(first(ACK).from(client()))))
                    .when(client().connects(), client().injects(rstSegment()), elapse(seconds(5)),
                            client().connects(), server().accepts())
                    .then(server().neverEnters(ESTABLISHED))
                    .and(wire().carries(synAck().from(server())).times(1))
                    .and(wire().carriesNo(anySegment().from(server()).onAnyConnection().inReplyTo(injected())))
                    .and(server().onConnection(1).enters(ESTABLISHED));

    public static final Spec HS_3_HALF_OPEN =
            spec("HS-3.half-open", "closing a listener also ends its half-open connections: a late ACK completes nothing")
                    .source(rfc9293("3.10.4"), linux("inet_connection_sock.c inet_csk_listen_stop"),
                            linux("tcp_ipv4.c tcp_v4_rcv TCP_NEW_SYN_RECV"))
                    .description("The client's ACK of the SYN,ACK is lost, so the server's connection is still in "
                            + "SYN_RECEIVED when the listener closes. The reference stack resets it at once; Linux "
                            + "drops the request and answers the client's next segment with a RST. Either way the "
                            + "client, which thinks itself connected, sees a reset (on the write or the read after "
                            + "it), and the server never reaches ESTABLISHED.")
                    .faultSensitive("needs the handshake's last ACK to be the one lost: a duplicated or "
                            + "retransmitted SYN,ACK draws another ACK that completes the connection, which is HS-3's "
                            + "case")
                    .given(listening().with(wire().drops(first(ACK).from(client()))))
                    .when(client().connects(), elapse(millis(10)), server().closesListener(), elapse(millis(10)),
                            client().sends(10), client().reads())
                    .then(client().anyCall().fails(CONNECTION_RESET))
                    .and(server().neverEnters(ESTABLISHED))
                    .and(wire().carries(rst().from(server())));

    public static final Spec HS_4_BOUNDS =
            spec("HS-4.bounds", "in SYN_SENT an ACK is acceptable only if ISS < SEG.ACK <= SND.NXT: both bounds hold")
                    .source(rfc9293("3.10.7.3"), linux("tcp_input.c tcp_rcv_synsent_state_process"))
                    .description("The server's host is gone, so only crafted segments reach the connecting client. A "
                            + "RST acknowledging exactly ISS is dropped (it cannot refuse the connect); a SYN,ACK "
                            + "acknowledging exactly ISS, and one acknowledging beyond SND.NXT, are answered with "
                            + "<SEQ=SEG.ACK><CTL=RST> and change nothing: the connect() is still under way. (Linux "
                            + "also retransmits its SYN at once after such a segment, which meets nobody here.)")
                    .given(listening())
                    .when(server().crashes(), client().connectsWithoutWaiting(),
                            server().injects(rstSegment().acking(-1)), server().injects(synSegment().acking(-1)),
                            server().injects(synSegment().acking(1)), elapse(millis(10)),
                            client().finishesConnect(millis(100)), client().closes())
                    .then(wire().carries(rst().from(client()).inReplyTo(injected()).withSeqFromAckOf(injected()))
                            .times(2))
                    .and(client().connect(2).returns(STILL_BLOCKED))
                    .and(client().neverEnters(ESTABLISHED))
                    .and(client().neverEnters(SYN_RECEIVED));

    public static List<Spec> all() {
        return List.of(HS_1, HS_2, HS_2_LISTENER, HS_3, HS_3_SYN_SENT, HS_3_HALF_OPEN, HS_4, HS_4_SYN_RECEIVED,
                HS_4_BOUNDS);
    }
}
