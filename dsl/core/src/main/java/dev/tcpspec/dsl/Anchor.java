package dev.tcpspec.dsl;

import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A moment of a run that a timing expectation counts from: when the steps began (the default), when the n-th step
 * began, when an application call returned, or when a segment arrived. Found on the trace; an anchor the trace does
 * not show leaves the expectation not observed (with the reason), never passed.
 *
 * <pre>{@code
 * client().reaches(CLOSED).within(finTimeout().plusTolerance()).countedFrom(returnOf(client().close()))
 * server().reaches(CLOSE_WAIT).notBefore(millis(100)).countedFrom(step(2))
 * client().holds(TIME_WAIT).countingFrom(arrivalOf(injected())).forAtLeast(timeWait())
 * wire().carries(syn().from(client())).firstWithin(seconds(1)).countedFrom(step(3))
 * }</pre>
 */
public final class Anchor {
    private final String description;
    private final Function<Trace, Long> finder;
    private final Set<Capability> requires;

    private Anchor(String description, Set<Capability> requires, Function<Trace, Long> finder) {
        this.description = description;
        this.requires = requires;
        this.finder = finder;
    }

    /** When the scenario's first step began (0 for a spec without steps): what timings count from by default. */
    public static Anchor stepsBegin() {
        return new Anchor("the steps began", Set.of(), Observed::stepsStart);
    }

    /** When the {@code n}-th step of the scenario began, counting from 1. */
    public static Anchor step(int n) {
        if (n < 1) throw new IllegalArgumentException("steps are counted from 1, not " + n);
        return new Anchor("step " + n + " began", Set.of(), trace -> {
            int seen = 0;
            for (TraceEvent e : trace.events()) {
                if (e instanceof TraceEvent.Action a && ++seen == n) return a.nanos();
            }
            return null;
        });
    }

    /** When the first call {@code calls} selects returned (e.g. {@code returnOf(client().close())}). */
    public static Anchor returnOf(AppCallCheck calls) {
        return new Anchor(calls.subjectText() + " returned", Set.of(), trace -> {
            List<TraceEvent.AppResult> r = calls.callsIn(trace);
            return r.isEmpty() ? null : r.get(0).nanos();
        });
    }

    /** When the first segment matching {@code pattern} arrived at its receiver. */
    public static Anchor arrivalOf(SegmentPattern pattern) {
        return new Anchor("the first " + pattern.describe() + " arrived", Set.of(Capability.SEGMENT_OBSERVATION),
                trace -> {
                    Map<Integer, dev.tcpspec.trace.Side> senders = new HashMap<>();
                    for (TraceEvent.SegmentSent s : pattern.select(trace)) senders.put(s.id(), s.from());
                    for (TraceEvent e : trace.events()) {
                        if (e instanceof TraceEvent.Delivery d && senders.containsKey(d.id())
                                && senders.get(d.id()) != d.to()) {
                            return d.nanos();
                        }
                    }
                    return null;
                });
    }

    /** The moment in {@code trace}, in nanoseconds since the run began, or null if the trace does not show it. */
    public Long find(Trace trace) {
        return finder.apply(trace);
    }

    /** What finding this anchor needs beyond what the expectation needs anyway. */
    Set<Capability> requires() {
        return requires;
    }

    /** E.g. {@code step 3 began}, {@code a close() by client returned}. */
    public String describe() {
        return description;
    }

    boolean isStepsBegin() {
        return description.equals("the steps began");
    }

    /** The sentence for a failure when the trace does not show this anchor. */
    String missing() {
        return "the trace does not show when " + description + ", the moment the timing counts from";
    }

    @Override
    public String toString() {
        return description;
    }
}
