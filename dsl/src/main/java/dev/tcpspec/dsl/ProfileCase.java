package dev.tcpspec.dsl;

import dev.tcpspec.trace.Trace;

import java.util.EnumSet;
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
            return when.test.test(timing.profile()) ? met : unmet;
        }

        @Override
        public String describe() {
            return "where " + when.condition + ": " + met.describe()
                    + (unmet == null ? "" : "; otherwise: " + unmet.describe());
        }

        @Override
        public String describe(Timing timing) {
            Expectation e = chosen(timing);
            boolean holds = e == met;
            String branch = "(" + when.condition + (holds ? "" : ": not so") + " under profile "
                    + timing.profile().name() + ") ";
            return branch + (e == null ? "nothing to check" : e.describe(timing));
        }

        @Override
        public Set<Capability> requires() {
            Set<Capability> all = EnumSet.noneOf(Capability.class);
            all.addAll(met.requires());
            if (unmet != null) all.addAll(unmet.requires());
            return all;
        }

        @Override
        public Judgement judge(Trace trace, Timing timing) {
            Expectation e = chosen(timing);
            return e == null ? Judgement.holds("the profile has no such rule") : e.judge(trace, timing);
        }
    }
}
