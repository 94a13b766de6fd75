package dev.tcpspec.dsl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** The unfinished spec behind the step interfaces; each method returns a new draft. */
record SpecDraft(String id, String title, String description, List<Source> sources, Strength strength,
                 Set<Capability> declared, List<Spec.ProfileCondition> conditions, Setup setup, List<Action> steps,
                 String faultSensitivity)
        implements SpecStart, GivenStep, WhenStep {

    static SpecDraft start(String id, String title) {
        if (id == null || !id.matches("[A-Z][A-Z0-9]*-[A-Za-z0-9.-]+")) {
            throw new IllegalArgumentException("spec id '" + id + "' is not of the form FAMILY-N, e.g. TW-2");
        }
        if (title == null || title.isBlank()) throw new IllegalArgumentException("spec " + id + " needs a title");
        return new SpecDraft(id, title, "", List.of(), Strength.MUST, EnumSet.noneOf(Capability.class), List.of(),
                null, List.of(), null);
    }

    @Override
    public SpecStart source(Source... more) {
        List<Source> all = new ArrayList<>(sources);
        all.addAll(Arrays.asList(more));
        return new SpecDraft(id, title, description, all, strength, declared, conditions, setup, steps, faultSensitivity);
    }

    @Override
    public SpecStart strength(Strength s) {
        return new SpecDraft(id, title, description, sources, s, declared, conditions, setup, steps, faultSensitivity);
    }

    @Override
    public SpecStart description(String text) {
        return new SpecDraft(id, title, text, sources, strength, declared, conditions, setup, steps, faultSensitivity);
    }

    @Override
    public SpecStart requires(Capability... capabilities) {
        Set<Capability> all = EnumSet.noneOf(Capability.class);
        all.addAll(declared);
        all.addAll(Arrays.asList(capabilities));
        return new SpecDraft(id, title, description, sources, strength, all, conditions, setup, steps, faultSensitivity);
    }

    @Override
    public SpecStart onlyWhere(Predicate<Profile> applies, String reasonOtherwise) {
        List<Spec.ProfileCondition> all = new ArrayList<>(conditions);
        all.add(new Spec.ProfileCondition(applies, reasonOtherwise));
        return new SpecDraft(id, title, description, sources, strength, declared, all, setup, steps, faultSensitivity);
    }

    @Override
    public SpecStart faultSensitive(String why) {
        if (why == null || why.isBlank()) {
            throw new IllegalArgumentException("spec " + id + ": say why it is fault-sensitive");
        }
        return new SpecDraft(id, title, description, sources, strength, declared, conditions, setup, steps, why);
    }

    @Override
    public GivenStep given(Setup s) {
        if (s == null) throw new IllegalArgumentException("spec " + id + ": given(null); use established() or listening()");
        return new SpecDraft(id, title, description, sources, strength, declared, conditions, s, steps, faultSensitivity);
    }

    @Override
    public WhenStep when(Action... actions) {
        return andThen(actions);
    }

    @Override
    public WhenStep andThen(Action... actions) {
        List<Action> all = new ArrayList<>(steps);
        for (Action a : actions) {
            if (a == null) throw new IllegalArgumentException("spec " + id + ": step " + (all.size() + 1) + " is null");
            all.add(a);
        }
        return new SpecDraft(id, title, description, sources, strength, declared, conditions, setup, all, faultSensitivity);
    }

    @Override
    public Spec then(Expectation expectation) {
        if (expectation == null) throw new IllegalArgumentException("spec " + id + ": then(null)");
        return new Spec(id, title, description, sources, strength, declared, conditions, setup, steps,
                List.of(expectation), Spec.DEFAULT_HORIZON, faultSensitivity);
    }
}
