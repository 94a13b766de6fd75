package dev.tcpspec.dsl;

import dev.tcpspec.trace.StateInterval;
import dev.tcpspec.trace.TcpState;
import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent.SegmentSent;

import java.util.List;
import java.util.Set;

/**
 * "An endpoint holds a state ...": not yet an expectation; say for how long.
 *
 * <pre>{@code
 * client().holds(TIME_WAIT).forAtLeast(twoMsl())
 * client().holds(TIME_WAIT).forAtMost(twoMsl().plusTolerance())
 * server().holds(CLOSE_WAIT).untilTheEnd()
 * client().holds(TIME_WAIT).countingFromLast(pureAck().from(client())).forAtLeast(twoMsl())
 * client().holds(TIME_WAIT).countingFrom(arrivalOf(injected())).forAtLeast(timeWait())
 * }</pre>
 */
public final class StateHold {
    private final Endpoint endpoint;
    private final TcpState state;
    private final SegmentPattern anchor;
    private final Anchor from;
    private final SegmentPattern arrivals;
    private final boolean unlessReset;

    StateHold(Endpoint endpoint, TcpState state, SegmentPattern anchor) {
        this(endpoint, state, anchor, null, null, false);
    }

    private StateHold(Endpoint endpoint, TcpState state, SegmentPattern anchor, Anchor from, SegmentPattern arrivals,
                      boolean unlessReset) {
        this.endpoint = endpoint;
        this.state = state;
        this.anchor = anchor;
        this.from = from;
        this.arrivals = arrivals;
        this.unlessReset = unlessReset;
    }

    /**
     * Measure the time in the state from the last arrival, while in it, of a segment matching {@code pattern} (a
     * timer the arrival restarts: a retransmitted FIN in TIME_WAIT), instead of from entering the state, e.g.
     * {@code client().holds(TIME_WAIT).countingFromLastArrivalOf(fin().from(server())).forAtLeast(twoMsl())}. On a
     * stack that observes no segments (a kernel without capture) the time counts from entering the state, as a
     * fault-free run restarts nothing, and the observation says that no restart could be seen.
     */
    public StateHold countingFromLastArrivalOf(SegmentPattern pattern) {
        if (pattern == null) throw new IllegalArgumentException("countingFromLastArrivalOf(null): say which segments");
        return new StateHold(endpoint, state, anchor, from, pattern, unlessReset);
    }

    /**
     * For {@code forAtLeast}: if a RST arriving at the endpoint ends the state early (TIME_WAIT assassination, RFC
     * 1337, which RFC 9293 allows), the length was not put to the test: the expectation is not observed for that run
     * instead of failed. For specs where a fault may bring such a RST about (a duplicated final ACK meets the closed
     * peer, which resets), not for specs about RST handling itself.
     */
    public StateHold unlessEndedByRst() {
        return new StateHold(endpoint, state, anchor, from, arrivals, true);
    }

    /**
     * Measure the time in the state from the last segment matching {@code pattern} sent while in it (a timer
     * restart), instead of from entering the state.
     */
    public StateHold countingFromLast(SegmentPattern pattern) {
        return new StateHold(endpoint, state, pattern, from, arrivals, unlessReset);
    }

    /**
     * Measure the time in the state from {@code moment} (if it falls while the state is held; otherwise from
     * entering it), e.g. {@code countingFrom(arrivalOf(injected()))} for a timer an arriving segment restarts.
     */
    public StateHold countingFrom(Anchor moment) {
        if (moment == null) throw new IllegalArgumentException("countingFrom(null): name the moment to count from");
        return new StateHold(endpoint, state, anchor, moment, arrivals, unlessReset);
    }

    /** The state is held, without leaving, for at least {@code d}. */
    public Expectation forAtLeast(ProfileDuration d) {
        return new Held(this, d, true);
    }

    /** The state is left within {@code d} of entering it (or of the anchor). */
    public Expectation forAtMost(ProfileDuration d) {
        return new Held(this, d, false);
    }

    /** The state is entered and still held when observation ends. */
    public Expectation untilTheEnd() {
        return new UntilEnd(this);
    }

