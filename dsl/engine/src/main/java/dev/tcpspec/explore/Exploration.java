package dev.tcpspec.explore;

import dev.tcpspec.dsl.FaultSpace;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.dsl.Spec;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.run.SpecRunner;
import dev.tcpspec.spi.StackAdapter;
import dev.tcpspec.wire.FaultSchedule;

import java.time.Duration;

/**
 * A property (a spec whose expectations must hold whatever the wire does) bound to a stack, a fault space, a number
 * of tries and a seed: run it for an {@link ExplorationResult}, assert it in a test, or turn it into a JUnit test
 * ({@code ExplorationTests.of(exploration)} of tcpspec-junit5).
 * Immutable; each setter returns a copy. Start from {@link Explore#spec(Spec)}.
 *
 * <p>Defaults: 1,000 tries, seed 1, {@link FaultSpace#defaults()} (up to 3 faults of every type), the stack's
 * default profile, 60 s per run. In tests ({@link #assertHolds()}, and the dynamic tests of tcpspec-junit5) the system properties
 * {@code tcpspec.seed}, {@code tcpspec.tries} and {@code tcpspec.maxFaults} override what the code says, so a
 * failure printed with its seed can be rerun with {@code -Dtcpspec.seed=N}, and CI can explore longer with
 * {@code -Dtcpspec.tries=100000}.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> closeUnderFaults() {
 *     return ExplorationTests.of(Explore.spec(orderlyClose).against(Stacks.simulated())
 *             .under(faults().maxFaults(3)).tries(2_000));
 * }
 *
 * @Test
 * void everyTwoFaultScheduleOfAClose() {
 *     Explore.spec(orderlyClose).against(Stacks.simulated()).under(faults().maxFaults(2)).exhaustive().assertHolds();
 * }
 * }</pre>
 */
public final class Exploration {
    /** The number of tries when none is given. */
    public static final int DEFAULT_TRIES = 1_000;

    private final Spec spec;
    private final StackAdapter stack;
    private final Profile profile;
    private final long seed;
    private final FaultSpace space;
    private final int tries;
    private final boolean exhaustive;
    private final Duration timeout;
    private final String stackArguments;

    private Exploration(Spec spec, StackAdapter stack, Profile profile, long seed, FaultSpace space, int tries,
                        boolean exhaustive, Duration timeout, String stackArguments) {
        this.spec = spec;
        this.stack = stack;
        this.profile = profile;
        this.seed = seed;
        this.space = space;
        this.tries = tries;
        this.exhaustive = exhaustive;
        this.timeout = timeout;
        this.stackArguments = stackArguments;
    }

    static Exploration of(Spec spec) {
        if (spec == null) throw new IllegalArgumentException("Explore.spec(null): say which property to explore");
        return new Exploration(spec, null, null, RunOptions.DEFAULT_SEED, FaultSpace.defaults(), DEFAULT_TRIES, false,
                RunOptions.DEFAULT_TIMEOUT, "");
    }

    /** The stack to explore: it needs fault injection and segment observation (the reference stack has both). */
    public Exploration against(StackAdapter s) {
        return new Exploration(spec, s, profile, seed, space, tries, exhaustive, timeout, stackArguments);
    }

    /** The faults that may be tried. */
    public Exploration under(FaultSpace s) {
        return new Exploration(spec, stack, profile, seed, s, tries, exhaustive, timeout, stackArguments);
    }

    /** How many runs a random exploration makes, the fault-free one included. */
    public Exploration tries(int n) {
        if (n < 1) throw new IllegalArgumentException("an exploration needs at least 1 try, not " + n);
        return new Exploration(spec, stack, profile, seed, space, n, exhaustive, timeout, stackArguments);
    }

    /** The seed of the schedule generator and of every run (ISNs, ports). */
    public Exploration seed(long s) {
        return new Exploration(spec, stack, profile, s, space, tries, exhaustive, timeout, stackArguments);
    }

    /** The profile the stack is held to (the stack's default when not given). */
    public Exploration withProfile(Profile p) {
        return new Exploration(spec, stack, p, seed, space, tries, exhaustive, timeout, stackArguments);
    }

    /**
     * Every schedule of the space instead of random ones: every combination of up to {@code maxFaults} faults, each
     * a drop, a duplicate, a landmark delay or a hold-back behind 1 or 2, aimed at the segments the runs send (a
     * schedule of k+1 faults extends one of k with a segment that the k-fault run sent, retransmissions included).
     * The number of tries is then ignored.
     */
    public Exploration exhaustive() {
        return new Exploration(spec, stack, profile, seed, space, tries, true, timeout, stackArguments);
    }

    /** How long one run may take before the exploration ends with ERROR (60 s by default). */
    public Exploration timeout(Duration t) {
        if (t == null || t.isZero() || t.isNegative()) {
            throw new IllegalArgumentException("the timeout per run must be positive, not " + t);
        }
        return new Exploration(spec, stack, profile, seed, space, tries, exhaustive, t, stackArguments);
    }

