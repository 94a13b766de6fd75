package dev.tcpspec.dsl;

import dev.tcpspec.trace.Trace;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Several expectations that must all hold, judged in order: the first that fails explains the failure; if none fails
 * but one could not be judged, the whole is not observed. A spec judges the parts one by one
 * ({@link #judgedParts(Profile)}).
 */
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
    public Set<Capability> requires(Profile profile) {
        Set<Capability> all = EnumSet.noneOf(Capability.class);
        for (Expectation e : parts) all.addAll(e.requires(profile));
        return all;
    }

    @Override
    public List<Expectation> judgedParts(Profile profile) {
        List<Expectation> out = new ArrayList<>();
        for (Expectation e : parts) out.addAll(e.judgedParts(profile));
        return out;
    }

    @Override
    public Judgement judge(Trace trace, Timing timing) {
        StringBuilder seen = new StringBuilder();
        Judgement unobserved = null;
        for (Expectation e : parts) {
            Judgement j = e.judge(trace, timing);
            if (j.failed()) return j;
            if (j.notObserved()) {
                if (unobserved == null) unobserved = j;
                continue;
            }
            seen.append(seen.length() == 0 ? "" : "; ").append(j.observation());
        }
        return unobserved != null ? unobserved : Judgement.holds(seen.toString());
    }
}