    private String subject() {
        return endpoint + " holds " + state;
    }

    /** The first interval in the state, or null. */
    private StateInterval firstInterval(Trace trace) {
        for (StateInterval i : trace.intervals(endpoint.side(), endpoint.connection())) {
            if (i.state() == state) return i;
        }
        return null;
    }

    private record Held(StateHold hold, ProfileDuration bound, boolean atLeast) implements Expectation {
        @Override
        public String describe() {
            return hold.subject() + (atLeast ? " for at least " : " for at most ") + bound.describe() + anchorText();
        }

        @Override
        public String describe(Timing timing) {
            return hold.subject() + (atLeast ? " for at least " : " for at most ") + bound.describe(timing)
                    + anchorText();
        }

        private String anchorText() {
            return (hold.anchor == null ? "" : ", counting from the last " + hold.anchor.describe())
                    + (hold.from == null ? "" : ", counting from when " + hold.from.describe())
                    + (hold.arrivals == null ? "" : ", counting from the last " + hold.arrivals.describe()
                    + " to arrive in it")
                    + (hold.unlessReset && atLeast ? ", unless a RST ends it" : "");
        }

        @Override
        public Set<Capability> requires() {
            Set<Capability> states = Capability.toObserve(hold.state);
            if (hold.anchor == null && hold.from == null && hold.arrivals == null && !hold.unlessReset) return states;
            Set<Capability> all = new java.util.HashSet<>(states);
            // arrivals and resets are looked for in the segments when there are any: a stack that cannot capture
            // is judged from entering the state (see judge)
            if (hold.anchor != null) all.add(Capability.SEGMENT_OBSERVATION);
            if (hold.from != null) all.addAll(hold.from.requires());
            return Set.copyOf(all);
        }

        @Override
        public Judgement judge(Trace trace, Timing timing) {
            long limit = bound.resolve(timing).toNanos();
            StateInterval i = hold.firstInterval(trace);
            if (i == null) {
                return Judgement.fails(hold.endpoint + " never entered " + hold.state + "; "
                        + Observed.path(trace, hold.endpoint.side(), hold.endpoint.connection()));
            }
            long from = i.startNanos();
            String fromText = "entering it " + Observed.at(i.startNanos());
            if (hold.anchor != null) {
                List<SegmentSent> marks = hold.anchor.select(trace);
                for (SegmentSent s : marks) {
                    if (s.nanos() >= i.startNanos() && s.nanos() <= i.endNanos()) {
                        from = s.nanos();
                        fromText = "the last " + hold.anchor.describe() + " " + Observed.at(s.nanos());
                    }
                }
            }
            boolean segmentsSeen = !trace.segments().isEmpty() || !trace.injected().isEmpty();
            if ((hold.arrivals != null || hold.unlessReset) && !segmentsSeen) {
                // no segment observed (no capture): no arrival can restart the count and no RST be told apart, which
                // is what a fault-free run shows; the length counts from entering the state, and the sentence says so
                fromText = "entering it " + Observed.at(i.startNanos()) + " (no segment observed, so no restart or "
                        + "RST could be seen)";
            }
            if (hold.arrivals != null && segmentsSeen) {
                java.util.Map<Integer, dev.tcpspec.trace.Side> senders = new java.util.HashMap<>();
                for (SegmentSent s : hold.arrivals.select(trace)) senders.put(s.id(), s.from());
                for (dev.tcpspec.trace.TraceEvent e : trace.events()) {
                    if (e instanceof dev.tcpspec.trace.TraceEvent.Delivery d && d.to() == hold.endpoint.side()
                            && senders.containsKey(d.id()) && senders.get(d.id()) != d.to()
                            && d.nanos() >= i.startNanos() && d.nanos() <= i.endNanos() && d.nanos() > from) {
                        from = d.nanos();
                        fromText = "the last " + hold.arrivals.describe() + " arrived in it " + Observed.at(from);
                    }
                }
            }
            if (hold.unlessReset && atLeast && !i.open() && segmentsSeen) {
                Long reset = resetArrivingAt(trace, hold.endpoint.side(), i.endNanos());
                if (reset != null) {
                    return Judgement.notObserved("a RST reached " + hold.endpoint + " and ended " + hold.state + " "
                            + Observed.at(reset) + ", " + Trace.human(reset - from) + " after " + fromText
                            + " (TIME_WAIT assassination, RFC 1337): its full length was not put to the test");
                }
            }
            if (hold.from != null) {
                Long moment = hold.from.find(trace);
                if (moment == null) return Judgement.notObserved(hold.from.missing());
                if (moment > from && moment <= i.endNanos()) {
                    from = moment;
                    fromText = "when " + hold.from.describe() + " " + Observed.at(moment);
                }
            }
            Observed.Projection projected = Observed.projectedExit(trace, hold.endpoint.side(),
                    hold.endpoint.connection(), i);
            if (projected != null) {
                long until = projected.exitNanos() - from;
                String how = hold.endpoint + " was still in " + hold.state + " when observation ended; "
                        + projected.describe() + ", " + Trace.human(until) + " after " + fromText;
                if (atLeast) {
                    long most = projected.latest() - from;
                    return most >= limit ? Judgement.holds(how)
                            : Judgement.fails(how + ", " + Trace.human(limit - most) + " too soon");
                }
                long least = projected.earliest() - from;
                return least <= limit ? Judgement.holds(how)
                        : Judgement.fails(how + ", " + Trace.human(least - limit) + " too late");
            }
            long held = i.endNanos() - from;
            String how = i.open()
                    ? hold.endpoint + " was still in " + hold.state + " when observation ended, " + Trace.human(held)
                    + " after " + fromText
                    : hold.endpoint + " left " + hold.state + " for " + i.leftFor() + " (" + i.leftBecause() + ") "
                    + Trace.human(held) + " after " + fromText;
            if (atLeast) {
                if (held >= limit) return Judgement.holds(how);
                if (i.open()) return Judgement.fails(how + ": observation ended too early to tell");
                return Judgement.fails(how + ", " + Trace.human(limit - held) + " too soon");
            }
            if (i.open()) return Judgement.fails(how + "; expected it to leave within " + Trace.human(limit));
            return held <= limit ? Judgement.holds(how)
                    : Judgement.fails(how + ", " + Trace.human(held - limit) + " too late");
        }
    }

