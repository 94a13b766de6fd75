package dev.tcpspec.dsl;


import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An executable rule of the TCP connection lifecycle: metadata (id, title, sources, strength), a scenario (setup and
 * steps) and expectations judged on the trace of a run. Immutable: it can be listed, filtered, printed and run many
 * times, against any stack.
 *
 * <pre>{@code
 * Spec lingerZeroAborts =
 *     spec("LG-2", "SO_LINGER <1,0>: close sends RST, no FIN, and skips TIME_WAIT")
 *         .source(SEED, rfc(9293, "3.10.5"))
 *         .given(established().with(client().soLinger(true, 0)))
 *         .when(client().closes(), server().reads())
 *         .then(wire().carries(rst().from(client())))
 *         .and(wire().carriesNo(fin().from(client())))
 *         .and(client().neverEnters(TIME_WAIT))
 *         .and(server().read().fails(CONNECTION_RESET));
 *
 * SpecRunner.run(lingerZeroAborts, Stacks.simulated()).assertPasses();   // tcpspec-engine
 * }</pre>
 */
public final class Spec {
    /** A profile condition under which the spec applies. */
    record ProfileCondition(Predicate<Profile> applies, String reasonOtherwise) {
    }

    private final String id;
    private final String title;
    private final String description;
    private final List<Source> sources;
    private final Strength strength;
    private final Set<Capability> declared;
    private final List<ProfileCondition> conditions;
    private final Setup setup;
    private final List<Action> steps;
    private final List<Expectation> expectations;
    private final ProfileDuration horizon;
    private final String faultSensitivity;

    Spec(String id, String title, String description, List<Source> sources, Strength strength,
         Set<Capability> declared, List<ProfileCondition> conditions, Setup setup, List<Action> steps,
         List<Expectation> expectations, ProfileDuration horizon, String faultSensitivity) {
        this.id = id;
        this.title = title;
        this.description = description;
        this.sources = List.copyOf(sources);
        this.strength = strength;
        this.declared = declared.isEmpty() ? Set.of() : Set.copyOf(declared);
        this.conditions = List.copyOf(conditions);
        this.setup = setup;
        this.steps = List.copyOf(steps);
        this.expectations = List.copyOf(expectations);
        this.horizon = horizon;
        this.faultSensitivity = faultSensitivity;
    }

    /** Another expectation. */
    public Spec and(Expectation expectation) {
        List<Expectation> all = new ArrayList<>(expectations);
        all.add(expectation);
        return new Spec(id, title, description, sources, strength, declared, conditions, setup, steps, all, horizon,
                faultSensitivity);
    }

    /**
     * How long the stack is observed after the last step, at most, while timers run out (1 hour by default; the
     * simulated stack stops as soon as nothing is left to happen).
     */
    public Spec observingFor(ProfileDuration d) {
        return new Spec(id, title, description, sources, strength, declared, conditions, setup, steps, expectations, d,
                faultSensitivity);
    }

    /** The stable rule id from RULES.md, e.g. {@code TW-2}. */
    public String id() {
        return id;
    }

    /** The rule family: the id's prefix, e.g. {@code TW}. */
    public String family() {
        int dash = id.indexOf('-');
        return dash < 0 ? id : id.substring(0, dash);
    }

    /** The rule in one sentence. */
    public String title() {
        return title;
    }

    /** A longer explanation for reports, or empty. */
    public String description() {
        return description;
    }

    /** Where the rule comes from. */
    public List<Source> sources() {
        return sources;
    }

    /** How strongly the rule binds: MUST, SHOULD, MAY or PLATFORM. */
    public Strength strength() {
        return strength;
    }

    /** What exists before the steps. */
    public Setup setup() {
        return setup;
    }

    /** The scenario's steps, in order. */
    public List<Action> steps() {
        return steps;
    }

    /** The expectations as written (see {@link #judgedParts(Profile)} for how they are judged). */
    public List<Expectation> expectations() {
        return expectations;
    }

    /** How long the stack is observed after the last step, at most. */
    public ProfileDuration horizon() {
        return horizon;
    }

    /**
     * Why faults on the wire legitimately change what this spec observes, if it declares so
     * ({@link SpecStart#faultSensitive}); empty for a spec that should hold under any fault schedule.
     */
    public Optional<String> faultSensitivity() {
        return Optional.ofNullable(faultSensitivity);
    }

    /**
     * Every capability a stack needs to judge all of this spec: declared, and implied by setup, steps and
     * expectations. A stack lacking only some expectations' capabilities still runs the spec and judges the rest
     * ({@link #scenarioCapabilities()}, {@link #judgedParts(Profile)}).
     */
    public Set<Capability> requiredCapabilities() {
        Set<Capability> all = scenarioCapabilities();
        for (Expectation e : expectations) all.addAll(e.requires());
        return all;
    }

    /**
     * The capabilities a stack needs to carry out the scenario at all: declared with {@code requires(...)}, and
     * implied by the setup (faults, a chosen ISS, policy knobs) and the steps (injection, crash, dup). Without one
     * of them the spec is NOT_APPLICABLE.
     */
    public Set<Capability> scenarioCapabilities() {
        Set<Capability> all = EnumSet.noneOf(Capability.class);
        all.addAll(declared);
        all.addAll(setup.requires());
        for (Action a : steps) all.addAll(a.requires());
        return all;
    }

    /**
     * The expectations as they are judged, one by one, in a run under {@code base} (with the setup's policy knobs
     * applied): a profile-dependent expectation becomes the parts of the branch the profile chooses, a list of
     * expectations its members. Each part needs its own capabilities; a stack lacking them leaves that part not
     * judged, and the others are judged all the same.
     */
    public List<Expectation> judgedParts(Profile base) {
        Profile effective = effectiveProfile(base);
        List<Expectation> out = new ArrayList<>();
        for (Expectation e : expectations) out.addAll(e.judgedParts(effective));
        return out;
    }

    /** The profile a run under {@code base} holds the stack to: with the setup's policy knobs applied. */
    public Profile effectiveProfile(Profile base) {
        return setup.adjust(base);
    }

    /** Why the spec does not apply under {@code profile}, or empty if it does. */
    public Optional<String> notApplicableUnder(Profile profile) {
        Profile effective = effectiveProfile(profile);
        for (ProfileCondition c : conditions) {
            if (!c.applies().test(effective)) return Optional.of(c.reasonOtherwise() + " (profile " + profile.name() + ")");
        }
        return Optional.empty();
    }

    /** The whole spec as text: title, sources, setup, steps and expectations. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(id).append(" [").append(strength).append("] ").append(title).append('\n');
        if (!description.isEmpty()) sb.append("  ").append(description).append('\n');
        if (!sources.isEmpty()) {
            sb.append("  sources: ").append(String.join("; ", sources.stream().map(Source::text).toList())).append('\n');
        }
        sb.append("  given ").append(setup.describe()).append('\n');
        for (Action a : steps) sb.append("  when ").append(a.describe()).append('\n');
        for (Expectation e : expectations) sb.append("  then ").append(e.describe()).append('\n');
        return sb.toString();
    }

    @Override
    public String toString() {
        return id + " " + title;
    }

    static final ProfileDuration DEFAULT_HORIZON = ProfileDuration.fixed(Duration.ofHours(1));
}