    /**
     * How the {@code tcpspec} command line selects this stack, e.g. {@code --mutant no-time-wait}, so that a failure's
     * reproduction hint names it (empty by default).
     */
    public Exploration withStackArguments(String arguments) {
        return new Exploration(spec, stack, profile, seed, space, tries, exhaustive, timeout,
                arguments == null ? "" : arguments.strip());
    }

    /**
     * A copy in which the system properties {@code tcpspec.seed}, {@code tcpspec.tries} and
     * {@code tcpspec.maxFaults}, where set, replace this exploration's values.
     *
     * @throws IllegalArgumentException if a property is set to something that is not a valid value (the message
     *                                  names the property and the value)
     */
    public Exploration withSystemProperties() {
        Exploration e = this;
        String s = System.getProperty(Explore.SEED_PROPERTY);
        if (s != null) e = e.seed(parse(Explore.SEED_PROPERTY, s, Long.MIN_VALUE));
        String t = System.getProperty(Explore.TRIES_PROPERTY);
        if (t != null) e = e.tries((int) parse(Explore.TRIES_PROPERTY, t, 1));
        String k = System.getProperty(Explore.MAX_FAULTS_PROPERTY);
        if (k != null) e = e.under(e.space.maxFaults((int) parse(Explore.MAX_FAULTS_PROPERTY, k, 0)));
        return e;
    }

    private static long parse(String property, String value, long min) {
        try {
            long v = Long.parseLong(value.strip().replace("_", ""));
            if (v < min || v > (min == Long.MIN_VALUE ? Long.MAX_VALUE : Integer.MAX_VALUE)) {
                throw new IllegalArgumentException("-D" + property + "=" + value + " is out of range: it must be at least "
                        + min);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + property + "=" + value + " is not a whole number");
        }
    }

    /** Explores now, with this exploration's own values (system properties are not read). */
    public ExplorationResult run() {
        if (stack == null) {
            throw new IllegalStateException("say which stack to explore " + spec.id()
                    + " on: Explore.spec(...).against(Stacks.simulated())");
        }
        return new Explorer(spec, stack, profile, seed, space, tries, exhaustive, timeout, stackArguments).run();
    }

    /** Runs the property once under {@code schedule}, with this exploration's profile and seed. */
    public SpecResult replay(FaultSchedule schedule) {
        if (stack == null) throw new IllegalStateException("say which stack to replay " + spec.id() + " on");
        return SpecRunner.run(spec, stack, RunOptions.defaults().withProfile(profile != null ? profile
                : stack.defaultProfile()).withSeed(seed).withTimeout(timeout).withExtraFaults(schedule));
    }

    /**
     * A shrinker that runs this property as the engine does (in the calling thread, with this exploration's profile,
     * seed and fault space), for shrinking a failing schedule found elsewhere.
     */
    public Shrinker shrinker() {
        if (stack == null) throw new IllegalStateException("say which stack to shrink " + spec.id() + " on");
        Profile p = profile != null ? profile : stack.defaultProfile();
        RunOptions options = RunOptions.defaults().withProfile(p).withSeed(seed).withTimeout(timeout);
        return new Shrinker(s -> SpecRunner.runInCallingThread(spec, stack, options.withExtraFaults(s)), space,
                new dev.tcpspec.dsl.Timing(p, stack.tolerance()));
    }

    /** For tests: explores (system properties applied) and throws with the shrunk counterexample on failure. */
    public ExplorationResult assertHolds() {
        ExplorationResult r = withSystemProperties().run();
        System.out.println(r.summaryLine() + "\n  statistics: " + r.stats().describe());
        return r.assertHolds();
    }

    /**
     * The name a test of this exploration shows: the spec, and the tries or "every schedule" and the fault bound after
     * the system properties are applied (this exploration's own values if they do not parse: the test then fails with
     * the message).
     */
    public String displayName() {
        Exploration shown;
        try {
            shown = withSystemProperties();
        } catch (IllegalArgumentException e) {
            shown = this;
        }
        return spec.id() + " under faults: " + spec.title() + " [" + (exhaustive ? "every schedule"
                : shown.tries + " tries") + ", up to " + shown.space.maxFaults() + " faults"
                + (shown.seed == RunOptions.DEFAULT_SEED ? "" : ", seed " + shown.seed) + "]";
    }

    public Spec spec() {
        return spec;
    }

    public StackAdapter stack() {
        return stack;
    }

    public Profile profile() {
        return profile;
    }

    public long seed() {
        return seed;
    }

    public FaultSpace space() {
        return space;
    }

    public int tries() {
        return tries;
    }

    public boolean isExhaustive() {
        return exhaustive;
    }

    @Override
    public String toString() {
        return spec.id() + " on " + (stack == null ? "(no stack yet)" : stack.name()) + ", " + space.describe()
                + (exhaustive ? ", exhaustive" : ", " + tries + " tries") + ", seed " + seed;
    }
}
