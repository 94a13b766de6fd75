package dev.tcpspec.dsl;

import dev.tcpspec.trace.AppCall;
import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent.AppResult;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Set;

/**
 * Every byte the peer's application wrote reaches this endpoint's application exactly once, in order, and only then
 * does a read return EOF.
 */
record DataDelivery(Endpoint endpoint) implements Expectation {
    @Override
    public String describe() {
        return endpoint + " reads every byte " + endpoint.peer() + " wrote, in order, then EOF";
    }

    @Override
    public Set<Capability> requires() {
        return Set.of();
    }

    @Override
    public Judgement judge(Trace trace, Timing timing) {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        for (AppResult r : trace.appResults(endpoint.side().peer())) {
            if (r.conn() == endpoint.connection() && r.call() == AppCall.WRITE && r.outcome().queuedData()) {
                written.write(r.data(), 0, r.data().length);
            }
        }
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        AppResult end = null;
        for (AppResult r : trace.appResults(endpoint.side())) {
            if (r.conn() != endpoint.connection() || r.call() != AppCall.READ) continue;
            if (r.outcome() == AppOutcome.DATA) {
                if (end != null) {
                    return Judgement.fails(endpoint + " read " + r.bytes() + " bytes " + Observed.at(r.nanos())
                            + " after a read had already returned " + end.outcome().text());
                }
                read.write(r.data(), 0, r.data().length);
            } else if (end == null) {
                end = r;
            }
        }
        byte[] w = written.toByteArray();
        byte[] got = read.toByteArray();
        int mismatch = Arrays.mismatch(w, got);
        String counts = endpoint.peer() + " wrote " + w.length + " bytes, " + endpoint + " read " + got.length;
        if (mismatch >= 0) {
            String where = mismatch >= Math.min(w.length, got.length) ? "" : ", first difference at byte " + mismatch;
            return Judgement.fails(counts + where);
        }
        if (end == null) return Judgement.fails(counts + ", and no read returned EOF");
        if (end.outcome() != AppOutcome.EOF) {
            return Judgement.fails(counts + ", then a read returned " + end.outcome().text() + " instead of EOF");
        }
        return Judgement.holds(counts + ", then EOF " + Observed.at(end.nanos()));
    }
}
