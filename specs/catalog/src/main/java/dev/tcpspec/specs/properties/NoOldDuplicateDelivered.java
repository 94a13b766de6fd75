package dev.tcpspec.specs.properties;

import dev.tcpspec.dsl.Capability;
import dev.tcpspec.dsl.Endpoint;
import dev.tcpspec.dsl.Expectation;
import dev.tcpspec.dsl.Judgement;
import dev.tcpspec.dsl.Timing;
import dev.tcpspec.trace.AppCall;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent.AppResult;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * With TIME_WAIT honoured by {@code closer} (the active closer of the earlier incarnation), the reader's application
 * on a new incarnation of the 4-tuple reads only bytes its peer wrote on that incarnation: no byte of an earlier one
 * (an old duplicate) ever reaches it. When it does, the message says which bytes came from which earlier connection.
 * If a RST cut the closer's TIME_WAIT short (TIME_WAIT assassination, RFC 1337), TIME_WAIT was not honoured and the
 * run says nothing about this property; the judgement notes it and holds.
 */
record NoOldDuplicateDelivered(Endpoint reader, Endpoint closer) implements Expectation {
    @Override
    public String describe() {
        return "with TIME_WAIT honoured by " + closer + ", " + reader + " reads only bytes " + reader.peer()
                + " wrote on that connection, none from an earlier incarnation";
    }

    @Override
    public Set<Capability> requires() {
        return Set.of(Capability.STATE_OBSERVATION, Capability.SEGMENT_OBSERVATION);
    }

    @Override
    public Judgement judge(Trace trace, Timing timing) {
        byte[] written = bytes(trace, reader.peer(), reader.connection(), AppCall.WRITE, AppOutcome.OK);
        byte[] read = bytes(trace, reader, reader.connection(), AppCall.READ, AppOutcome.DATA);
        boolean anyRead = trace.appResults(reader.side()).stream()
                .anyMatch(r -> r.conn() == reader.connection() && r.call() == AppCall.READ);
        if (!anyRead) {
            return Judgement.fails(reader + " never read: the new incarnation did not come about, so nothing was shown");
        }
        Long assassinated = new Arrivals(trace).timeWaitAssassinatedAt(closer.side(), closer.connection());
        if (assassinated != null) {
            return Judgement.notObserved("a RST ended " + closer + "'s TIME_WAIT at t=" + Trace.human(assassinated)
                    + " (TIME_WAIT assassination, RFC 1337): TIME_WAIT was not honoured, so this run does not bear on"
                    + " the property");
        }
        int n = Math.min(written.length, read.length);
        int mismatch = -1;
        for (int i = 0; i < n && mismatch < 0; i++) {
            if (written[i] != read[i]) mismatch = i;
        }
        if (mismatch < 0 && read.length <= written.length) {
            return Judgement.holds(reader + " read " + read.length + " bytes, all written by " + reader.peer()
                    + " on that connection (" + written.length + " written)");
        }
        int from = mismatch < 0 ? written.length : mismatch;
        String foreign = new String(read, from, Math.min(read.length - from, 24), StandardCharsets.ISO_8859_1);
        StringBuilder origin = new StringBuilder();
        for (int c = 0; c < reader.connection(); c++) {
            byte[] old = bytes(trace, reader.peer(), c, AppCall.WRITE, AppOutcome.OK);
            if (contains(old, read, from, Math.min(read.length - from, 16))) {
                origin.append(": they are bytes ").append(reader.peer().side().label()).append(" wrote on connection ")
                        .append(c).append(", an earlier incarnation (an old duplicate was delivered)");
                break;
            }
        }
        return Judgement.fails(reader + " read " + read.length + " bytes but " + reader.peer() + " wrote "
                + written.length + " on that connection; from byte " + from + " on it read \"" + printable(foreign)
                + "\"" + origin);
    }

    private static byte[] bytes(Trace trace, Endpoint who, int conn, AppCall call, AppOutcome outcome) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (AppResult r : trace.appResults(who.side())) {
            if (r.conn() == conn && r.call() == call
                    && (r.outcome() == outcome || (outcome == AppOutcome.OK && r.outcome().queuedData()))) out.write(r.data(), 0, r.data().length);
        }
        return out.toByteArray();
    }

    private static boolean contains(byte[] hay, byte[] src, int off, int len) {
        outer:
        for (int i = 0; i + len <= hay.length; i++) {
            for (int j = 0; j < len; j++) {
                if (hay[i + j] != src[off + j]) continue outer;
            }
            return len > 0;
        }
        return false;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) sb.append(c >= 32 && c < 127 ? c : '.');
        return sb.toString();
    }
}
