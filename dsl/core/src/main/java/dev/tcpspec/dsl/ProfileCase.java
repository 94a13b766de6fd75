package dev.tcpspec.dsl;

import dev.tcpspec.trace.Trace;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An expectation that depends on a policy the profile states, for rules where stacks legitimately differ: TIME_WAIT
 * and RFC 1337, what a lingering close does when it times out, whether an orphaned FIN_WAIT_2 times out. One spec
 * then serves every profile, and its report says which branch applied.
 *
 * <pre>{@code
 * where(Profile::rfc1337, "TIME_WAIT ignores RST (RFC 1337)")
 *         .expect(client().holds(TIME_WAIT).forAtLeast(timeWait()))
 *         .otherwise(client().reaches(CLOSED).within(millis(2)))
 * }</pre>
 */
public final class ProfileCase {
    private final Predicate<Profile> test;
    private final String condition;

    ProfileCase(Predicate<Profile> test, String condition) {
        this.test = test;
        this.condition = condition;
    }

    /** What must hold under profiles that meet the condition (under others, nothing unless {@code otherwise}). */
    public Branches expect(Expectation... whenMet) {
        return new Branches(this, AllOf.of(whenMet), null);
    }

    /** The expectation for both kinds of profile. */
    public static final class Branches implements Expectation {
        private final ProfileCase when;
        private final Expectation met;
        private final Expectation unmet;

        private Branches(ProfileCase when, Expectation met, Expectation unmet) {
            this.when = when;
            this.met = met;
            this.unmet = unmet;
        }

        /** What must hold under profiles that do not meet the condition. */
        public Expectation otherwise(Expectation... whenUnmet) {
            return new Branches(when, met, AllOf.of(whenUnmet));
        }

        private Expectation chosen(Timing timing) {
            return chosen(timing.profile());
        }

        private Expectation chosen(Profile profile) {
            return when.test.test(profile) ? met : unmet;
        }

        /** E.g. {@code (a linger timeout keeps the orphan (Linux): not so under profile rfc9293) }. */
        private String branch(Profile profile) {
            return "(" + when.condition + (when.test.test(profile) ? "" : ": not so") + " under profile "
                    + profile.name() + ") ";
        }

        @Override
        public String describe() {
            return "where " + when.condition + ": " + met.describe()
                    + (unmet == null ? "" : "; otherwise: " + unmet.describe());
        }

        @Override
        public String describe(Timing timing) {
            Expectation e = chosen(timing);
            return branch(timing.profile()) + (e == null ? "nothing to check" : e.describe(timing));
        }

        @Override
        public Set<Capability> requires() {
            Set<Capability> all = EnumSet.noneOf(Capability.class);
            all.addAll(met.requires());
            if (unmet != null) all.addAll(unmet.requires());
            return all;
        }

        @Override
        public Set<Capability> requires(Profile profile) {
            Expectation e = chosen(profile);
            return e == null ? Set.of() : e.requires(profile);
        }

        /** The parts of the branch the profile chooses, each described with the branch; none without a branch. */
        @Override
        public List<Expectation> judgedParts(Profile profile) {
            Expectation e = chosen(profile);
            if (e == null) return List.of();
            List<Expectation> out = new ArrayList<>();
            for (Expectation part : e.judgedParts(profile)) out.add(new InBranch(branch(profile), part));
            return out;
        }

        /** Nothing to check under a profile without a branch is not a pass: it is not observed. */
        @Override
        public Judgement judge(Trace trace, Timing timing) {
            Expectation e = chosen(timing);
            return e == null ? Judgement.notObserved("the profile " + timing.profile().name() + " has no such rule: "
                    + "nothing to check") : e.judge(trace, timing);
        }
    }

    /** One part of a branch, described with the condition that chose it. */
    private record InBranch(String branch, Expectation part) implements Expectation {
        @Override
        public String describe() {
            return branch + part.describe();
        }

        @Override
        public String describe(Timing timing) {
            return branch + part.describe(timing);
        }

        @Override
        public Set<Capability> requires() {
            return part.requires();
        }

        @Override
        public Set<Capability> requires(Profile profile) {
            return part.requires(profile);
        }

        @Override
        public Judgement judge(Trace trace, Timing timing) {
            return part.judge(trace, timing);
        }
    }
}
