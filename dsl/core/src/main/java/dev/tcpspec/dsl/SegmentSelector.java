package dev.tcpspec.dsl;

import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;

/**
 * Which segment a planned fault hits: the n-th of a kind sent by one endpoint, counted over the whole run.
 *
 * <pre>{@code
 * wire().drops(first(ACK_OF_FIN).from(client()))
 * wire().duplicates(nth(2, DATA).from(server()))
 * }</pre>
 */
public final class SegmentSelector {
    private final SegmentKind kind;
    private final int occurrence;
    private final Side from;

    SegmentSelector(SegmentKind kind, int occurrence, Side from) {
        this.kind = kind;
        this.occurrence = occurrence;
        this.from = from;
    }

    /** Segments sent by {@code endpoint}'s host. */
    public SegmentSelector from(Endpoint endpoint) {
        return new SegmentSelector(kind, occurrence, endpoint.side());
    }

    SegmentKind kind() {
        return kind;
    }

    int occurrence() {
        return occurrence;
    }

    Side side() {
        if (from == null) {
            throw new IllegalStateException("say which endpoint sends the " + kind.label() + " segment: add .from(client()) or .from(server())");
        }
        return from;
    }
}