    /** When a RST (sent or injected) arrived at {@code side} at exactly {@code nanos}, or null. */
    private static Long resetArrivingAt(Trace trace, dev.tcpspec.trace.Side side, long nanos) {
        java.util.Set<Integer> rsts = new java.util.HashSet<>();
        for (dev.tcpspec.trace.TraceEvent e : trace.events()) {
            if (e instanceof SegmentSent s && s.segment().rst()) rsts.add(s.id());
            if (e instanceof dev.tcpspec.trace.TraceEvent.SegmentInjected s && s.segment().rst()) rsts.add(s.id());
            if (e instanceof dev.tcpspec.trace.TraceEvent.Delivery d && d.to() == side && d.nanos() == nanos
                    && rsts.contains(d.id())) {
                return nanos;
            }
        }
        return null;
    }

    private record UntilEnd(StateHold hold) implements Expectation {
        @Override
        public String describe() {
            return hold.subject() + " until observation ends";
        }

        @Override
        public Set<Capability> requires() {
            return Capability.toObserve(hold.state);
        }

        @Override
        public Judgement judge(Trace trace, Timing timing) {
            StateInterval i = hold.firstInterval(trace);
            if (i == null) {
                return Judgement.fails(hold.endpoint + " never entered " + hold.state + "; "
                        + Observed.path(trace, hold.endpoint.side(), hold.endpoint.connection()));
            }
            if (i.open()) {
                return Judgement.holds(hold.endpoint + " entered " + hold.state + " " + Observed.at(i.startNanos())
                        + " and was still there " + Trace.human(i.durationNanos()) + " later, when observation ended");
            }
            return Judgement.fails(hold.endpoint + " left " + hold.state + " for " + i.leftFor() + " ("
                    + i.leftBecause() + ") " + Trace.human(i.durationNanos()) + " after entering it "
                    + Observed.at(i.startNanos()));
        }
    }
}
