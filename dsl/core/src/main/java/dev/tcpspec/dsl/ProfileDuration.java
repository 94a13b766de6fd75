package dev.tcpspec.dsl;

import dev.tcpspec.trace.Trace;

import java.time.Duration;
import java.util.function.Function;

/**
 * A duration written in profile terms, resolved when a spec runs: {@code twoMsl()} is 240 s under
 * {@code rfc9293} and 60 s under {@code linux}. It describes itself for failure messages.
 *
 * <pre>{@code
 * ProfileDuration d = Tcp.twoMsl().plusTolerance();
 * Duration under = d.resolve(new Timing(Profile.linux(), Duration.ofMillis(2100)));   // 62.1 s
 * String text = d.describe();                                                      // "2×MSL + tolerance"
 * }</pre>
 */
public final class ProfileDuration {
    private final String description;
    private final Function<Timing, Duration> resolver;

    private ProfileDuration(String description, Function<Timing, Duration> resolver) {
        this.description = description;
        this.resolver = resolver;
    }

    /** A duration computed from the profile, described by {@code description} (e.g. {@code "2×MSL"}). */
    public static ProfileDuration of(String description, Function<Profile, Duration> fromProfile) {
        return new ProfileDuration(description, t -> fromProfile.apply(t.profile()));
    }

    /** A fixed duration. */
    public static ProfileDuration fixed(Duration d) {
        return new ProfileDuration(Trace.human(d.toNanos()), t -> d);
    }

    /** The duration under a profile and a stack's timing tolerance. */
    public Duration resolve(Timing timing) {
        Duration d = resolver.apply(timing);
        if (d == null) {
            throw new IllegalStateException(description + " is not defined by profile '" + timing.profile().name() + "'");
        }
        return d;
    }

    /** The duration under a profile, with no tolerance. */
    public Duration resolve(Profile profile) {
        return resolve(new Timing(profile, Duration.ZERO));
    }

    /** How the duration is written, e.g. {@code 2×MSL}. */
    public String describe() {
        return description;
    }

    /** This duration and its value under a profile: {@code 2×MSL (240 s)}. */
    public String describe(Timing timing) {
        return description + " (" + Trace.human(resolve(timing).toNanos()) + ")";
    }

    /** This duration plus the stack's timing tolerance (zero on the simulated stack). */
    public ProfileDuration plusTolerance() {
        return new ProfileDuration(description + " + tolerance", t -> resolve(t).plus(t.tolerance()));
    }

    /** This duration minus the stack's timing tolerance, never below zero. */
    public ProfileDuration minusTolerance() {
        return new ProfileDuration(description + " - tolerance", t -> {
            Duration d = resolve(t).minus(t.tolerance());
            return d.isNegative() ? Duration.ZERO : d;
        });
    }

    /** This duration plus another. */
    public ProfileDuration plus(ProfileDuration other) {
        return new ProfileDuration(description + " + " + other.description, t -> resolve(t).plus(other.resolve(t)));
    }

    /** This duration plus a fixed one. */
    public ProfileDuration plus(Duration other) {
        return plus(fixed(other));
    }

    /** This duration minus another (which may make it negative: keep it positive where it is waited out). */
    public ProfileDuration minus(ProfileDuration other) {
        return new ProfileDuration(description + " - " + other.description, t -> resolve(t).minus(other.resolve(t)));
    }

    /** This duration minus a fixed one. */
    public ProfileDuration minus(Duration other) {
        return new ProfileDuration(description + " - " + Trace.human(other.toNanos()), t -> resolve(t).minus(other));
    }

    /** This duration {@code factor} times: {@code initialRto().times(2)}. */
    public ProfileDuration times(long factor) {
        return new ProfileDuration(factor + "×(" + description + ")", t -> resolve(t).multipliedBy(factor));
    }

    /**
     * This duration as many times as a count of the profile says: {@code keepAliveInterval().times(keepAliveProbes())}
     * is 75 s × 9 under the default keepalive settings.
     */
    public ProfileDuration times(ProfileCount count) {
        if (count == null) throw new IllegalArgumentException("times(null): say how many times");
        return new ProfileDuration(count.describe() + "×(" + description + ")",
                t -> resolve(t).multipliedBy(count.resolve(t.profile())));
    }

    /** This duration divided by {@code divisor} (to the nanosecond): {@code challengeAckInterval().dividedBy(2)}. */
    public ProfileDuration dividedBy(long divisor) {
        if (divisor <= 0) throw new IllegalArgumentException("divide a duration by a positive number, not " + divisor);
        return new ProfileDuration("(" + description + ")/" + divisor, t -> resolve(t).dividedBy(divisor));
    }

    @Override
    public String toString() {
        return description;
    }
}
