package dev.tcpspec.dsl;

import dev.tcpspec.trace.Trace;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Several expectations that must all hold, judged in order; the first that fails explains the failure. */
record AllOf(List<Expectation> parts) implements Expectation {
    static Expectation of(Expectation... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("at least one expectation is needed");
        return parts.length == 1 ? parts[0] : new AllOf(List.of(parts));
    }

    @Override
    public String describe() {
        return String.join(", and ", parts.stream().map(Expectation::describe).toList());
    }

    @Override
    public String describe(Timing timing) {
        return String.join(", and ", parts.stream().map(e -> e.describe(timing)).toList());
    }

    @Override
    public Set<Capability> requires() {
        Set<Capability> all = EnumSet.noneOf(Capability.class);
        for (Expectation e : parts) all.addAll(e.requires());
        return all;
    }

    @Override
    public Judgement judge(Trace trace, Timing timing) {
        StringBuilder seen = new StringBuilder();
        for (Expectation e : parts) {
            Judgement j = e.judge(trace, timing);
            if (!j.holds()) return j;
            seen.append(seen.length() == 0 ? "" : "; ").append(j.observation());
        }
        return Judgement.holds(seen.toString());
    }
}
